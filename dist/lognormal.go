package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// LogNormal is the distribution of exp(Y) for Y normal with mean Mu and
// standard deviation Sigma. Its median is exp(Mu).
type LogNormal struct {
	// Mu is the mean of the logarithm; finite.
	Mu float64
	// Sigma is the standard deviation of the logarithm; > 0 and finite.
	Sigma float64
}

// NewLogNormal returns the lognormal distribution whose logarithm has mean mu
// and standard deviation sigma, or an error naming the bad parameter.
func NewLogNormal(mu, sigma float64) (LogNormal, error) {
	d := LogNormal{Mu: mu, Sigma: sigma}
	if err := d.Validate(); err != nil {
		return LogNormal{}, err
	}
	return d, nil
}

// LogNormalFromMedian returns the lognormal distribution with the given
// median (> 0, in the unit of the quantity) and dispersion (> 0, unitless).
//
// The dispersion is the standard deviation of the natural logarithm, the
// usual way to state the spread of a multiplicative uncertainty: the 16th and
// 84th percentiles are median·e^−dispersion and median·e^dispersion, so a
// dispersion of 0.2 puts about two draws in three within ×/÷ 1.22 of the
// median. The result is LogNormal{Mu: ln median, Sigma: dispersion}; its mean
// is median·e^(dispersion²/2), above the median.
func LogNormalFromMedian(median, dispersion float64) (LogNormal, error) {
	var c valid.Checker
	c.Positive("median", median)
	c.Positive("dispersion", dispersion)
	if err := c.Err(); err != nil {
		return LogNormal{}, err
	}
	return LogNormal{Mu: math.Log(median), Sigma: dispersion}, nil
}

// LogNormalFromMeanSD returns the lognormal distribution with the given mean
// (> 0) and standard deviation sd (> 0), both in the unit of the quantity:
// Sigma² = ln(1 + (sd/mean)²) and Mu = ln(mean) − Sigma²/2.
func LogNormalFromMeanSD(mean, sd float64) (LogNormal, error) {
	var c valid.Checker
	c.Positive("mean", mean)
	c.Positive("sd", sd)
	if err := c.Err(); err != nil {
		return LogNormal{}, err
	}
	cv := sd / mean
	s2 := math.Log1p(cv * cv)
	d := LogNormal{Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}
	if !d.ok() {
		c.Add("sd", sd, fmt.Sprintf("such that ln(1 + (sd/mean)²) is finite and > 0 (mean = %g)", mean))
		return LogNormal{}, c.Err()
	}
	return d, nil
}

// Validate requires Mu finite and Sigma > 0 and finite.
func (d LogNormal) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("sigma", d.Sigma)
	return c.Err()
}

func (d LogNormal) ok() bool { return finite(d.Mu) && d.Sigma > 0 && finite(d.Sigma) }

func (d LogNormal) gonum() distuv.LogNormal { return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma} }

// Sample returns exp(Mu + Sigma·z) for one z = r.Norm(), so a draw and its
// mirrored draw multiply to exp(2·Mu).
func (d LogNormal) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return math.Exp(d.Mu + d.Sigma*r.Norm())
}

// Mean returns exp(Mu + Sigma²/2) (+Inf if that overflows).
func (d LogNormal) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (exp(Sigma²) − 1)·exp(2·Mu + Sigma²) (+Inf if that
// overflows). It is computed with expm1, which keeps full relative precision
// for small Sigma where gonum's exp(Sigma²) − 1 would cancel.
func (d LogNormal) Variance() float64 {
	if !d.ok() {
		return nan
	}
	s2 := d.Sigma * d.Sigma
	return math.Expm1(s2) * math.Exp(2*d.Mu+s2)
}

// CDF returns P(X ≤ x); 0 for x ≤ 0.
func (d LogNormal) CDF(x float64) float64 {
	switch {
	case !d.ok() || math.IsNaN(x):
		return nan
	case x <= 0:
		return 0
	}
	return d.gonum().CDF(x)
}

// Quantile returns exp(Mu + Sigma·Φ⁻¹(p)); 0 at p = 0 and +Inf at p = 1.
func (d LogNormal) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}
