package model

import "math"

// DiscountFactor returns the discount factor of step k (0 ≤ k ≤ Steps),
// (1+r)^(−k·dt) for r = DiscountRatePerYear, computed as
// exp(−k·dt·log1p(r)); it panics for k outside [0, Steps]. The plan
// computes the table once, so every pricer of its paths reads the same
// one.
func (p *Plan) DiscountFactor(k int) float64 { return p.disc[k] }

// discountTable returns (1+r)^(−k·dt) for k = 0..steps, as
// exp(−k·dt·log1p(r)).
func discountTable(r, dt float64, steps int) []float64 {
	t := make([]float64, steps+1)
	l := math.Log1p(r)
	for k := range t {
		t[k] = math.Exp(-float64(k) * dt * l)
	}
	return t
}
