package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Constant is the degenerate distribution that always takes the value Value.
// It is what a "fixed" Spec builds.
type Constant struct {
	// Value is the value every draw returns; finite.
	Value float64
}

// NewConstant returns the constant distribution at v, or an error if v is not
// finite.
func NewConstant(v float64) (Constant, error) {
	d := Constant{Value: v}
	if err := d.Validate(); err != nil {
		return Constant{}, err
	}
	return d, nil
}

// Validate requires Value to be finite.
func (d Constant) Validate() error {
	var c valid.Checker
	c.Finite("value", d.Value)
	return c.Err()
}

// Sample returns Value. It draws nothing: r is left untouched, so the stream
// of a caller that replaces a random input by a constant one shifts relative
// to a caller that does not.
func (d Constant) Sample(r *Rand) float64 {
	if !finite(d.Value) {
		return nan
	}
	return d.Value
}

// Mean returns Value.
func (d Constant) Mean() float64 {
	if !finite(d.Value) {
		return nan
	}
	return d.Value
}

// Variance returns 0.
func (d Constant) Variance() float64 {
	if !finite(d.Value) {
		return nan
	}
	return 0
}

// CDF returns 0 below Value and 1 from Value on.
func (d Constant) CDF(x float64) float64 {
	switch {
	case !finite(d.Value) || math.IsNaN(x):
		return nan
	case x < d.Value:
		return 0
	default:
		return 1
	}
}

// Quantile returns Value for every p in [0, 1].
func (d Constant) Quantile(p float64) float64 {
	if !finite(d.Value) || !probOK(p) {
		return nan
	}
	return d.Value
}
