package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Poisson is the Poisson distribution of a count with mean Lambda. (The
// field cannot be called Mean, the name of the method; a Spec of kind
// "poisson" calls the same number "mean".)
type Poisson struct {
	// Lambda is the expected count; > 0 and finite.
	Lambda float64
}

// NewPoisson returns the Poisson distribution with mean lambda, or an error
// if lambda is not positive and finite.
func NewPoisson(lambda float64) (Poisson, error) {
	d := Poisson{Lambda: lambda}
	if err := d.Validate(); err != nil {
		return Poisson{}, err
	}
	return d, nil
}

// Validate requires Lambda > 0 and finite.
func (d Poisson) Validate() error {
	var c valid.Checker
	c.Positive("lambda", d.Lambda)
	return c.Err()
}

func (d Poisson) ok() bool { return d.Lambda > 0 && finite(d.Lambda) }

// Draw returns one count from r.Poisson(Lambda) (see Rand.Poisson for the
// algorithms). It returns 0, drawing nothing, if the parameters fail
// Validate.
func (d Poisson) Draw(r *Rand) int64 {
	if !d.ok() {
		return 0
	}
	return r.Poisson(d.Lambda)
}

// Sample returns Draw(r) as a float64 (NaN, drawing nothing, if the
// parameters fail Validate).
func (d Poisson) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return float64(r.Poisson(d.Lambda))
}

// Mean returns Lambda.
func (d Poisson) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.Lambda
}

// Variance returns Lambda.
func (d Poisson) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.Lambda
}

// CDF returns P(N ≤ x) = Q(⌊x⌋+1, Lambda), the regularized upper incomplete
// gamma function; 0 for x < 0.
func (d Poisson) CDF(x float64) float64 {
	switch {
	case !d.ok() || math.IsNaN(x):
		return nan
	case x < 0:
		return 0
	case math.IsInf(x, 1):
		return 1
	}
	return distuv.Poisson{Lambda: d.Lambda}.CDF(x)
}

// Quantile returns the smallest count k with CDF(k) ≥ p: 0 at p = 0 and
// +Inf at p = 1. It starts from the Cornish–Fisher approximation
// Lambda + √Lambda·z + (z²−1)/6 with z = Φ⁻¹(p), brackets the answer by doubling
// steps and bisects on the integers, evaluating CDF O(log) times. Above 2⁵³,
// where float64s are more than 1 apart, k is the smallest float64 with
// CDF(k) ≥ p.
func (d Poisson) Quantile(p float64) float64 {
	switch {
	case !d.ok() || !probOK(p):
		return nan
	case p == 0:
		return 0
	case p == 1:
		return math.Inf(1)
	}
	z := distuv.UnitNormal.Quantile(p)
	k0 := math.Max(0, math.Floor(d.Lambda+math.Sqrt(d.Lambda)*z+(z*z-1)/6))
	var lo, hi float64 // invariant once bracketed: CDF(lo) < p ≤ CDF(hi), lo = −1 meaning CDF = 0
	if d.CDF(k0) >= p {
		hi = k0
		lo = -1
		for step := 1.0; k0-step >= 0; step *= 2 {
			if d.CDF(k0-step) < p {
				lo = k0 - step
				break
			}
			hi = k0 - step
		}
	} else {
		lo = k0
		hi = math.Inf(1)
		for step := 1.0; step < 1<<62; step *= 2 {
			if d.CDF(k0+step) >= p {
				hi = k0 + step
				break
			}
			lo = k0 + step
		}
		if math.IsInf(hi, 1) {
			return hi
		}
	}
	for hi-lo > 1 {
		mid := math.Floor(lo + (hi-lo)/2)
		if mid <= lo || mid >= hi {
			break // above 2⁵³: no float64 lies strictly between lo and hi
		}
		if d.CDF(mid) >= p {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
