package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Triangular is the triangular distribution on [Min, Max] with its peak at
// Mode, the simplest three-point (low, most likely, high) expert estimate.
type Triangular struct {
	// Min is the lower bound; finite.
	Min float64
	// Mode is the most likely value; in [Min, Max].
	Mode float64
	// Max is the upper bound; finite and > Min.
	Max float64
}

// NewTriangular returns the triangular distribution on [min, max] with mode
// mode, or an error naming the bad parameter.
func NewTriangular(min, mode, max float64) (Triangular, error) {
	d := Triangular{Min: min, Mode: mode, Max: max}
	if err := d.Validate(); err != nil {
		return Triangular{}, err
	}
	return d, nil
}

// Validate requires Min, Max finite with Min < Max and Mode in [Min, Max].
func (d Triangular) Validate() error {
	var c valid.Checker
	if checkInterval(&c, d.Min, d.Max) {
		c.Range("mode", d.Mode, d.Min, d.Max)
	}
	return c.Err()
}

func (d Triangular) ok() bool {
	return finite(d.Min) && finite(d.Max) && d.Max > d.Min && d.Mode >= d.Min && d.Mode <= d.Max
}

func (d Triangular) gonum() distuv.Triangle { return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil) }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Triangular) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns (Min+Mode+Max)/3.
func (d Triangular) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (Min²+Mode²+Max²−Min·Mode−Min·Max−Mode·Max)/18.
func (d Triangular) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Triangular) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Min + √(p·(Max−Min)·(Mode−Min)) below the mode's
// probability (Mode−Min)/(Max−Min), and Max − √((1−p)·(Max−Min)·(Max−Mode))
// above it.
func (d Triangular) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}
