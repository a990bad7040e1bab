package lsm_test

import (
	"context"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/lsm"
)

// The American put of Longstaff and Schwartz's Table 1 (spot 36, strike
// 40, rate 6 %, volatility 20 %, one year, 50 exercise dates): simulate
// the stock, fit the exercise rule on one set of paths, price it on fresh
// paths of another seed. Paths come in antithetic pairs (path 2k+1 draws
// the opposite normals of path 2k), as in the paper.
func Example() {
	const (
		spot, strike, rate, vol = 36.0, 40.0, 0.06, 0.2
		dates, paths            = 50, 50_000
	)
	dt := 1.0 / dates
	simulate := func(seed uint64) *lsm.Samples {
		s := lsm.NewSamples(paths, dates, 1, false)
		for i := range paths {
			r := dist.New(seed, uint64(i&^1))
			r.SetMirror(i&1 == 1)
			x := spot
			for d := range dates {
				x *= math.Exp((rate-vol*vol/2)*dt + vol*math.Sqrt(dt)*r.Norm())
				s.StateAt(d, i)[0] = x / strike // the state the basis reads: S/K
				s.Exercise[s.At(d, i)] = math.Exp(-rate*dt*float64(d+1)) * max(strike-x, 0)
			}
		}
		return s
	}
	cfg := lsm.Config{
		Basis:         lsm.Laguerre{Vars: 1, Degree: 2}, // 1, L0, L1, L2 of S/K
		KnownExercise: true,                             // the payoff is known when deciding
		InMoneyOnly:   true,                             // regress on paths in the money
	}
	ctx := context.Background()
	rule, diag, err := lsm.Fit(ctx, simulate(1), cfg)
	if err != nil {
		panic(err)
	}
	p, err := lsm.Price(ctx, simulate(2), rule)
	if err != nil {
		panic(err)
	}
	v, se := lsm.MeanStdErr(p.Values, true) // from the pair means
	fmt.Printf("American put: %.3f ± %.3f (Longstaff–Schwartz Table 1: 4.472 ± 0.010)\n", v, se)
	fmt.Printf("half a year in: %d paths in the money regressed on, R² %.2f\n", diag.Dates[24].Paths, diag.Dates[24].R2[0])
	// Output:
	// American put: 4.468 ± 0.008 (Longstaff–Schwartz Table 1: 4.472 ± 0.010)
	// half a year in: 36473 paths in the money regressed on, R² 0.07
}
