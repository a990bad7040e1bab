package sim

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// BenchmarkRunDefault runs the default scenario (three strategies, 120
// monthly steps, bands on) at a few path and worker counts. It reports
// paths/s and ns/step (wall time per path-step, every strategy of the step
// included); allocs/op is per run and does not grow with paths.
func BenchmarkRunDefault(b *testing.B) {
	sc := model.DefaultScenario()
	workers := []int{1, 2}
	if n := runtime.GOMAXPROCS(0); n > 2 {
		workers = append(workers, n)
	}
	for _, paths := range []int{500, 2000} {
		for _, w := range workers {
			b.Run(fmt.Sprintf("paths=%d/workers=%d", paths, w), func(b *testing.B) {
				cfg := Config{Paths: paths, Seed: 1, Workers: w}
				b.ReportAllocs()
				var steps int
				for b.Loop() {
					res, err := Run(context.Background(), &sc, cfg)
					if err != nil {
						b.Fatal(err)
					}
					steps = res.Run.Steps
				}
				sec := b.Elapsed().Seconds()
				done := float64(b.N) * float64(paths)
				b.ReportMetric(done/sec, "paths/s")
				b.ReportMetric(sec*1e9/(done*float64(steps)), "ns/step")
			})
		}
	}
}

// BenchmarkRunPath times one path of the default scenario on one worker,
// IRR and payback included, without the statistics: the engine's hot loop.
func BenchmarkRunPath(b *testing.B) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	r := newRun(plan, Config{Paths: n, Seed: 1, Workers: 1}.resolved())
	if err := r.makeWorkers(); err != nil {
		b.Fatal(err)
	}
	r.grow(n)
	w := r.workers[0]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if pe := w.runPath(i % n); pe != nil {
			b.Fatal(pe)
		}
		i++
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/(float64(b.N)*float64(plan.Steps())), "ns/step")
}

// BenchmarkIRRDefaultPath times IRR on the flows of a default-scenario path
// (the full AI strategy, 121 flows), to compare with the path's cost.
func BenchmarkIRRDefaultPath(b *testing.B) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	r := newRun(plan, Config{Paths: 400, Seed: 1, Workers: 1}.resolved())
	if err := r.makeWorkers(); err != nil {
		b.Fatal(err)
	}
	r.grow(400)
	w := r.workers[0]
	if pe := w.runPath(0); pe != nil {
		b.Fatal(pe)
	}
	flows := w.slots[0].pr.irr[plan.NumStrategies()-1].flows
	b.ReportAllocs()
	for b.Loop() {
		IRR(flows)
	}
}
