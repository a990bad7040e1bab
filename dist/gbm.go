package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// GBM is geometric Brownian motion, dX/X = μ·dt + σ·dW, so that
// E[X_t] = X_0·e^{μt} and ln(X_t/X_0) ~ N((μ − σ²/2)t, σ²t).
//
// Step uses the exact log-space transition and draws nothing from a stream:
// its only randomness is the caller's shock z.
type GBM struct {
	// DriftPerYear is μ, the expected arithmetic return per year (any finite
	// value; for risk-neutral pricing it is the interest rate).
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is σ, the volatility of the log return per √year (≥ 0).
	VolPerYear float64 `json:"volPerYear"`
}

// NewGBM returns the GBM with drift driftPerYear and volatility volPerYear,
// or an error naming every invalid parameter.
func NewGBM(driftPerYear, volPerYear float64) (GBM, error) {
	g := GBM{DriftPerYear: driftPerYear, VolPerYear: volPerYear}
	if err := g.Validate(); err != nil {
		return GBM{}, err
	}
	return g, nil
}

// Validate requires a finite drift and a finite, non-negative volatility.
func (g GBM) Validate() error {
	var c valid.Checker
	c.Finite("driftPerYear", g.DriftPerYear)
	c.NonNegative("volPerYear", g.VolPerYear)
	return c.Err()
}

// Step returns the level dt years after x, with standard normal shock z:
// x·exp((μ − σ²/2)·dt + σ·√dt·z). It draws nothing from a stream. A dt that
// is not positive returns x.
func (g GBM) Step(x, dt, z float64) float64 {
	if !(dt > 0) {
		return x
	}
	s := g.VolPerYear
	return x * math.Exp((g.DriftPerYear-0.5*s*s)*dt+s*math.Sqrt(dt)*z)
}

// Advance implements PriceProcess; the regime is ignored and 0 is returned.
func (g GBM) Advance(x float64, _ int, dt, z float64, _ *Rand) (float64, int) {
	return g.Step(x, dt, z), 0
}

// Regimes returns 1.
func (g GBM) Regimes() int { return 1 }

// Mean returns E[X_t] = x0·e^{μt} for a start at x0 and horizon t ≥ 0 years.
func (g GBM) Mean(x0, t float64) float64 {
	return x0 * math.Exp(g.DriftPerYear*t)
}

// Variance returns Var[X_t] = x0²·e^{2μt}·(e^{σ²t} − 1) for a start at x0
// and horizon t ≥ 0 years.
func (g GBM) Variance(x0, t float64) float64 {
	m := g.Mean(x0, t)
	return m * m * math.Expm1(g.VolPerYear*g.VolPerYear*t)
}
