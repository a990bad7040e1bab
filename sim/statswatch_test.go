package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
)

// TestRunStopsDuringStatistics cancels a run's context at each piece of
// its statistics phase (each strategy's summary, each comparison, the
// bands) through the phase observer: Run must return context.Canceled, and
// no piece after the one being done when the context was cancelled may
// start. (Before, the statistics ignored the context: a run cancelled
// after its last path computed every summary, comparison and band, 4.8 s
// at 4 million paths, and returned a Result.)
func TestRunStopsDuringStatistics(t *testing.T) {
	sc := model.DefaultScenario()
	type piece struct {
		phase string
		index int
	}
	for _, at := range []piece{{"summary", 0}, {"summary", 2}, {"comparison", 1}, {"comparison", 2}, {"bands", 0}, {"done", 0}} {
		t.Run(fmt.Sprintf("%s %d", at.phase, at.index), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var seen []piece
			ctx = context.WithValue(ctx, statsPhaseKey{}, func(phase string, index int) {
				seen = append(seen, piece{phase, index})
				if (piece{phase, index}) == at {
					cancel()
				}
			})
			res, err := Run(ctx, &sc, Config{Paths: 400, Seed: 2, Workers: 2})
			require.ErrorIs(t, err, context.Canceled)
			require.Nil(t, res)
			require.NotEmpty(t, seen)
			require.Equal(t, at, seen[len(seen)-1], "pieces started: %v", seen)
		})
	}
}

// TestSortStoppable sorts random samples of several sizes as slices.Sort
// does (the same values in the same order), and stops when asked: with a
// stop that reports true from its k-th look on, it returns false, leaving
// a permutation of the values, for samples large enough to be split.
func TestSortStoppable(t *testing.T) {
	r := dist.New(3, 0)
	for _, n := range []int{0, 1, 5, sortChunk, sortChunk + 1, 3*sortChunk + 17, 1 << 20} {
		x := make([]float64, n)
		for i := range x {
			x[i] = r.Norm()
			if i%7 == 0 {
				x[i] = float64(int(x[i] * 3)) // ties
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		got := slices.Clone(x)
		require.True(t, sortStoppable(got, func() bool { return false }), "n = %d", n)
		require.Equal(t, want, got, "n = %d", n)
		if n <= sortChunk {
			continue
		}
		for _, k := range []int{0, 1, 3} {
			if k > 1 && n < 1<<20 {
				continue // a range barely above sortChunk takes only two looks
			}
			looks := 0
			got := slices.Clone(x)
			ok := sortStoppable(got, func() bool { looks++; return looks > k })
			require.False(t, ok, "n = %d, stop after %d looks", n, k)
			slices.Sort(got)
			require.Equal(t, want, got, "n = %d: not a permutation after stopping", n)
		}
	}
	// A stopped summary reports errStatsStopped.
	npv := make([]float64, 4*sortChunk)
	for i := range npv {
		npv[i] = r.Norm()
	}
	nan := make([]float64, len(npv))
	for i := range nan {
		nan[i] = math.NaN()
	}
	_, err := summarize("x", npv, nan, nan, nil, func() bool { return true })
	require.True(t, errors.Is(err, errStatsStopped), "%v", err)
}
