package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Gamma is the gamma distribution with shape Shape and scale Scale (mean
// Shape·Scale, in the unit of Scale).
type Gamma struct {
	// Shape is the shape parameter; > 0 and finite.
	Shape float64
	// Scale is the scale parameter; > 0 and finite.
	Scale float64
}

// NewGamma returns the gamma distribution with the given shape and scale, or
// an error naming the bad parameter.
func NewGamma(shape, scale float64) (Gamma, error) {
	d := Gamma{Shape: shape, Scale: scale}
	if err := d.Validate(); err != nil {
		return Gamma{}, err
	}
	return d, nil
}

// Validate requires Shape and Scale > 0 and finite.
func (d Gamma) Validate() error {
	var c valid.Checker
	c.Positive("shape", d.Shape)
	c.Positive("scale", d.Scale)
	return c.Err()
}

func (d Gamma) ok() bool {
	return d.Shape > 0 && finite(d.Shape) && d.Scale > 0 && finite(d.Scale)
}

func (d Gamma) gonum() distuv.Gamma { return distuv.Gamma{Alpha: d.Shape, Beta: 1 / d.Scale} }

// Sample returns Scale·r.Gamma(Shape) (Marsaglia and Tsang's method).
func (d Gamma) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Scale * r.Gamma(d.Shape)
}

// Mean returns Shape·Scale.
func (d Gamma) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.Shape * d.Scale
}

// Variance returns Shape·Scale².
func (d Gamma) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.Shape * d.Scale * d.Scale
}

// CDF returns P(X ≤ x), the regularized lower incomplete gamma function
// P(Shape, x/Scale); 0 for x ≤ 0.
func (d Gamma) CDF(x float64) float64 {
	switch {
	case !d.ok() || math.IsNaN(x):
		return nan
	case x <= 0:
		return 0
	case math.IsInf(x, 1):
		return 1
	}
	return d.gonum().CDF(x)
}

// Quantile returns the smallest x with CDF(x) ≥ p, in the unit of Scale: 0
// at p = 0, +Inf at p = 1, and for 0 < p < 1 a positive number, the
// smallest positive float64 (math.SmallestNonzeroFloat64, about 4.9e-324)
// when the quantile lies below it (deep in the lower tail of a small shape:
// shape 0.001 puts half its mass below 10⁻³⁰¹), +Inf when it lies above the
// largest float64.
//
// It solves ln P = ln p (or ln Q = ln(1 − p) for p > 1/2) in ln x by
// safeguarded Newton steps, so that neither P nor x needs to be
// representable. The incomplete gamma functions are gonum's (Cephes' igam
// and igamc), which lose accuracy in the tails beyond about 4.5 standard
// deviations for shapes above about 10⁵.
func (d Gamma) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	switch p {
	case 0:
		return 0
	case 1:
		return math.Inf(1)
	}
	x := gammaQuantile(d.Shape, d.Scale, p)
	if x == 0 || math.IsInf(x, 1) {
		return x
	}
	// The solution is within an ulp or two of the true quantile; step to
	// the smallest of the nearby float64s whose CDF reaches p.
	for range 4 {
		if d.CDF(x) >= p {
			break
		}
		x = math.Nextafter(x, math.Inf(1))
	}
	for range 4 {
		y := math.Nextafter(x, 0)
		if y == 0 || d.CDF(y) < p {
			break
		}
		x = y
	}
	return x
}
