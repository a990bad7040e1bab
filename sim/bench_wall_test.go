package sim

import (
	"context"
	"fmt"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// BenchmarkRunWall times one plain run of the default scenario (-sim.peakpaths
// paths, 120 steps, three strategies, fan charts and statistics included)
// on every core, with nothing else in the process: the wall time of
// BenchmarkPeakHeap without its heap sampler, whose reads of the runtime's
// heap statistics preempt the workers every 2 ms.
func BenchmarkRunWall(b *testing.B) {
	sc := model.DefaultScenario()
	n := *peakPaths
	for _, npvOnly := range []bool{false, true} {
		b.Run(fmt.Sprintf("paths=%d/npvOnly=%v", n, npvOnly), func(b *testing.B) {
			cfg := Config{Paths: n, Seed: 1, NPVSamplesOnly: npvOnly}
			var steps int
			for b.Loop() {
				res, err := Run(context.Background(), &sc, cfg)
				if err != nil {
					b.Fatal(err)
				}
				steps = res.Run.Steps
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(sec, "s/run")
			b.ReportMetric(sec*1e9/(float64(n)*float64(steps)), "ns/step")
		})
	}
}
