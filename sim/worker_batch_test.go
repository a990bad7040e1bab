package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
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

// TestBatchReportsLowestFailingPath makes paths fail at different steps,
// a later path of a batch at an earlier step than a lower one, and checks
// that Run reports, for 1, 2 and 8 workers, the failing path of lowest
// index, found from the strategy's own draws without the engine.
func TestBatchReportsLowestFailingPath(t *testing.T) {
	const seed, paths = 5, 1000
	sc := customOnly(1, lateFailure{})
	// Path i's strategy stream is (Substream(seed, 1), i) (model.Simulator.Reset).
	fail := make([]int, paths)
	want := -1
	for i := range paths {
		fail[i] = lateFailureStep(dist.New(dist.Substream(seed, 1), uint64(i)).Uniform())
		if fail[i] > 0 && want < 0 {
			want = i
		}
	}
	outOfOrder := false
	for i := want + 1; i < (want/maxChunk+1)*maxChunk && i < paths; i++ {
		outOfOrder = outOfOrder || (fail[i] > 0 && fail[i] < fail[want])
	}
	if want < 0 || !outOfOrder {
		t.Fatalf("seed %d: first failing path %d, and no later path of its batch fails earlier: the test does not test", seed, want)
	}
	for _, w := range []int{1, 2, 8} {
		_, err := Run(context.Background(), sc, Config{Paths: paths, Seed: seed, Workers: w})
		var pe *PathError
		if !errors.As(err, &pe) || pe.Path != uint64(want) || pe.Step != fail[want] {
			t.Errorf("workers %d: %v, want the PathError of path %d at step %d", w, err, want, fail[want])
		}
	}
}

// lateFailureStep returns the step at which a path whose Reset draw is u
// fails: 0 (never) for u ≥ 0.03, else 1–6, later the larger u.
func lateFailureStep(u float64) int {
	if u >= 0.03 {
		return 0
	}
	return 1 + int(u/0.03*6)
}

// lateFailure books 1 USD a step, and +Inf at the step lateFailureStep
// gives its Reset draw.
type lateFailure struct{}

func (lateFailure) Name() string { return "late failure" }
func (lateFailure) NewRunner(site.Env) (site.Runner, error) {
	return &lateFailureRunner{}, nil
}

type lateFailureRunner struct{ fail int }

func (r *lateFailureRunner) Reset(_ *market.State, rng *dist.Rand) {
	r.fail = lateFailureStep(rng.Uniform())
}

func (r *lateFailureRunner) Step(s *market.State, _ *dist.Rand, cf *site.CashFlow) {
	cf.MiningUSD = 1
	if s.Step == r.fail {
		cf.MiningUSD = math.Inf(1)
	}
}

// TestBatchSlotsBoundMemory checks the batch size: a whole chunk for the
// default monthly paths, fewer paths for long ones so that a worker's
// slots stay within maxBatchBytes, never fewer than one, never more than
// the run's paths.
func TestBatchSlotsBoundMemory(t *testing.T) {
	for _, tc := range []struct {
		n, steps, strategies int64
		npvOnly              bool
		want                 int64 // 0: check the bound only
	}{
		{100000, 120, 3, false, maxChunk},
		{10, 120, 3, false, 10},
		{100000, 30 * 365, 3, false, 0},
		{100000, 30 * 365, 3, true, 0},
		{100000, 1 << 16, 3, true, 0},
		{100000, 1 << 16, 400, true, 1},
	} {
		got := batchSlots(tc.n, tc.steps, tc.strategies, tc.npvOnly)
		bytes := got * slotBytes(tc.steps, tc.strategies, tc.npvOnly)
		switch {
		case tc.want != 0 && got != tc.want:
			t.Errorf("%+v: %d slots, want %d", tc, got, tc.want)
		case got < 1 || got > tc.n || got > maxChunk:
			t.Errorf("%+v: %d slots, want 1 to min(%d, n)", tc, got, maxChunk)
		case got > 1 && bytes > maxBatchBytes:
			t.Errorf("%+v: %d slots take %d B, more than %d", tc, got, bytes, maxBatchBytes)
		}
		if tc.steps == 30*365 && !(got > 1 && got < maxChunk) {
			t.Errorf("%+v: %d slots, want a batch cut to fit (between 1 and %d)", tc, got, maxChunk)
		}
	}
}
