package sim

import (
	"context"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// TestShardedTargetRounds: a target-standard-error study run as rounds of
// shards (NextTargetEnd, Partial.Grow) stops where a single target-mode
// Run stops, with the same summaries and comparisons.
func TestShardedTargetRounds(t *testing.T) {
	sc := model.DefaultScenario()
	const target, maxPaths = 1.5e6, 20000
	cfg := Config{Paths: 2048, Seed: 9, Workers: 2, Antithetic: true, BandPaths: 1000}
	single := cfg
	single.TargetStdErrUSD, single.MaxPaths = target, maxPaths
	want, err := Run(context.Background(), &sc, single)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Run.BatchEnds) < 2 {
		t.Fatalf("the single run stopped after %v: pick a target that needs two rounds", want.Run.BatchEnds)
	}
	var acc *Partial
	n := 0
	ends := []int{}
	for {
		end := cfg.Paths
		if acc != nil {
			end = NextTargetEnd(n, acc.MaxStderr(), target, maxPaths)
			if end == n {
				break
			}
			if acc, err = acc.Grow(end); err != nil {
				t.Fatal(err)
			}
		}
		round := cfg
		round.Paths = end
		parts := runShards(t, &sc, round, []PathRange{{uint64(n), uint64((n + end) / 2 &^ 1)}, {uint64((n + end) / 2 &^ 1), uint64(end)}}, PartialOptions{Samples: true})
		if acc != nil {
			parts = append(parts, acc)
		}
		if acc, err = MergePartials(parts...); err != nil {
			t.Fatal(err)
		}
		n = end
		ends = append(ends, end)
	}
	got, err := acc.Result(context.Background(), &sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ends) != len(want.Run.BatchEnds) || ends[len(ends)-1] != want.Run.Paths {
		t.Fatalf("rounds ended at %v, the single run's batches at %v", ends, want.Run.BatchEnds)
	}
	for j := range want.Strategies {
		if got.Strategies[j] != want.Strategies[j] {
			t.Errorf("%s: sharded %+v, single %+v", want.Strategies[j].Name, got.Strategies[j], want.Strategies[j])
		}
	}
	for j := range want.Comparisons {
		if got.Comparisons[j] != want.Comparisons[j] {
			t.Errorf("comparison %d differs", j)
		}
	}
}
