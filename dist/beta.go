package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Beta is the beta distribution on [0, 1] with shape parameters Alpha and
// Beta (mean Alpha/(Alpha+Beta)).
//
// The shapes are capped at MaxBetaShape, beyond which gonum's regularized
// incomplete beta function, behind CDF and Quantile, loses accuracy (up to
// values outside [0, 1]). A beta law that concentrated is a point mass to
// within 10⁻⁴: write it as a Normal or a Constant.
type Beta struct {
	// Alpha is the first shape parameter; in (0, MaxBetaShape].
	Alpha float64
	// Beta is the second shape parameter; in (0, MaxBetaShape].
	Beta float64
}

// MaxBetaShape is the largest shape parameter Beta accepts: 10⁸ (see
// Beta).
const MaxBetaShape = 1e8

// NewBeta returns the beta distribution with shapes alpha and beta, or an
// error naming the bad parameter.
func NewBeta(alpha, beta float64) (Beta, error) {
	d := Beta{Alpha: alpha, Beta: beta}
	if err := d.Validate(); err != nil {
		return Beta{}, err
	}
	return d, nil
}

// Validate requires Alpha and Beta > 0 and finite.
func (d Beta) Validate() error {
	var c valid.Checker
	for _, f := range []struct {
		name string
		v    float64
	}{{"alpha", d.Alpha}, {"beta", d.Beta}} {
		if !(f.v > 0 && f.v <= MaxBetaShape) {
			c.Add(f.name, f.v, fmt.Sprintf("in (0, %g] (beyond, the incomplete beta function loses accuracy: write so concentrated a law as a normal)", float64(MaxBetaShape)))
		}
	}
	return c.Err()
}

func (d Beta) ok() bool {
	return d.Alpha > 0 && d.Alpha <= MaxBetaShape && d.Beta > 0 && d.Beta <= MaxBetaShape
}

func (d Beta) gonum() distuv.Beta { return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta} }

// Sample returns Ga/(Ga+Gb) for independent gamma draws Ga, Gb with shapes
// Alpha and Beta (Devroye, Non-Uniform Random Variate Generation, 1986,
// §IX.4). When a shape is below 1 the ratio is formed in log space, so that
// gamma draws too small for a float64 still give a draw in [0, 1].
func (d Beta) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return sampleBeta(r, d.Alpha, d.Beta)
}

// sampleBeta draws a Beta(a, b) variable for valid a, b > 0.
func sampleBeta(r *Rand, a, b float64) float64 {
	if a >= 1 && b >= 1 {
		ga := r.Gamma(a)
		return ga / (ga + r.Gamma(b))
	}
	// ln G(s) for s < 1 is ln G(s+1) + ln(U)/s (Marsaglia and Tsang, 2000,
	// §7): it stays finite where G(s) itself underflows to 0.
	la, lb := logGamma(r, a), logGamma(r, b)
	diff := lb - la
	if math.IsNaN(diff) {
		// Both logs are −Inf: shapes so small (< ~1e-308) that the beta law
		// is, to float64 precision, Bernoulli(a/(a+b)) on {0, 1}.
		if r.Uniform() < a/(a+b) {
			return 1
		}
		return 0
	}
	return 1 / (1 + math.Exp(diff))
}

// logGamma returns the logarithm of a unit-scale gamma draw with shape s > 0.
func logGamma(r *Rand, s float64) float64 {
	if s >= 1 {
		return math.Log(r.Gamma(s))
	}
	g := math.Log(r.Gamma(s + 1))
	return g + math.Log(r.Uniform())/s
}

// Mean returns Alpha/(Alpha+Beta).
func (d Beta) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns Alpha·Beta/((Alpha+Beta)²·(Alpha+Beta+1)), computed as
// m·(1−m)/(Alpha+Beta+1) with m the mean, which neither underflows nor
// overflows for extreme shapes.
func (d Beta) Variance() float64 {
	if !d.ok() {
		return nan
	}
	m := d.Alpha / (d.Alpha + d.Beta)
	return m * (1 - m) / (d.Alpha + d.Beta + 1)
}

// CDF returns P(X ≤ x), the regularized incomplete beta function I_x(Alpha,
// Beta); 0 for x ≤ 0 and 1 for x ≥ 1.
func (d Beta) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return min(max(d.gonum().CDF(x), 0), 1)
}

// Quantile returns the p-quantile, the inverse of I_x(Alpha, Beta): gonum's
// inverse of the regularized incomplete beta function when CDF confirms it
// (the tail probability at it within 10⁻⁶ relative of p's), else the
// smallest float64 in [0, 1] with CDF(x) ≥ p, by bisection on the bits of
// x, for gonum's inverse can miss by far in the tails of large shapes.
func (d Beta) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	if q := d.gonum().Quantile(p); q >= 0 && q <= 1 {
		F := d.CDF(q)
		if p <= 0.5 && math.Abs(F-p) <= 1e-6*p || p > 0.5 && math.Abs(F-p) <= 1e-6*(1-p) {
			return q
		}
	}
	return bisectQuantile(d.CDF, p, 0, 1)
}

// bisectQuantile returns the smallest float64 x in [lo, hi] (0 ≤ lo < hi)
// with cdf(x) ≥ p, hi if none, by bisection on the bit patterns of the
// floats, which order non-negative float64s as their values do: at most 64
// evaluations of cdf, which must be non-decreasing; a NaN counts as below
// p.
func bisectQuantile(cdf func(float64) float64, p, lo, hi float64) float64 {
	if cdf(lo) >= p {
		return lo
	}
	a, b := math.Float64bits(lo), math.Float64bits(hi) // cdf(a) < p; b: the answer if nothing smaller is
	for b-a > 1 {
		m := a + (b-a)/2
		if cdf(math.Float64frombits(m)) >= p {
			b = m
		} else {
			a = m
		}
	}
	return math.Float64frombits(b)
}
