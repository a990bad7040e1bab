// Command pivotbeam runs a pivotrisk study on Apache Beam: each scenario
// file given is one variant (its key is the file's base name without
// .json; none runs the default scenario as "default"), split into -shards
// shards per variant, run, merged exactly and written as OUT/KEY.json,
// each equal to a direct run of that scenario (examples/quickstart's
// -json) but for its timing figures.
//
// Runner flags are Beam's own. On this machine (prism, in-process):
//
//	go run ./cmd/pivotbeam -paths 1e5 -shards 16 -out /tmp/study
//
// On Flink (a job server for the Flink version at hand), on Dataflow:
//
//	go run ./cmd/pivotbeam --runner=flink --endpoint=localhost:8099 --environment_type=LOOPBACK -out /shared/study ...
//	go run ./cmd/pivotbeam --runner=dataflow --project=P --region=R --staging_location=gs://B/staging -out gs://B/study ...
//
// See beam/README.md for what was tested here and what was not.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/pivotrisk/pivotrisk/beam/pipeline"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

var (
	paths      = flag.Int("paths", 100_000, "paths per variant")
	seed       = flag.Uint64("seed", 1, "random seed")
	antithetic = flag.Bool("antithetic", true, "antithetic pairs")
	npvOnly    = flag.Bool("npv-only", false, "keep only NPV samples (Config.NPVSamplesOnly)")
	shards     = flag.Int("shards", 16, "shards per variant")
	compact    = flag.Bool("compact", false, "compact partials (see sim.Partial) instead of every path's samples")
	out        = flag.String("out", "", "directory (local, gs://…) for KEY.json, one per variant (required)")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background(), flag.Args()); err != nil {
		log.Printf("pivotbeam: %v", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, files []string) error {
	if *out == "" {
		return fmt.Errorf("-out: required")
	}
	cfg := sim.Config{Paths: *paths, Seed: *seed, Antithetic: *antithetic, NPVSamplesOnly: *npvOnly}
	var vs []pipeline.Variant
	if len(files) == 0 {
		sc := model.DefaultScenario()
		v, err := pipeline.NewVariant("default", &sc, cfg)
		if err != nil {
			return err
		}
		vs = append(vs, v)
	}
	for _, f := range files {
		sc, err := model.LoadScenarioFile(f)
		if err != nil {
			return err
		}
		v, err := pipeline.NewVariant(strings.TrimSuffix(filepath.Base(f), ".json"), &sc, cfg)
		if err != nil {
			return err
		}
		vs = append(vs, v)
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := pipeline.Build(s, vs, pipeline.Options{Shards: *shards, Samples: !*compact, OutDir: *out}); err != nil {
		return err
	}
	return beamx.Run(ctx, p)
}
