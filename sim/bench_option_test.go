package sim

import (
	"context"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
)

// BenchmarkRealOption times a real option on the default scenario: a
// one-block colocation option deciding every quarter over the ten years,
// fitted on 50,000 calibration paths and priced on 100,000 paths (in
// antithetic pairs) beside the default three strategies, against a plain
// run of the default scenario on the same 100,000 paths. It reports the
// wall time per pricing path-step of the whole (calibration, regression
// and pricing), the calibration's and the regression's shares of it, the
// calibration's time per calibration path-step, and the ratio to the plain
// run. It takes about a minute on two cores:
//
//	go test ./sim -run XXX -bench RealOption -benchtime 1x
func BenchmarkRealOption(b *testing.B) {
	const calib, paths = 50_000, 100_000
	plain := model.DefaultScenario()
	sc := model.DefaultScenario()
	o := model.DefaultRealOption()
	o.CalibrationPaths = calib
	sc.Strategies = append(sc.Strategies, model.NewRealOption(1, 1, nil, o))
	cfg := Config{Paths: paths, Seed: 1, Antithetic: true}
	for b.Loop() {
		start := time.Now()
		if _, err := Run(context.Background(), &plain, cfg); err != nil {
			b.Fatal(err)
		}
		plainSec := time.Since(start).Seconds()
		start = time.Now()
		res, err := Run(context.Background(), &sc, cfg)
		if err != nil {
			b.Fatal(err)
		}
		total := time.Since(start).Seconds()
		op := res.Options[0]
		steps := float64(res.Run.Steps)
		b.ReportMetric(total*1e9/(paths*steps), "ns/path-step")
		b.ReportMetric(op.SimulationSeconds*1e9/(calib*steps), "calib-ns/path-step")
		b.ReportMetric(op.SimulationSeconds/total, "calib-share")
		b.ReportMetric(op.RegressionSeconds/total, "regression-share")
		b.ReportMetric(total/plainSec, "x-plain")
		b.ReportMetric(plainSec*1e9/(paths*steps), "plain-ns/path-step")
	}
}
