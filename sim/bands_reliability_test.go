package sim

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Few values give several band quantiles the same rank: selectRanks must
// handle repeated ranks (FuzzConfigValidate found BandPaths 1 crashing the
// run) and still place the sorted order statistics.
func TestSelectRanksRepeated(t *testing.T) {
	r := dist.New(3, 0)
	for n := 1; n <= 40; n++ {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(int(r.Uniform() * 5)) // many ties too
		}
		want := slices.Clone(x)
		slices.Sort(want)
		var idx []int
		for _, p := range BandProbs {
			idx = append(idx, rank(n, p)-1)
		}
		got := slices.Clone(x)
		selectRanks(got, 0, n, idx)
		for _, k := range idx {
			if got[k] != want[k] {
				t.Errorf("n %d, ranks %v: x[%d] = %g, want %g", n, idx, k, got[k], want[k])
			}
		}
	}
}

// A run keeping bands of 1 to 20 paths completes, with sane bands equal to
// those of the same paths in a larger run's first slots.
func TestFewBandPaths(t *testing.T) {
	sc := shortDefault(1)
	for _, k := range []int{1, 2, 3, 5, 8, 13, 20} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			res, err := Run(context.Background(), sc, Config{Paths: MinSummaryPaths, Seed: 8, Workers: 2, BandPaths: k})
			if err != nil {
				t.Fatal(err)
			}
			if res.Bands.Paths != k {
				t.Errorf("bands from %d paths, want %d", res.Bands.Paths, k)
			}
			checkSane(t, fmt.Sprintf("%d band paths", k), res)
		})
	}
}
