package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// OU is the Ornstein–Uhlenbeck process dX = κ(θ − X)·dt + σ·dW (Uhlenbeck and
// Ornstein, "On the theory of the Brownian motion", Physical Review 36,
// 1930). Its transition is Gaussian:
//
//	X_t = θ + (X_0 − θ)·e^{−κt} + σ·√((1 − e^{−2κt})/(2κ))·Z,
//
// which Step uses exactly, so any dt gives the exact law. Speed 0 is Brownian
// motion with volatility σ (the long-run level is then irrelevant). Step
// draws nothing from a stream.
//
// The long-run mean θ is the field Level (a field cannot share the name of
// the Mean method).
type OU struct {
	// Level is θ, the long-run mean the process reverts to (any finite value,
	// in the units of X).
	Level float64 `json:"level"`
	// SpeedPerYear is κ, the mean-reversion speed per year (≥ 0); ln 2/κ is
	// the half-life of a deviation in years.
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, the volatility per √year in the units of X (≥ 0).
	VolPerYear float64 `json:"volPerYear"`
}

// NewOU returns the Ornstein–Uhlenbeck process with long-run mean level,
// speed speedPerYear and volatility volPerYear, or an error naming every
// invalid parameter.
func NewOU(level, speedPerYear, volPerYear float64) (OU, error) {
	o := OU{Level: level, SpeedPerYear: speedPerYear, VolPerYear: volPerYear}
	if err := o.Validate(); err != nil {
		return OU{}, err
	}
	return o, nil
}

// Validate requires a finite level and a finite, non-negative speed and
// volatility.
func (o OU) Validate() error {
	var c valid.Checker
	c.Finite("level", o.Level)
	c.NonNegative("speedPerYear", o.SpeedPerYear)
	c.NonNegative("volPerYear", o.VolPerYear)
	return c.Err()
}

// Step returns the value dt years after x, with standard normal shock z,
// from the exact Gaussian transition. A dt that is not positive returns x.
func (o OU) Step(x, dt, z float64) float64 {
	if !(dt > 0) {
		return x
	}
	return o.Mean(x, dt) + math.Sqrt(o.Variance(dt))*z
}

// Mean returns E[X_t] = θ + (x0 − θ)·e^{−κt} for a start at x0 and horizon
// t ≥ 0 years.
func (o OU) Mean(x0, t float64) float64 {
	return o.Level + (x0-o.Level)*math.Exp(-o.SpeedPerYear*t)
}

// Variance returns Var[X_t] = σ²·(1 − e^{−2κt})/(2κ) (σ²t when κ = 0) for a
// horizon of t ≥ 0 years; it does not depend on the start.
func (o OU) Variance(t float64) float64 {
	return o.VolPerYear * o.VolPerYear * decayIntegral(2*o.SpeedPerYear, t)
}

// ExpOU is an exponential Ornstein–Uhlenbeck process with mean-reverting
// jumps: ln X is an OU process around ln(Level) plus a compound Poisson
// process of log jumps whose effect decays with the mean reversion: the
// one-factor spot model of E. Schwartz ("The stochastic behavior of commodity
// prices", Journal of Finance 52, 1997) with the log jumps of the
// mean-reverting jump-diffusion of Cartea and Figueroa ("Pricing in
// electricity markets", Applied Mathematical Finance 12, 2005). With Y = ln X,
//
//	dY = κ(ln L − Y)·dt + σ·dW + J·dN,  J ~ N(m, s²),  N Poisson(λ),
//
// so over a step dt, with jumps at times τᵢ inside the step,
//
//	Y_dt = ln L + (Y_0 − ln L)·e^{−κ·dt} + σ·√((1 − e^{−2κ·dt})/(2κ))·Z + Σ Jᵢ·e^{−κ(dt−τᵢ)}.
//
// Step samples this exactly: the jump count, then one uniform time per jump,
// then the weighted jump sum, which given the times is
// N(m·Σwᵢ, s²·Σwᵢ²) with wᵢ = e^{−κ(dt−τᵢ)} and takes a single normal. It
// draws one uniform for the count (while λ·dt ≤ 12), one uniform per jump
// and always exactly one normal, so the number of draws varies with the
// number of jumps (a caller that needs antithetic alignment beyond the first
// jump can give ExpOU its own stream, see Substream).
//
// Level is the long-run median of X without jumps (the stationary law of Y
// without jumps is N(ln L, σ²/(2κ))); jumps shift the long-run mean of Y by
// λm/κ.
//
// The floor. When Floor > 0, a step that would end below Floor ends at Floor
// exactly, and the next step starts from Floor (the level is truncated at the
// step's end and the process continues from the floored value; the path
// between grid points is not monitored). Results then depend on the step
// grid; LogMean and LogVariance describe the process without the floor.
type ExpOU struct {
	// Level is L, the long-run median of X without jumps (> 0, units of X).
	Level float64 `json:"level"`
	// SpeedPerYear is κ, the mean-reversion speed of ln X per year (≥ 0); it
	// also sets how fast a jump decays.
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, the volatility of ln X per √year (≥ 0).
	VolPerYear float64 `json:"volPerYear"`
	// Floor is the lowest level a step can end at (≥ 0, units of X); 0 means
	// no floor. See the type doc.
	Floor float64 `json:"floor"`
	// JumpsPerYear is λ, the expected number of jumps of ln X per year (≥ 0).
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is m, the mean of a log jump (in [−50, 50]).
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is s, the standard deviation of a log jump (in [0, 5]).
	JumpSDLog float64 `json:"jumpSDLog"`
}

// NewExpOU returns the exponential OU process with the given parameters (see
// the field docs), or an error naming every invalid parameter.
func NewExpOU(level, speedPerYear, volPerYear, floor, jumpsPerYear, jumpMeanLog, jumpSDLog float64) (ExpOU, error) {
	e := ExpOU{
		Level:        level,
		SpeedPerYear: speedPerYear,
		VolPerYear:   volPerYear,
		Floor:        floor,
		JumpsPerYear: jumpsPerYear,
		JumpMeanLog:  jumpMeanLog,
		JumpSDLog:    jumpSDLog,
	}
	if err := e.Validate(); err != nil {
		return ExpOU{}, err
	}
	return e, nil
}

// Validate requires a positive finite level, finite non-negative speed,
// volatility, floor and jump intensity, JumpMeanLog in [−50, 50] and
// JumpSDLog in [0, 5].
func (e ExpOU) Validate() error {
	var c valid.Checker
	c.Positive("level", e.Level)
	c.NonNegative("speedPerYear", e.SpeedPerYear)
	c.NonNegative("volPerYear", e.VolPerYear)
	c.NonNegative("floor", e.Floor)
	checkJumps(&c, e.JumpsPerYear, e.JumpMeanLog, e.JumpSDLog)
	return c.Err()
}

// Step returns the level dt years after x (x > 0), with standard normal
// diffusion shock z and the jumps drawn from r (see the type doc), floored at
// Floor. A dt that is not positive returns x and draws nothing.
func (e ExpOU) Step(x, dt, z float64, r *Rand) float64 {
	if !(dt > 0) {
		return x
	}
	k := e.SpeedPerYear
	lnL := math.Log(e.Level)
	y := lnL + (math.Log(x)-lnL)*math.Exp(-k*dt) +
		e.VolPerYear*math.Sqrt(decayIntegral(2*k, dt))*z
	n := r.Poisson(e.JumpsPerYear * dt)
	var w1, w2 float64
	for i := int64(0); i < n; i++ {
		// dt − τ is uniform on (0, dt) when τ is.
		w := math.Exp(-k * dt * r.Uniform())
		w1 += w
		w2 += w * w
	}
	zj := r.Norm()
	y += e.JumpMeanLog*w1 + e.JumpSDLog*math.Sqrt(w2)*zj
	x = math.Exp(y)
	if x < e.Floor {
		return e.Floor
	}
	return x
}

// LogMean returns E[ln X_t] without the floor, for a start at x0 > 0 and a
// horizon of t ≥ 0 years: ln L + (ln x0 − ln L)·e^{−κt} + λm·(1 − e^{−κt})/κ
// (λmt when κ = 0).
func (e ExpOU) LogMean(x0, t float64) float64 {
	k := e.SpeedPerYear
	lnL := math.Log(e.Level)
	return lnL + (math.Log(x0)-lnL)*math.Exp(-k*t) + e.JumpsPerYear*e.JumpMeanLog*decayIntegral(k, t)
}

// LogVariance returns Var[ln X_t] without the floor, for a horizon of t ≥ 0
// years: (σ² + λ(m² + s²))·(1 − e^{−2κt})/(2κ) ((σ² + λ(m² + s²))·t when
// κ = 0). It does not depend on the start.
func (e ExpOU) LogVariance(t float64) float64 {
	m, s := e.JumpMeanLog, e.JumpSDLog
	return (e.VolPerYear*e.VolPerYear + e.JumpsPerYear*(m*m+s*s)) * decayIntegral(2*e.SpeedPerYear, t)
}
