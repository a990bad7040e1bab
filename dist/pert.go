package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// PERTLambda is the weight of the mode in the classic PERT distribution
// (Malcolm, Roseboom, Clark and Fazar, "Application of a technique for
// research and development program evaluation", Operations Research 7, 1959),
// used when PERT.Lambda is 0.
const PERTLambda = 4

// PERT is the (modified) PERT distribution on [Min, Max] with most likely
// value Mode: Min + (Max−Min)·B with B ~ Beta(α, β),
//
//	α = 1 + λ·(Mode−Min)/(Max−Min),  β = 1 + λ·(Max−Mode)/(Max−Min),
//
// whose mean is (Min + λ·Mode + Max)/(λ+2). λ = 4 is the classic PERT of
// project planning; the λ-weighted form is Vose's modified PERT (D. Vose,
// Risk Analysis: A Quantitative Guide, 3rd ed., 2008, §III.9). A larger λ
// concentrates the draws around the mode. Compared with a Triangular on the
// same three points, PERT puts less weight on the tails.
type PERT struct {
	// Min is the lower bound; finite.
	Min float64
	// Mode is the most likely value; in [Min, Max].
	Mode float64
	// Max is the upper bound; finite and > Min.
	Max float64
	// Lambda is the weight λ of the mode; in [0, MaxBetaShape − 1], 0
	// meaning the classic PERTLambda = 4 (the beta law behind it has
	// shapes up to 1 + λ). (The limit λ → 0 is a uniform distribution:
	// use Uniform for it.)
	Lambda float64
}

// NewPERT returns the PERT distribution on [min, max] with mode mode and
// weight lambda (0 for the classic 4), or an error naming the bad parameter.
func NewPERT(min, mode, max, lambda float64) (PERT, error) {
	d := PERT{Min: min, Mode: mode, Max: max, Lambda: lambda}
	if err := d.Validate(); err != nil {
		return PERT{}, err
	}
	return d, nil
}

// Validate requires Min, Max finite with Min < Max, Mode in [Min, Max] and
// Lambda ≥ 0 and finite.
func (d PERT) Validate() error {
	var c valid.Checker
	if checkInterval(&c, d.Min, d.Max) {
		c.Range("mode", d.Mode, d.Min, d.Max)
	}
	if !(d.Lambda >= 0 && d.Lambda <= MaxBetaShape-1) {
		c.Add("lambda", d.Lambda, "≥ 0 and ≤ 99999999 (its beta law's shapes, up to 1 + λ, stay within MaxBetaShape)")
	}
	return c.Err()
}

func (d PERT) ok() bool {
	return finite(d.Min) && finite(d.Max) && d.Max > d.Min && d.Mode >= d.Min && d.Mode <= d.Max &&
		d.Lambda >= 0 && d.Lambda <= MaxBetaShape-1
}

// lambda returns the effective weight of the mode.
func (d PERT) lambda() float64 {
	if d.Lambda == 0 {
		return PERTLambda
	}
	return d.Lambda
}

// Shapes returns the shape parameters (α, β) of the underlying Beta
// distribution (NaN, NaN if the parameters fail Validate).
func (d PERT) Shapes() (alpha, beta float64) {
	if !d.ok() {
		return nan, nan
	}
	l, w := d.lambda(), d.Max-d.Min
	return 1 + l*(d.Mode-d.Min)/w, 1 + l*(d.Max-d.Mode)/w
}

func (d PERT) beta() Beta {
	a, b := d.Shapes()
	return Beta{Alpha: a, Beta: b}
}

// Sample returns Min + (Max−Min)·B for one Beta(α, β) draw B (two gamma
// draws, see Beta.Sample).
func (d PERT) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	a, b := d.Shapes()
	return d.Min + (d.Max-d.Min)*sampleBeta(r, a, b)
}

// Mean returns (Min + λ·Mode + Max)/(λ+2).
func (d PERT) Mean() float64 {
	if !d.ok() {
		return nan
	}
	l := d.lambda()
	return (d.Min + l*d.Mode + d.Max) / (l + 2)
}

// Variance returns (Mean−Min)·(Max−Mean)/(λ+3), which is (Max−Min)² times
// the variance of the underlying Beta.
func (d PERT) Variance() float64 {
	if !d.ok() {
		return nan
	}
	w := d.Max - d.Min
	return w * w * d.beta().Variance()
}

// CDF returns P(X ≤ x) = I_((x−Min)/(Max−Min))(α, β).
func (d PERT) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.beta().CDF((x - d.Min) / (d.Max - d.Min))
}

// Quantile returns Min + (Max−Min)·q with q the p-quantile of Beta(α, β).
func (d PERT) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.Min + (d.Max-d.Min)*d.beta().Quantile(p)
}
