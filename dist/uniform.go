package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Uniform is the continuous uniform distribution on [Min, Max].
type Uniform struct {
	// Min is the lower bound; finite.
	Min float64
	// Max is the upper bound; finite and > Min.
	Max float64
}

// NewUniform returns the uniform distribution on [min, max], or an error
// naming the bad parameter.
func NewUniform(min, max float64) (Uniform, error) {
	d := Uniform{Min: min, Max: max}
	if err := d.Validate(); err != nil {
		return Uniform{}, err
	}
	return d, nil
}

// Validate requires Min and Max finite with Min < Max.
func (d Uniform) Validate() error {
	var c valid.Checker
	checkInterval(&c, d.Min, d.Max)
	return c.Err()
}

func (d Uniform) ok() bool { return finite(d.Min) && finite(d.Max) && d.Max > d.Min }

func (d Uniform) gonum() distuv.Uniform { return distuv.Uniform{Min: d.Min, Max: d.Max} }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Uniform) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns (Min+Max)/2.
func (d Uniform) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (Max−Min)²/12.
func (d Uniform) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Uniform) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Min + p·(Max−Min).
func (d Uniform) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}
