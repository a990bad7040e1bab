package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// StudentT is the location-scale Student's t distribution: Mu + Scale·T with
// T a standard t variable with DF degrees of freedom. It is the heavy-tailed
// choice for an input whose surprises are larger than a normal allows; it
// tends to Normal{Mu, Scale} as DF grows.
type StudentT struct {
	// Mu is the location (the median, and the mean when DF > 1); finite.
	Mu float64
	// Scale is the scale; > 0 and finite. The standard deviation is
	// Scale·√(DF/(DF−2)) when DF > 2.
	Scale float64
	// DF is the number of degrees of freedom; > 0 and finite, need not be an
	// integer. DF ≤ 1 has no mean and DF ≤ 2 no finite variance.
	DF float64
}

// NewStudentT returns the Student's t distribution with location mu, scale
// scale and df degrees of freedom, or an error naming the bad parameter.
func NewStudentT(mu, scale, df float64) (StudentT, error) {
	d := StudentT{Mu: mu, Scale: scale, DF: df}
	if err := d.Validate(); err != nil {
		return StudentT{}, err
	}
	return d, nil
}

// Validate requires Mu finite, and Scale and DF > 0 and finite.
func (d StudentT) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("scale", d.Scale)
	c.Positive("df", d.DF)
	return c.Err()
}

func (d StudentT) ok() bool {
	return finite(d.Mu) && d.Scale > 0 && finite(d.Scale) && d.DF > 0 && finite(d.DF)
}

func (d StudentT) gonum() distuv.StudentsT {
	return distuv.StudentsT{Mu: d.Mu, Sigma: d.Scale, Nu: d.DF}
}

// Sample returns Mu + Scale·z/√(V/DF) with z = r.Norm() and V = 2·r.Gamma(DF/2),
// a chi-squared variable with DF degrees of freedom (the textbook ratio
// construction, e.g. Devroye, Non-Uniform Random Variate Generation, 1986,
// §IX.5). A mirrored stream does not mirror the draw exactly, because the
// gamma draw is a rejection sampler. For very small DF the draw can overflow
// to ±Inf; it is never NaN.
func (d StudentT) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	z := r.Norm()
	w := 2 * r.Gamma(d.DF/2) / d.DF
	if w == 0 { // the gamma draw underflowed (tiny DF): keep z/√w a number
		w = math.SmallestNonzeroFloat64
	}
	return d.Mu + d.Scale*(z/math.Sqrt(w))
}

// Mean returns Mu when DF > 1. For DF ≤ 1 the mean does not exist (the
// integral diverges in both directions) and Mean returns NaN.
func (d StudentT) Mean() float64 {
	if !d.ok() || d.DF <= 1 {
		return nan
	}
	return d.Mu
}

// Variance returns Scale²·DF/(DF−2) when DF > 2 and +Inf when 1 < DF ≤ 2
// (the mean exists but the second moment diverges). For DF ≤ 1 the variance
// is undefined, because the mean is, and Variance returns NaN.
func (d StudentT) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d StudentT) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns the p-quantile; −Inf at p = 0 and +Inf at p = 1.
func (d StudentT) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}
