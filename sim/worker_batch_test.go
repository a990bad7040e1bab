package sim

import (
	"fmt"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// TestBatchDoesNotAllocate runs whole batches of a worker (the fan
// charts, an observer, plain, antithetic and quasi-Monte Carlo paths) and
// checks that, once each slot has begun a path, a batch allocates
// nothing.
func TestBatchDoesNotAllocate(t *testing.T) {
	for _, cfg := range []Config{
		{Paths: 400, Seed: 1, Workers: 1},
		{Paths: 400, Seed: 1, Workers: 1, Antithetic: true},
		{Paths: 400, Seed: 1, Workers: 1, Sampling: RQMC, Replicates: 4},
	} {
		t.Run(fmt.Sprintf("antithetic=%v/sampling=%s", cfg.Antithetic, cfg.Sampling), func(t *testing.T) {
			plan, err := model.NewPlan(shortDefault(3))
			if err != nil {
				t.Fatal(err)
			}
			cfg.Observers = []Observer{&lowCash{}}
			r := newRun(plan, cfg.resolved())
			if r.qmc, err = cfg.QMC(plan); err != nil {
				t.Fatal(err)
			}
			if err := r.makeWorkers(); err != nil {
				t.Fatal(err)
			}
			r.grow(400)
			w := r.workers[0]
			n := w.batch.Capacity()
			if n != maxChunk {
				t.Fatalf("batch capacity %d, want %d", n, maxChunk)
			}
			lo := 0
			if a := testing.AllocsPerRun(8, func() {
				if !w.runChunk(lo, lo+n) {
					t.Fatal(w.err)
				}
				lo = (lo + n) % (400 - n)
			}); a != 0 {
				t.Errorf("a batch of %d paths allocates %v times, want 0", n, a)
			}
		})
	}
}
