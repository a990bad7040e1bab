package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// BenchmarkPipelineOverhead runs the same paths of the default scenario
// directly (sim.Run, 2 workers) and as a pipeline of 8 shards on the
// prism runner in this process (each shard 2 workers), interleaved, and
// reports the pipeline's wall time over the direct run's
// (pipeline/direct), the direct run's seconds and the pipeline's.
//
//	cd beam && go test ./pipeline -run '^$' -bench PipelineOverhead -benchtime 3x
func BenchmarkPipelineOverhead(b *testing.B) {
	sc := model.DefaultScenario()
	cfg := sim.Config{Paths: 20000, Seed: 1, Workers: 2, Antithetic: true}
	v, err := NewVariant("default", &sc, cfg)
	if err != nil {
		b.Fatal(err)
	}
	var direct, pipe time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := sim.Run(context.Background(), &sc, cfg); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		p, s := beam.NewPipelineWithRoot()
		if _, err := Build(s, []Variant{v}, Options{Shards: 8, Samples: true}); err != nil {
			b.Fatal(err)
		}
		if err := ptest.Run(p); err != nil {
			b.Fatal(err)
		}
		direct += t1.Sub(t0)
		pipe += time.Since(t1)
	}
	b.ReportMetric(pipe.Seconds()/direct.Seconds(), "pipeline/direct")
	b.ReportMetric(direct.Seconds()/float64(b.N), "direct-s/op")
	b.ReportMetric(pipe.Seconds()/float64(b.N), "pipeline-s/op")
}
