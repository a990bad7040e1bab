package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Exponential is the exponential distribution with rate Rate (mean 1/Rate),
// the waiting time to the first event of a Poisson process. The unit of Rate
// is the inverse of the unit of the quantity (per month for a delay in
// months).
type Exponential struct {
	// Rate is the event rate; > 0 and finite.
	Rate float64
}

// NewExponential returns the exponential distribution with the given rate,
// or an error if the rate is not positive and finite.
func NewExponential(rate float64) (Exponential, error) {
	d := Exponential{Rate: rate}
	if err := d.Validate(); err != nil {
		return Exponential{}, err
	}
	return d, nil
}

// Validate requires Rate > 0 and finite.
func (d Exponential) Validate() error {
	var c valid.Checker
	c.Positive("rate", d.Rate)
	return c.Err()
}

func (d Exponential) ok() bool { return d.Rate > 0 && finite(d.Rate) }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Exponential) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns 1/Rate.
func (d Exponential) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.Mean()
}

// Variance returns 1/Rate².
func (d Exponential) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.Variance()
}

// CDF returns 1 − exp(−Rate·x) for x ≥ 0 and 0 below.
func (d Exponential) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.CDF(x)
}

// Quantile returns −ln(1−p)/Rate, computed with log1p so that small p keep
// full relative precision (gonum's form, −log(1−p), loses it); +Inf at p = 1.
func (d Exponential) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return -math.Log1p(-p) / d.Rate
}
