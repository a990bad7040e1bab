package market

import "github.com/pivotrisk/pivotrisk/internal/vmath"

// GPUTrend is the GPU rent's generational-decay path,
//
//	Ḡ(t) = F + M₀·e^(−δ·t),
//
// the rent of an H100-equivalent with no regime drift, noise or shocks:
// the technology trend alone (GPUParams, ColoParams). It is fixed for a
// market, and every State the market steps carries it (State.GPUTrend), so
// contracts can price a fleet or a term against it rather than against the
// spot rent alone (the GPU cloud does).
type GPUTrend struct {
	// FloorUSDPerHour is F, the rent's floor, USD per GPU-hour.
	FloorUSDPerHour float64
	// Margin0USDPerHour is M₀ = G₀ − F, the start rent's margin above
	// the floor, USD per GPU-hour.
	Margin0USDPerHour float64
	// DecayPerYear is δ, the generational decay of the margin, per year.
	DecayPerYear float64
}

// IsZero reports whether the trend is unset: F + M₀ is not positive, as in
// a State built by hand rather than by a Market.
func (g *GPUTrend) IsZero() bool { return !(g.FloorUSDPerHour+g.Margin0USDPerHour > 0) }

// At returns Ḡ(t), in USD per GPU-hour, t in years since the start.
func (g *GPUTrend) At(t float64) float64 {
	return g.FloorUSDPerHour + g.Margin0USDPerHour*vmath.Exp(-g.DecayPerYear*t)
}

// Mean returns the average of Ḡ over [a, b] (Ḡ(a) when b ≤ a), in USD per
// GPU-hour: F + M₀·(e^(−δa) − e^(−δb))/(δ·(b − a)).
func (g *GPUTrend) Mean(a, b float64) float64 {
	if !(b > a) {
		return g.At(a)
	}
	if g.DecayPerYear == 0 {
		return g.FloorUSDPerHour + g.Margin0USDPerHour
	}
	return g.FloorUSDPerHour + g.Margin0USDPerHour*(vmath.Exp(-g.DecayPerYear*a)-vmath.Exp(-g.DecayPerYear*b))/(g.DecayPerYear*(b-a))
}
