package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Normal is the normal (Gaussian) distribution with mean Mu and standard
// deviation Sigma.
type Normal struct {
	// Mu is the mean; finite.
	Mu float64
	// Sigma is the standard deviation; > 0 and finite.
	Sigma float64
}

// NewNormal returns the normal distribution with mean mu and standard
// deviation sigma, or an error naming the bad parameter.
func NewNormal(mu, sigma float64) (Normal, error) {
	d := Normal{Mu: mu, Sigma: sigma}
	if err := d.Validate(); err != nil {
		return Normal{}, err
	}
	return d, nil
}

// Validate requires Mu finite and Sigma > 0 and finite.
func (d Normal) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("sigma", d.Sigma)
	return c.Err()
}

func (d Normal) ok() bool { return finite(d.Mu) && d.Sigma > 0 && finite(d.Sigma) }

func (d Normal) gonum() distuv.Normal { return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma} }

// Sample returns Mu + Sigma·z for one z = r.Norm(), so a mirrored stream
// returns exactly Mu − Sigma·z.
func (d Normal) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Mu + d.Sigma*r.Norm()
}

// Mean returns Mu.
func (d Normal) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.Mu
}

// Variance returns Sigma².
func (d Normal) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Normal) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Mu + Sigma·Φ⁻¹(p); −Inf at p = 0 and +Inf at p = 1.
func (d Normal) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}
