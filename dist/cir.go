package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// CIR is the Cox–Ingersoll–Ross square-root process
// dX = κ(θ − X)·dt + σ·√X·dW (Cox, Ingersoll and Ross, "A theory of the term
// structure of interest rates", Econometrica 53, 1985), which stays
// non-negative. It reaches 0 only when the Feller condition 2κθ ≥ σ² fails;
// no condition is required here.
//
// Step samples the exact transition: X_t is c times a noncentral chi-square
// variate with d = 4κθ/σ² degrees of freedom and noncentrality
// λ = X_0·e^{−κt}/c, where c = σ²(1 − e^{−κt})/(4κ) (Glasserman, "Monte Carlo
// Methods in Financial Engineering", 2004, §3.4; Broadie and Kaya, Operations
// Research 54, 2006). The noncentral chi-square is drawn as a Poisson mixture
// of central ones: N ~ Poisson(λ/2), then X_t = c·χ²_{d+2N} = 2c·Gamma(d/2 + N).
// CIR has no caller-supplied shock: all its randomness is drawn from the
// stream, and the number of draws varies (Poisson by rejection when λ/2 > 12,
// gamma by Marsaglia–Tsang rejection), so a caller that pairs antithetic
// paths should give CIR its own stream (see Substream).
//
// The long-run mean θ is the field Level (a field cannot share the name of
// the Mean method).
type CIR struct {
	// Level is θ, the long-run mean (≥ 0, units of X).
	Level float64 `json:"level"`
	// SpeedPerYear is κ, the mean-reversion speed per year (≥ 0).
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, the volatility coefficient per √year, in units of √X
	// (≥ 0): the instantaneous standard deviation is σ·√X.
	VolPerYear float64 `json:"volPerYear"`
}

// NewCIR returns the CIR process with long-run mean level, speed
// speedPerYear and volatility volPerYear, or an error naming every invalid
// parameter.
func NewCIR(level, speedPerYear, volPerYear float64) (CIR, error) {
	c := CIR{Level: level, SpeedPerYear: speedPerYear, VolPerYear: volPerYear}
	if err := c.Validate(); err != nil {
		return CIR{}, err
	}
	return c, nil
}

// Validate requires a finite, non-negative level, speed and volatility.
func (c CIR) Validate() error {
	var v valid.Checker
	v.NonNegative("level", c.Level)
	v.NonNegative("speedPerYear", c.SpeedPerYear)
	v.NonNegative("volPerYear", c.VolPerYear)
	return v.Err()
}

// Step returns the value dt years after x ≥ 0 (a negative x is treated as 0),
// drawn from the exact transition with randomness from r. With zero
// volatility the step is deterministic and draws nothing. A dt that is not
// positive returns x and draws nothing.
func (c CIR) Step(x, dt float64, r *Rand) float64 {
	if !(dt > 0) {
		return x
	}
	x = math.Max(x, 0)
	if c.VolPerYear == 0 {
		return c.Mean(x, dt)
	}
	k, s2 := c.SpeedPerYear, c.VolPerYear*c.VolPerYear
	scale := s2 * decayIntegral(k, dt) / 4
	d := 4 * k * c.Level / s2
	nc := x * math.Exp(-k*dt) / scale
	n := r.Poisson(nc / 2)
	return 2 * scale * r.Gamma(d/2+float64(n))
}

// Mean returns E[X_t] = θ + (x0 − θ)·e^{−κt} for a start at x0 and a horizon
// of t ≥ 0 years.
func (c CIR) Mean(x0, t float64) float64 {
	return c.Level + (x0-c.Level)*math.Exp(-c.SpeedPerYear*t)
}

// Variance returns Var[X_t] = x0·(σ²/κ)·(e^{−κt} − e^{−2κt}) +
// θ·(σ²/(2κ))·(1 − e^{−κt})² for a start at x0 and a horizon of t ≥ 0 years
// (x0·σ²·t when κ = 0).
func (c CIR) Variance(x0, t float64) float64 {
	k, s2 := c.SpeedPerYear, c.VolPerYear*c.VolPerYear
	g := decayIntegral(k, t) // (1 − e^{−κt})/κ
	return x0*s2*math.Exp(-k*t)*g + c.Level*s2*k*g*g/2
}
