package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// TestColoPow checks coloPow against math.Pow: the same bits at the
// elasticities math.Pow treats specially (0, ½ — the default — and 1), and
// within 4 + 2·|e·ln x| ulp elsewhere, over ratios G/Ḡ from e^−8 to e^4 and
// elasticities across [0, 5]. The bound is what e^(e·ln x) loses: ln x and
// the product e·ln x each rounded to ½ ulp leave an absolute error of about
// |e·ln x|·2⁻⁵² in the exponent, which exp turns into that relative error
// (up to 2·|e·ln x| ulp of the result), plus exp's rounding and math.Pow's
// own error (it multiplies e^(f·ln x), f the fraction of e, by x^⌊e⌋ by
// repeated squaring, a few roundings more).
func TestColoPow(t *testing.T) {
	r := dist.New(5, 0)
	for _, e := range []float64{0, 0.5, 1} {
		for range 1000 {
			x := math.Exp(12*r.Uniform() - 8)
			if got, want := coloPow(x, e), math.Pow(x, e); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("coloPow(%.17g, %g) = %.17g, math.Pow = %.17g", x, e, got, want)
			}
		}
	}
	worst := 0.0
	for range 100000 {
		x, e := math.Exp(12*r.Uniform()-8), 5*r.Uniform()
		got, want := coloPow(x, e), math.Pow(x, e)
		ulp := math.Nextafter(want, math.Inf(1)) - want
		d := math.Abs(got-want) / ulp
		worst = max(worst, d)
		if limit := 4 + 2*math.Abs(e*math.Log(x)); d > limit {
			t.Fatalf("coloPow(%.17g, %.17g) = %.17g, math.Pow = %.17g: %g ulp apart, limit %g", x, e, got, want, d, limit)
		}
	}
	t.Logf("worst: %g ulp from math.Pow", worst)
}
