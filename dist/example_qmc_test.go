package dist_test

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Randomized quasi-Monte Carlo with a Brownian bridge: the mean of the
// average over 12 monthly steps of the martingale exp(σW_t − σ²t/2), which
// is exactly 1. Path i takes its point from replicate i mod R; the spread
// of the R replicate means is the standard error of their average (16,384
// pseudo-random paths would give 1.5e-3).
func ExampleRQMC() {
	const reps, perRep, steps, sigma = 16, 1024, 12, 0.3
	times := make([]float64, steps)
	for k := range times {
		times[k] = float64(k+1) / 12
	}
	shocks, _ := dist.NewQMCShocks(dist.Identity(1), times, true) // one factor, bridged
	q, _ := dist.NewRQMC(shocks.Dim(), reps, 2026)
	u := make([]float64, q.Dim())
	z := make([]float64, shocks.Dim())
	scratch := make([]float64, shocks.ScratchLen())

	sums := make([]float64, reps)
	for path := range uint64(reps * perRep) {
		q.Point(path, u)
		shocks.Fill(z, u, nil, scratch)
		var w, prev, avg float64
		for k, t := range times {
			w += math.Sqrt(t-prev) * z[k]
			avg += math.Exp(sigma*w-sigma*sigma*t/2) / steps
			prev = t
		}
		sums[q.Replicate(path)] += avg
	}
	var mean, ss float64
	for _, s := range sums {
		mean += s / perRep / reps
	}
	for _, s := range sums {
		ss += (s/perRep - mean) * (s/perRep - mean)
	}
	se := math.Sqrt(ss / (reps - 1) / reps)
	fmt.Printf("mean %.4f (exact 1), standard error below 1e-4: %v\n", mean, se < 1e-4)
	// Output:
	// mean 1.0000 (exact 1), standard error below 1e-4: true
}
