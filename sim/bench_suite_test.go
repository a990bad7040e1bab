package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cputime"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// The benchmark suite. Every benchmark runs the default scenario (all
// market processes, pure mining, a 50 % hybrid and a full AI conversion,
// 120 monthly steps) and reports
//
//   - paths/s: paths per second of wall time (all strategies of a path);
//   - ns/step: wall nanoseconds per path-step (1e9 / (paths/s · steps));
//   - allocs/op and B/op per benchmark operation (one run of all its paths).
//
// BenchmarkFused is the hand-written reference (bench_fused_test.go);
// BenchmarkEngine runs the library's Run on the same model with the same
// outputs kept (per-path NPV, IRR and payback of every strategy; no fan
// charts); BenchmarkEngineBands adds the default fan charts. One run of
//
//	go test -run '^$' -bench 'Fused|Engine' ./sim/
//
// prints them side by side: the abstraction cost is Engine's ns/step over
// Fused's at the same worker count.

// benchWorkers returns the worker counts to measure: 1, 2 and all cores.
func benchWorkers() []int {
	ws := []int{1, 2}
	if n := runtime.GOMAXPROCS(0); n > 2 {
		ws = append(ws, n)
	}
	return ws
}

// reportThroughput reports paths/s and ns/step for b.N operations of paths
// paths each, and cpu-ns/step, the process's CPU time per path-step since
// cpu0 (all workers' time added up, garbage collection included).
func reportThroughput(b *testing.B, paths, steps int, cpu0 time.Duration) {
	b.Helper()
	sec := b.Elapsed().Seconds()
	done := float64(b.N) * float64(paths)
	b.ReportMetric(done/sec, "paths/s")
	b.ReportMetric(sec*1e9/(done*float64(steps)), "ns/step")
	if cpu := cputime.Process() - cpu0; cpu0 > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/(done*float64(steps)), "cpu-ns/step")
	}
}

// BenchmarkFused runs the hand-fused reference loop over paths
// [0, paths) with workers goroutines, each taking an equal share of the
// paths (the work per path is nearly constant), keeping each path's NPV,
// IRR and payback per strategy.
func BenchmarkFused(b *testing.B) {
	sc := model.DefaultScenario()
	sc.Coupling = site.NoCoupling() // the fused reference is the uncoupled model
	f, err := newFusedModel(&sc)
	if err != nil {
		b.Fatal(err)
	}
	for _, paths := range []int{1000, 10000} {
		for _, w := range benchWorkers() {
			b.Run(fmt.Sprintf("paths=%d/workers=%d", paths, w), func(b *testing.B) {
				outs := make([]fusedOut, paths)
				ps := make([]*fusedPath, w)
				for i := range ps {
					ps[i] = f.newPath()
				}
				b.ReportAllocs()
				cpu0 := cputime.Process()
				for b.Loop() {
					var wg sync.WaitGroup
					for i, p := range ps {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for k := i * paths / w; k < (i+1)*paths/w; k++ {
								f.path(p, 1, uint64(k), false, &outs[k])
							}
						}()
					}
					wg.Wait()
				}
				reportThroughput(b, paths, f.steps, cpu0)
			})
		}
	}
}

// BenchmarkEngine runs Run on the default scenario with the outputs of
// BenchmarkFused (no fan charts), statistics included.
func BenchmarkEngine(b *testing.B) {
	benchEngine(b, &BandSet{}, []int{1000, 10000})
}

// BenchmarkEngineBands runs Run with its default configuration: fan charts
// of every series from the first 2,000 paths.
func BenchmarkEngineBands(b *testing.B) {
	benchEngine(b, nil, []int{2000, 10000})
}

func benchEngine(b *testing.B, bands *BandSet, pathCounts []int) {
	sc := model.DefaultScenario()
	for _, paths := range pathCounts {
		for _, w := range benchWorkers() {
			b.Run(fmt.Sprintf("paths=%d/workers=%d", paths, w), func(b *testing.B) {
				cfg := Config{Paths: paths, Seed: 1, Workers: w, Bands: bands}
				b.ReportAllocs()
				steps := 0
				cpu0 := cputime.Process()
				for b.Loop() {
					res, err := Run(context.Background(), &sc, cfg)
					if err != nil {
						b.Fatal(err)
					}
					steps = res.Run.Steps
				}
				reportThroughput(b, paths, steps, cpu0)
			})
		}
	}
}

// BenchmarkAbstractionCost measures the engine's cost per path-step against
// the hand-fused loop's in one interleaved run: each operation runs the same
// 64 paths through the fused loop and through the engine as one batch (one
// worker's runChunk: the model, the cash flows, NPV, IRR and payback, which is
// all of a Run but the statistics), alternating which goes first, and the
// two are timed separately. Interleaving in short chunks exposes both to
// the same machine load, so ratio (engine time over fused time) is stable
// even on a shared machine where the separate Fused and Engine benchmarks
// are not. fused-ns/step and engine-ns/step are the wall times per
// path-step of each.
func BenchmarkAbstractionCost(b *testing.B) {
	const chunk = maxChunk // one batch of the engine
	sc := model.DefaultScenario()
	sc.Coupling = site.NoCoupling() // the fused reference is the uncoupled model
	f, err := newFusedModel(&sc)
	if err != nil {
		b.Fatal(err)
	}
	fp := f.newPath()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	r := newRun(plan, Config{Paths: MinSummaryPaths, Seed: 1, Workers: 1, Bands: &BandSet{}}.resolved())
	if err := r.makeWorkers(); err != nil {
		b.Fatal(err)
	}
	r.grow(chunk)
	w := r.workers[0]
	var out fusedOut
	var tFused, tEngine time.Duration
	next := uint64(0)
	b.ReportAllocs()
	for b.Loop() {
		fused := func() {
			t := time.Now()
			for i := range uint64(chunk) {
				f.path(fp, 1, next+i, false, &out)
			}
			tFused += time.Since(t)
		}
		engine := func() {
			t := time.Now()
			r.cfg.FirstPath = next
			if !w.runChunk(0, chunk) {
				b.Fatal(w.err)
			}
			tEngine += time.Since(t)
		}
		if next/chunk%2 == 0 {
			fused()
			engine()
		} else {
			engine()
			fused()
		}
		next += chunk
	}
	steps := float64(next) * float64(f.steps)
	b.ReportMetric(float64(tFused.Nanoseconds())/steps, "fused-ns/step")
	b.ReportMetric(float64(tEngine.Nanoseconds())/steps, "engine-ns/step")
	b.ReportMetric(float64(tEngine)/float64(tFused), "ratio")
}
