package sim

import (
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// BenchmarkCouplingCost measures the engine's cost per path-step of the
// default scenario with the site coupling on (model.DefaultScenario) and
// off (site.NoCoupling) in one interleaved run: each operation runs the
// same 64 paths through one worker as one batch (runChunk: the model, the
// cash flows, NPV, IRR and payback) of each, alternating which goes
// first, timed separately, so both see the same machine load.
// off-ns/step and on-ns/step are the wall times per path-step; ratio is
// on over off.
func BenchmarkCouplingCost(b *testing.B) {
	const chunk = maxChunk // one batch of the engine
	newWorker := func(coupling site.Coupling) (*run, *worker) {
		sc := model.DefaultScenario()
		sc.Coupling = coupling
		plan, err := model.NewPlan(&sc)
		if err != nil {
			b.Fatal(err)
		}
		r := newRun(plan, Config{Paths: MinSummaryPaths, Seed: 1, Workers: 1, Bands: &BandSet{}}.resolved())
		if err := r.makeWorkers(); err != nil {
			b.Fatal(err)
		}
		r.grow(chunk)
		return r, r.workers[0]
	}
	rOff, wOff := newWorker(site.NoCoupling())
	rOn, wOn := newWorker(site.DefaultCoupling())
	var tOff, tOn time.Duration
	next := uint64(0)
	b.ReportAllocs()
	for b.Loop() {
		pass := func(r *run, w *worker, total *time.Duration) {
			t := time.Now()
			r.cfg.FirstPath = next
			if !w.runChunk(0, chunk) {
				b.Fatal(w.err)
			}
			*total += time.Since(t)
		}
		if next/chunk%2 == 0 {
			pass(rOff, wOff, &tOff)
			pass(rOn, wOn, &tOn)
		} else {
			pass(rOn, wOn, &tOn)
			pass(rOff, wOff, &tOff)
		}
		next += chunk
	}
	steps := float64(next) * float64(rOff.plan.Steps())
	b.ReportMetric(float64(tOff.Nanoseconds())/steps, "off-ns/step")
	b.ReportMetric(float64(tOn.Nanoseconds())/steps, "on-ns/step")
	b.ReportMetric(float64(tOn)/float64(tOff), "ratio")
}
