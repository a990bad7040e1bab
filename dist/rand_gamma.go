package dist

import "math"

// Gamma returns a draw from the gamma distribution with the given shape and
// unit scale (multiply by a scale, or divide by a rate, to change it). It uses
// Marsaglia and Tsang's method ("A simple method for generating gamma
// variables", ACM TOMS 26, 2000), with the u^(1/shape) boost for shape < 1. A
// shape that is not positive (including NaN) gives 0.
func (r *Rand) Gamma(shape float64) float64 {
	if !(shape > 0) {
		return 0
	}
	if math.IsInf(shape, 1) {
		return math.Inf(1)
	}
	boost := 1.0
	if shape < 1 {
		// G(a) = G(a+1)·U^(1/a); computed in log space so that tiny shapes
		// underflow to 0 gracefully instead of producing NaN.
		boost = math.Exp(math.Log(r.Uniform()) / shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.Norm()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Uniform()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return boost * d * v
		}
	}
}
