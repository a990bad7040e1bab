package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Kou is the double-exponential jump-diffusion (S. G. Kou, "A jump-diffusion
// model for option pricing", Management Science 48, 2002): GBM plus a
// compound Poisson process of log jumps Y that are up with probability p and
// exponential with mean UpMeanLog (1/η₁), or down with probability 1 − p and
// minus an exponential with mean DownMeanLog (1/η₂).
//
// As for Merton, DriftPerYear is the expected arithmetic return including
// jumps, E[X_t] = X_0·e^{μt}; the compensator λζ, ζ = E[e^Y] − 1, is handled
// inside.
//
// Step draws the same variates from the stream whatever the number of jumps
// (four uniforms when 0 < p < 1, λ > 0 and λ·dt ≤ 12): the up and down jump
// counts (independent Poisson counts with means λp·dt and λ(1−p)·dt, each one
// uniform by inversion while its mean is at most 12; a zero mean draws
// nothing), and one uniform for each of the summed up and down sizes, which
// are gamma variates drawn by inverting their distribution function (the sum
// of n exponentials with mean 1/η is Gamma(n, 1/η)). Antithetic streams
// therefore stay aligned.
type Kou struct {
	// DriftPerYear is μ, the expected arithmetic return per year including
	// jumps (any finite value).
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is σ, the diffusion volatility per √year (≥ 0).
	VolPerYear float64 `json:"volPerYear"`
	// JumpsPerYear is λ, the expected number of jumps per year (≥ 0).
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// UpProb is p, the probability that a jump is upward (in [0, 1]).
	UpProb float64 `json:"upProb"`
	// UpMeanLog is 1/η₁, the mean log size of an up jump, in [0, 1): E[e^Y]
	// is finite only below 1, and the variance of X only below 1/2.
	UpMeanLog float64 `json:"upMeanLog"`
	// DownMeanLog is 1/η₂, the mean absolute log size of a down jump (≥ 0).
	DownMeanLog float64 `json:"downMeanLog"`
}

// NewKou returns the Kou jump-diffusion with the given parameters (see the
// field docs), or an error naming every invalid parameter.
func NewKou(driftPerYear, volPerYear, jumpsPerYear, upProb, upMeanLog, downMeanLog float64) (Kou, error) {
	k := Kou{
		DriftPerYear: driftPerYear,
		VolPerYear:   volPerYear,
		JumpsPerYear: jumpsPerYear,
		UpProb:       upProb,
		UpMeanLog:    upMeanLog,
		DownMeanLog:  downMeanLog,
	}
	if err := k.Validate(); err != nil {
		return Kou{}, err
	}
	return k, nil
}

// Validate requires a finite drift, finite non-negative volatility, jump
// intensity and DownMeanLog, UpProb in [0, 1] and UpMeanLog in [0, 1)
// (Kou's condition η₁ > 1, without which E[e^Y] is infinite), and then a
// finite jump compensator λζ (JumpCompensatorPerYear): ζ grows like
// p/(1 − UpMeanLog) as UpMeanLog nears 1, so a large intensity can still
// make it overflow.
func (k Kou) Validate() error {
	var c valid.Checker
	c.Finite("driftPerYear", k.DriftPerYear)
	c.NonNegative("volPerYear", k.VolPerYear)
	c.NonNegative("jumpsPerYear", k.JumpsPerYear)
	c.Prob("upProb", k.UpProb)
	if !(k.UpMeanLog >= 0 && k.UpMeanLog < 1) {
		c.Add("upMeanLog", k.UpMeanLog, "in [0, 1) (E[e^Y] is infinite from 1 on)")
	}
	c.NonNegative("downMeanLog", k.DownMeanLog)
	if c.Err() == nil {
		if lz := k.JumpCompensatorPerYear(); math.IsInf(lz, 0) || math.IsNaN(lz) {
			c.Add("upMeanLog", k.UpMeanLog, fmt.Sprintf("far enough below 1 that the jump compensator "+
				"jumpsPerYear·(E[e^Y] − 1) is finite at jumpsPerYear = %g (E[e^Y] − 1 = %g)", k.JumpsPerYear, k.JumpExpMinusOne()))
		}
	}
	return c.Err()
}

// JumpMean returns E[Y] = p/η₁ − (1−p)/η₂, the mean log jump.
func (k Kou) JumpMean() float64 {
	return k.UpProb*k.UpMeanLog - (1-k.UpProb)*k.DownMeanLog
}

// JumpVariance returns Var[Y] = 2p/η₁² + 2(1−p)/η₂² − E[Y]².
func (k Kou) JumpVariance() float64 {
	u, d, p := k.UpMeanLog, k.DownMeanLog, k.UpProb
	m := k.JumpMean()
	return 2*p*u*u + 2*(1-p)*d*d - m*m
}

// JumpExpMinusOne returns ζ = E[e^Y] − 1 = p·η₁/(η₁−1) + (1−p)·η₂/(η₂+1) − 1,
// the expected relative size of one jump.
func (k Kou) JumpExpMinusOne() float64 {
	return k.expMoment(1)
}

// JumpCompensatorPerYear returns λζ = λ·(E[e^Y] − 1), the drift Step
// subtracts so that the jumps add nothing to the expected return. It grows
// without bound as UpMeanLog nears 1 (ζ ≈ p/(1 − UpMeanLog)), and the log
// price then falls by about λζ a year on every path without a large up
// jump: the mean is kept only by ever rarer, ever larger jumps.
func (k Kou) JumpCompensatorPerYear() float64 {
	if k.JumpsPerYear == 0 {
		return 0
	}
	return k.JumpsPerYear * k.JumpExpMinusOne()
}

// LogDriftPerYear returns the expected change of ln X per year,
// μ − σ²/2 − λζ + λ·E[Y]: the drift, less the Itô term and the jump
// compensator, plus the jumps' mean log size (JumpMean).
func (k Kou) LogDriftPerYear() float64 {
	s := k.VolPerYear
	return k.DriftPerYear - 0.5*s*s - k.JumpCompensatorPerYear() + k.JumpsPerYear*k.JumpMean()
}

// LogVariancePerYear returns the variance of the change of ln X per year,
// σ² + λ·E[Y²], with E[Y²] = 2p/η₁² + 2(1−p)/η₂² (the law of a compound
// Poisson sum: its variance is the rate times the jumps' second moment).
func (k Kou) LogVariancePerYear() float64 {
	u, d, p, s := k.UpMeanLog, k.DownMeanLog, k.UpProb, k.VolPerYear
	return s*s + k.JumpsPerYear*(2*p*u*u+2*(1-p)*d*d)
}

// expMoment returns E[e^{aY}] − 1 for a ≥ 0, +Inf when a·UpMeanLog ≥ 1.
func (k Kou) expMoment(a float64) float64 {
	u, d, p := a*k.UpMeanLog, a*k.DownMeanLog, k.UpProb
	// p/(1−u) + (1−p)/(1+d) − 1, rearranged to avoid cancellation.
	var up float64
	if p > 0 {
		if u >= 1 {
			return math.Inf(1)
		}
		up = p * u / (1 - u)
	}
	return up - (1-p)*d/(1+d)
}

// Step returns the level dt years after x, with standard normal diffusion
// shock z and the jumps drawn from r (see the type doc for the draws): x·e^L
// with L = LogReturn(dt, z, r). A dt that is not positive returns x and
// draws nothing.
func (k Kou) Step(x, dt, z float64, r *Rand) float64 {
	if !(dt > 0) {
		return x
	}
	return x * math.Exp(k.LogReturn(dt, z, r))
}

// LogReturn returns the log return L = ln(X(t+dt)/X(t)) of a step of dt
// years with diffusion shock z, drawing the jumps from r exactly as Step
// does (Step is x·e^L): (μ − λκ − σ²/2)·dt + σ·√dt·z plus the summed
// log-jumps. A caller that evaluates e^L itself (over many paths at once)
// uses it. A dt that is not positive returns 0 and draws nothing.
func (k Kou) LogReturn(dt, z float64, r *Rand) float64 {
	if !(dt > 0) {
		return 0
	}
	lam := k.JumpsPerYear * dt
	nUp := r.Poisson(lam * k.UpProb)
	nDown := r.Poisson(lam * (1 - k.UpProb))
	vUp, vDown := r.Uniform(), r.Uniform()
	s := k.VolPerYear
	return (k.DriftPerYear-k.JumpsPerYear*k.JumpExpMinusOne()-0.5*s*s)*dt +
		s*math.Sqrt(dt)*z +
		k.jumpSum(nUp, nDown, vUp, vDown)
}

// jumpSum returns the sum of nUp up jumps and nDown down jumps, with the
// summed up size the vUp quantile of Gamma(nUp, UpMeanLog) and the summed
// down size the vDown quantile of Gamma(nDown, DownMeanLog).
func (k Kou) jumpSum(nUp, nDown int64, vUp, vDown float64) float64 {
	var y float64
	if nUp > 0 {
		y += k.UpMeanLog * gammaIntQuantile(nUp, vUp)
	}
	if nDown > 0 {
		y -= k.DownMeanLog * gammaIntQuantile(nDown, vDown)
	}
	return y
}

// Advance implements PriceProcess; the regime is ignored and 0 is returned.
func (k Kou) Advance(x float64, _ int, dt, z float64, r *Rand) (float64, int) {
	return k.Step(x, dt, z, r), 0
}

// Regimes returns 1.
func (k Kou) Regimes() int { return 1 }

// Mean returns E[X_t] = x0·e^{μt} for a start at x0 and horizon t ≥ 0 years.
func (k Kou) Mean(x0, t float64) float64 {
	return x0 * math.Exp(k.DriftPerYear*t)
}

// Variance returns Var[X_t] for a start at x0 and horizon t ≥ 0 years:
// x0²·e^{2μt}·(exp(σ²t + λt·(E[e^{2Y}] − 1 − 2ζ)) − 1). It is +Inf when
// up jumps occur and UpMeanLog ≥ 1/2 (E[e^{2Y}] is then infinite).
func (k Kou) Variance(x0, t float64) float64 {
	mean := k.Mean(x0, t)
	s := k.VolPerYear
	e2 := k.expMoment(2)
	if math.IsInf(e2, 1) {
		if k.JumpsPerYear > 0 && t > 0 {
			return math.Inf(1)
		}
		e2 = 0
	}
	return mean * mean * math.Expm1(s*s*t+k.JumpsPerYear*t*(e2-2*k.JumpExpMinusOne()))
}

// gammaIntQuantile returns the v quantile of the gamma distribution with
// integer shape n ≥ 1 and unit scale (the sum of n standard exponentials), for
// v in (0, 1): the x with P(n, x) = v, where P is the regularized lower
// incomplete gamma function. Shape 1 is inverted in closed form. Otherwise a
// Wilson–Hilferty start (Wilson and Hilferty, "The distribution of
// chi-square", PNAS 17, 1931) is refined by Newton's method, kept inside a
// bracket by bisection (and growing at most twofold per step while there is
// no upper bracket). The distribution function is evaluated in the tail v
// lies in (see gammaIntTail), so both tails keep their relative accuracy. It does
// not allocate.
func gammaIntQuantile(n int64, v float64) float64 {
	if n == 1 {
		return -math.Log1p(-v)
	}
	a := float64(n)
	h := 1 / (9 * a)
	w := 1 - h + distuv.UnitNormal.Quantile(v)*math.Sqrt(h)
	x := a * w * w * w
	lgn, _ := math.Lgamma(a) // ln Γ(n) = ln (n−1)!
	if !(x > 0) || math.IsInf(x, 1) {
		// Far lower tail: P(n, x) ≈ x^n/n!.
		x = math.Exp((math.Log(v) + lgn + math.Log(a)) / a)
	}
	upper := v > 0.5
	target := v
	if upper {
		target = 1 - v // exact for the midpoint grid of Rand.Uniform
	}
	lo, hi := 0.0, math.Inf(1)
	for i := 0; i < 100; i++ {
		dens := math.Exp(-x + (a-1)*math.Log(x) - lgn)
		f := gammaIntTail(n, x, upper, dens) - target
		if upper {
			f = -f // f is P(n, x) − v in both tails
		}
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		step := f / dens
		if math.Abs(step) <= 1e-10*x {
			// Newton converges quadratically: the error left after this
			// step is of the order of its square, below rounding.
			return x - step
		}
		next := x - step
		switch {
		case math.IsInf(hi, 1) && !(next < 2*x):
			// No upper bracket yet: grow at most twofold, so a flat far
			// tail cannot throw x out to where the tail sums are long.
			next = 2 * x
		case !(next > lo && next < hi):
			next = 0.5 * (lo + hi)
		}
		x = next
	}
	return x
}

// gammaIntTail returns the lower tail P(n, x) = P(Poisson(x) ≥ n), or with upper
// the upper tail Q(n, x) = P(Poisson(x) < n), of the gamma distribution with
// integer shape n ≥ 2 and unit scale; dens is its density at x,
// e^{−x}·x^{n−1}/(n−1)!, which is also the Poisson term k = n−1. Both tails
// are sums of positive Poisson terms, so each is accurate relative to its own
// size: Q sums the terms k = n−1, n−2, …, 0 downward from the largest, P sums
// k = n, n+1, … until they are negligible. Above n = 200 it defers to gonum's
// incomplete gamma functions.
func gammaIntTail(n int64, x float64, upper bool, dens float64) float64 {
	a := float64(n)
	if n > 200 {
		if upper {
			return mathext.GammaIncRegComp(a, x)
		}
		return mathext.GammaIncReg(a, x)
	}
	if upper {
		t, s := dens, dens
		for k := a - 1; k > 0 && t > 1e-17*s; k-- {
			t *= k / x
			s += t
		}
		return s
	}
	t := dens * x / a // k = n
	s := t
	for k := a + 1; t > 1e-17*s; k++ {
		t *= x / k
		s += t
	}
	return s
}
