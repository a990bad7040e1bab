package dist

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Sampler draws one value of a random quantity from a stream. The model uses
// it for expert-judgement inputs such as build time, capex overrun or
// re-leasing delay.
//
// How many numbers one Sample consumes from the stream depends on the
// distribution: the inversion samplers (Uniform, Exponential, Triangular)
// take exactly one Uniform, Normal and LogNormal exactly one Norm, Constant
// none, and the rejection samplers (Gamma, Beta, PERT, StudentT, and Poisson
// with a mean above 12) a random number of them. Two strategies that must see
// common random numbers should therefore draw their inputs from separate
// streams, or draw the same inputs in the same order.
//
// The samplers of this package draw only through the primitives of *Rand and
// allocate nothing.
type Sampler interface {
	Sample(r *Rand) float64
}

// Distribution is a Sampler that also knows its law: its moments, its
// cumulative distribution function and its quantile function. Every sampler
// type of this package implements it.
//
// Parameters are checked by Validate (and by the NewX constructors, which call
// it). A value whose parameters fail Validate is not a distribution: its
// Sample, Mean, Variance, CDF and Quantile all return NaN, and its Sample
// draws nothing from the stream. None of them panics, whatever the
// parameters. Quantile returns NaN for p outside [0, 1] (or NaN), and CDF
// returns NaN for x = NaN.
type Distribution interface {
	Sampler
	// Validate reports every parameter outside its allowed range.
	Validate() error
	// Mean returns the expected value.
	Mean() float64
	// Variance returns the variance.
	Variance() float64
	// CDF returns P(X ≤ x).
	CDF(x float64) float64
	// Quantile returns the smallest x with CDF(x) ≥ p, for p in [0, 1].
	Quantile(p float64) float64
}

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return x-x == 0 }

// probOK reports whether p is a probability in [0, 1].
func probOK(p float64) bool { return p >= 0 && p <= 1 }

var nan = math.NaN()

// checkInterval requires min and max to be finite with min < max.
func checkInterval(c *valid.Checker, min, max float64) bool {
	okMin, okMax := c.Finite("min", min), c.Finite("max", max)
	if okMin && okMax && !(max > min) {
		c.Add("max", max, fmt.Sprintf("> min = %g", min))
		return false
	}
	return okMin && okMax
}
