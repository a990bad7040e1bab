package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Merton is jump-diffusion (Merton, "Option pricing when underlying stock
// returns are discontinuous", Journal of Financial Economics 3, 1976): GBM
// plus a compound Poisson process of log jumps,
//
//	dX/X_− = (μ − λk)·dt + σ·dW + (e^J − 1)·dN,  J ~ N(m, s²),  N Poisson(λ),
//
// with k = E[e^J] − 1 = e^{m+s²/2} − 1. The compensator λk is handled inside,
// so DriftPerYear is the expected arithmetic return including jumps:
// E[X_t] = X_0·e^{μt}.
//
// Step draws from the stream exactly one uniform for the jump count (Poisson
// by inversion, when the expected count λ·dt is at most 12; above that the
// count needs a varying number of uniforms) and exactly one normal for the
// summed jump size (the sum of n iid N(m, s²) is N(n·m, n·s²)), even when no
// jump occurs, so antithetic streams stay aligned. With λ = 0 it draws only
// that normal.
type Merton struct {
	// DriftPerYear is μ, the expected arithmetic return per year including
	// jumps (any finite value; the interest rate for risk-neutral pricing).
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is σ, the diffusion volatility per √year (≥ 0).
	VolPerYear float64 `json:"volPerYear"`
	// JumpsPerYear is λ, the expected number of jumps per year (≥ 0).
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is m, the mean of a log jump J (in [−50, 50]).
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is s, the standard deviation of a log jump J (in [0, 5]).
	JumpSDLog float64 `json:"jumpSDLog"`
}

// NewMerton returns the Merton jump-diffusion with the given parameters (see
// the field docs), or an error naming every invalid parameter.
func NewMerton(driftPerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog float64) (Merton, error) {
	m := Merton{
		DriftPerYear: driftPerYear,
		VolPerYear:   volPerYear,
		JumpsPerYear: jumpsPerYear,
		JumpMeanLog:  jumpMeanLog,
		JumpSDLog:    jumpSDLog,
	}
	if err := m.Validate(); err != nil {
		return Merton{}, err
	}
	return m, nil
}

// Validate requires a finite drift, a finite non-negative volatility and
// jump intensity, JumpMeanLog in [−50, 50] and JumpSDLog in [0, 5].
func (m Merton) Validate() error {
	var c valid.Checker
	c.Finite("driftPerYear", m.DriftPerYear)
	c.NonNegative("volPerYear", m.VolPerYear)
	checkJumps(&c, m.JumpsPerYear, m.JumpMeanLog, m.JumpSDLog)
	return c.Err()
}

// JumpExpMinusOne returns k = E[e^J] − 1 = e^{m+s²/2} − 1, the expected
// relative size of one jump.
func (m Merton) JumpExpMinusOne() float64 {
	return math.Expm1(m.JumpMeanLog + 0.5*m.JumpSDLog*m.JumpSDLog)
}

// Step returns the level dt years after x, with standard normal diffusion
// shock z and the jump count and summed jump size drawn from r (see the type
// doc for the exact draws). A dt that is not positive returns x and draws
// nothing.
func (m Merton) Step(x, dt, z float64, r *Rand) float64 {
	if !(dt > 0) {
		return x
	}
	n := float64(r.Poisson(m.JumpsPerYear * dt))
	zj := r.Norm()
	s := m.VolPerYear
	logRet := (m.DriftPerYear-m.JumpsPerYear*m.JumpExpMinusOne()-0.5*s*s)*dt +
		s*math.Sqrt(dt)*z +
		n*m.JumpMeanLog + math.Sqrt(n)*m.JumpSDLog*zj
	return x * math.Exp(logRet)
}

// Advance implements PriceProcess; the regime is ignored and 0 is returned.
func (m Merton) Advance(x float64, _ int, dt, z float64, r *Rand) (float64, int) {
	return m.Step(x, dt, z, r), 0
}

// Regimes returns 1.
func (m Merton) Regimes() int { return 1 }

// Mean returns E[X_t] = x0·e^{μt} for a start at x0 and horizon t ≥ 0 years.
func (m Merton) Mean(x0, t float64) float64 {
	return x0 * math.Exp(m.DriftPerYear*t)
}

// Variance returns Var[X_t] for a start at x0 and horizon t ≥ 0 years:
// x0²·e^{2μt}·(exp(σ²t + λt·(E[e^{2J}] − 1 − 2k)) − 1), with
// E[e^{2J}] = e^{2m+2s²}.
func (m Merton) Variance(x0, t float64) float64 {
	mean := m.Mean(x0, t)
	s, sj := m.VolPerYear, m.JumpSDLog
	// E[(e^J − 1)²] = (E[e^{2J}] − 1) − 2k, both terms by expm1 for accuracy
	// when jumps are small.
	sq := math.Expm1(2*m.JumpMeanLog+2*sj*sj) - 2*m.JumpExpMinusOne()
	return mean * mean * math.Expm1(s*s*t+m.JumpsPerYear*t*sq)
}
