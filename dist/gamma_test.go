package dist

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// gammaLowerTail returns the unit-scale p-quantile of the gamma
// distribution of shape a from its lower-tail expansion. For small x,
// P(a, x) = x^a·e^(−x)·S(x)/Γ(a+1) with S(x) = Σ_n x^n/((a+1)…(a+n)), so
// P(a, x) = x^a/Γ(a+1)·(1 − a·x/(a+1) + O(x²)), and P(a, x) = p gives
// x0 = (p·Γ(a+1))^(1/a), refined once to x0·(1 + x0/(a+1)). The relative
// error left is O(x0²), below 10⁻¹⁷ for the x0 ≤ 10⁻⁹ the tests use. It is
// computed in logarithms, as exp((ln p + lnΓ(a+1))/a), and may underflow
// to 0.
func gammaLowerTail(a, p float64) float64 {
	lg, _ := math.Lgamma(a + 1)
	x0 := math.Exp((math.Log(p) + lg) / a)
	return x0 * (1 + x0/(a+1))
}

// TestGammaQuantileLowerTail checks Quantile deep in the lower tail against
// the hand-derived expansion of gammaLowerTail: there gonum's inverse
// returns 0 (or panics), and a quantile of 0 has CDF 0 < p. When the
// quantile is below the smallest positive float64, Quantile must return
// that smallest float64, the smallest float64 x with CDF(x) ≥ p.
func TestGammaQuantileLowerTail(t *testing.T) {
	cases := []struct{ shape, p float64 }{
		{0.05, 1e-3},  // ≈ 5.8e-61
		{0.3, 1e-6},   // ≈ 7.0e-21
		{0.3, 1e-300}, // ≈ 1e-1000: underflows
		{1e-3, 0.5},   // ≈ 5.2e-302
		{1e-3, 0.3},   // ≈ 1e-523: underflows
		{1e-3, 1e-300},
		{0.05, 0.1},
		{1, 1e-300},
		{2, 1e-300},
		{10, 1e-300},
		{10, 1e-100},
		{0.01, 1e-20},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("shape%g/p%g", c.shape, c.p), func(t *testing.T) {
			want := gammaLowerTail(c.shape, c.p)
			for _, scale := range []float64{1, 3.5e-7} {
				got := Gamma{Shape: c.shape, Scale: scale}.Quantile(c.p)
				w := want * scale
				if w < math.SmallestNonzeroFloat64 {
					if got != math.SmallestNonzeroFloat64 {
						t.Errorf("scale %g: Quantile = %g, want the smallest float64 (the quantile %g underflows)", scale, got, w)
					}
					continue
				}
				if w < 0x1p-1022 {
					continue // subnormal: fewer digits than the comparison needs
				}
				// The expansion's value carries the rounding of
				// exp((ln p + lnΓ(a+1))/a): a relative error of about
				// ε·(|ln x0| + |ln p|/a + 1), plus the scale's rounding.
				tol := 8 * 0x1p-52 * (math.Abs(math.Log(want)) + math.Abs(math.Log(c.p))/c.shape + 2)
				if math.Abs(got/w-1) > tol {
					t.Errorf("scale %g: Quantile = %.17g, want %.17g (relative error %.3g > %.3g)", scale, got, w, got/w-1, tol)
				}
			}
		})
	}
}

// TestGammaQuantileRoundTrip checks CDF(Quantile(p)) = p, with gonum's
// distuv.Gamma as the CDF of reference, across shapes 10⁻³..10³ and p from
// 10⁻³⁰⁰ to 1 − 10⁻¹⁰; in the upper half it compares the upper tails
// 1 − CDF = Q(a, x) with 1 − p, which keep their relative precision there.
//
// Tolerance: gonum's incomplete gamma (Cephes igam/igamc) has a relative
// error of a few 10⁻¹⁴ (Cephes documents a peak of 3.6e-14 for igam on
// (0, 30)), and more for large shapes, where it evaluates
// x^a·e^(−x)/Γ(a) as exp(a·ln x − x − lnΓ(a)), whose argument carries a
// rounding of about ε·(a·|ln x| + x + lnΓ(a)) (10⁻¹² for shape 1000); the
// quantile, a float64, moves the tail probability by a relative s·ε per
// ulp, s = x·f(x)/P the elasticity of the tail at x. So
// |P(x)/p − 1| ≤ 1e-13 + 4·ε·(s + a·|ln x| + x + lnΓ(a)). Quantiles that
// underflow are checked to be the smallest float64 with a CDF ≥ p.
func TestGammaQuantileRoundTrip(t *testing.T) {
	shapes := []float64{1e-3, 0.01, 0.05, 0.3, 1, 2.5, 10, 100, 1e3}
	ps := []float64{1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99, 1 - 1e-6, 1 - 1e-10}
	for _, a := range shapes {
		for _, p := range ps {
			ref := distuv.Gamma{Alpha: a, Beta: 1}
			x := Gamma{Shape: a, Scale: 1}.Quantile(p)
			if !(x > 0) || math.IsInf(x, 0) {
				t.Errorf("shape %g: Quantile(%g) = %g, want a positive finite number", a, p, x)
				continue
			}
			if x == math.SmallestNonzeroFloat64 {
				if ref.CDF(x) < p || gammaLowerTail(a, p) >= x {
					t.Errorf("shape %g: Quantile(%g) = smallest float64, but CDF there = %g, tail expansion %g", a, p, ref.CDF(x), gammaLowerTail(a, p))
				}
				continue
			}
			lg, _ := math.Lgamma(a)
			logXPdf := a*math.Log(x) - x - lg
			var got, want float64
			if p <= 0.5 {
				got, want = mathext.GammaIncReg(a, x), p
			} else {
				got, want = mathext.GammaIncRegComp(a, x), 1-p
			}
			s := math.Exp(logXPdf) / got
			tol := 1e-13 + 4*0x1p-52*(s+a*math.Abs(math.Log(x))+x+math.Abs(lg))
			if math.Abs(got/want-1) > tol {
				t.Errorf("shape %g: Quantile(%g) = %.17g: tail probability %.17g, want %.17g (relative error %.3g > %.3g)", a, p, x, got, want, got/want-1, tol)
			}
		}
	}
}

// TestGammaQuantileNeverPanics calls Quantile at extreme shapes, scales and
// probabilities: each call must return (no panic, no hang) a number in
// [0, +Inf], non-decreasing in p for shapes up to 10⁵. (Above that gonum's
// incomplete gamma, which Quantile inverts, loses accuracy in the tails.)
func TestGammaQuantileNeverPanics(t *testing.T) {
	for _, a := range []float64{5e-324, 1e-300, 1e-10, 1e-3, 1, 1e5, 1e6, 1e15, 1e100, 1e300, math.MaxFloat64} {
		for _, scale := range []float64{5e-324, 1e-300, 1, 1e300, math.MaxFloat64} {
			d := Gamma{Shape: a, Scale: scale}
			prev := 0.0
			for _, p := range []float64{0, 5e-324, 1e-300, 1e-100, 1e-9, 0.25, 0.5, 0.75, 1 - 1e-9, 1 - 0x1p-53, 1} {
				x := d.Quantile(p)
				if math.IsNaN(x) || x < 0 {
					t.Errorf("Gamma{%g, %g}.Quantile(%g) = %g", a, scale, p, x)
				}
				if x < prev && a <= 1e5 {
					t.Errorf("Gamma{%g, %g}.Quantile(%g) = %g, below the quantile %g of a smaller p", a, scale, p, x, prev)
				}
				prev = x
			}
		}
	}
}
