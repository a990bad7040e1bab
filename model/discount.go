package model

import "math"

// DiscountFactor returns the discount factor of step k, (1+r)^(−k·dt) for
// r = DiscountRatePerYear, computed as exp(−k·dt·log1p(r)). The plan
// computes it once for k = 0..Steps, so every pricer of its paths reads
// the same table; any other k (after the horizon, or negative) is computed
// by the same formula.
func (p *Plan) DiscountFactor(k int) float64 {
	if uint(k) < uint(len(p.disc)) {
		return p.disc[k]
	}
	return discountFactor(p.env.Finance.DiscountRatePerYear, p.env.DtYears, k)
}

// discountTable returns discountFactor(r, dt, k) for k = 0..steps.
func discountTable(r, dt float64, steps int) []float64 {
	t := make([]float64, steps+1)
	for k := range t {
		t[k] = discountFactor(r, dt, k)
	}
	return t
}

// discountFactor returns exp(−k·dt·log1p(r)), (1+r)^(−k·dt).
func discountFactor(r, dt float64, k int) float64 {
	return math.Exp(-float64(k) * dt * math.Log1p(r))
}
