package vmath

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"
)

// bigPi returns π at bigPrec bits by Machin's formula
// π = 16·atan(1/5) − 4·atan(1/239).
var bigPi = sync.OnceValue(func() *big.Float {
	atanInv := func(n int64) *big.Float {
		sum := bigF(0)
		pow := new(big.Float).SetPrec(bigPrec).Quo(bigF(1), bigF(float64(n)))
		n2 := bigF(float64(n * n))
		for k := int64(0); k < 400; k++ {
			term := new(big.Float).SetPrec(bigPrec).Quo(pow, new(big.Float).SetInt64(2*k+1))
			if k%2 == 1 {
				term.Neg(term)
			}
			sum.Add(sum, term)
			pow.Quo(pow, n2)
		}
		return sum
	}
	a := atanInv(5)
	a.Mul(a, bigF(16))
	b := atanInv(239)
	b.Mul(b, bigF(4))
	return a.Sub(a, b)
})

// bigLowerTail returns Φ(−a) for a ≥ 0 at bigPrec bits: the series
// Φ(−a) = 1/2 − φ(a)·Σ a^(2n+1)/(1·3·…·(2n+1)) for a < 6 (cancellation
// below 2^30), the continued fraction Φ(−a) = φ(a)/(a + 1/(a + 2/(a + …)))
// of Laplace, evaluated from its 600th term, for a ≥ 6.
func bigLowerTail(a float64, useSeries bool) *big.Float {
	ba := bigF(a)
	half := new(big.Float).SetPrec(bigPrec).Mul(ba, ba)
	half.SetMantExp(half, -1)
	phi := bigExpF(half.Neg(half))
	twoPi := new(big.Float).SetPrec(bigPrec).Mul(bigPi(), bigF(2))
	phi.Quo(phi, twoPi.Sqrt(twoPi))
	if useSeries {
		sum, term := bigF(0), bigF(a)
		a2 := new(big.Float).SetPrec(bigPrec).Mul(ba, ba)
		for n := int64(0); n < 2000; n++ {
			sum.Add(sum, term)
			term.Mul(term, a2)
			term.Quo(term, new(big.Float).SetInt64(2*n+3))
			if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-bigPrec-10 {
				break
			}
		}
		sum.Mul(sum, phi)
		return sum.Sub(bigF(0.5), sum)
	}
	cf := bigF(a)
	for k := int64(600); k >= 1; k-- {
		q := new(big.Float).SetPrec(bigPrec).Quo(new(big.Float).SetInt64(k), cf)
		cf = q.Add(q, ba)
	}
	return phi.Quo(phi, cf)
}

// bigNormCDF returns Φ(x) rounded to float64.
func bigNormCDF(x float64) float64 {
	p := bigLowerTail(math.Abs(x), math.Abs(x) < 6)
	if x > 0 {
		p.Sub(bigF(1), p)
	}
	v, _ := p.Float64()
	return v
}

// checkRel fails when got differs from want by more than tol relative and
// returns the relative difference.
func checkRel(t *testing.T, name string, x, got, want, tol float64) float64 {
	t.Helper()
	rel := math.Abs(got-want) / math.Abs(want)
	if want == 0 {
		rel = math.Abs(got)
	}
	if !(rel <= tol) {
		t.Errorf("%s(%v) = %v, want %v: relative error %.3g, want ≤ %.3g", name, x, got, want, rel, tol)
	}
	return rel
}

// TestBigNormCDFReference checks the high-precision reference: its series
// and continued fraction agree where both converge, and it reproduces
// published values (Φ(−1): Abramowitz & Stegun, Handbook of Mathematical
// Functions, table 26.1 to 15 digits; the upper-tail values Q(5), Q(10)
// as tabulated for the Q-function, e.g. in A&S table 26.2).
func TestBigNormCDFReference(t *testing.T) {
	for _, a := range []float64{5, 6, 7} {
		s, _ := bigLowerTail(a, true).Float64()
		c, _ := bigLowerTail(a, false).Float64()
		checkRel(t, fmt.Sprintf("series vs continued fraction at −%v", a), a, s, c, 1e-16)
	}
	published := []struct{ x, want float64 }{
		{-1, 0.158655253931457051},
		{-5, 2.866515718791939e-7},
		{-10, 7.619853024160527e-24},
		{0, 0.5},
		{1, 0.841344746068542949},
	}
	for _, p := range published {
		checkRel(t, "bigNormCDF", p.x, bigNormCDF(p.x), p.want, 1e-15)
	}
}

// TestNormCDFAccuracy compares Φ with the high-precision reference on
// random samples in bands of x, with each band's bound on the relative
// error, and reports the largest error found. Below x ≈ −37.5 Φ is
// subnormal: there the bound is in units of the smallest subnormal.
func TestNormCDFAccuracy(t *testing.T) {
	n := 6000 / sampleScale
	if testing.Short() {
		n = 800
	}
	bands := []struct {
		lo, hi, tol float64
	}{
		{-5, 9, 1e-15},
		{-0.7, 0.7, 1e-15},
		{-20, -5, 1e-15},
		{-37.5, -20, 1e-15},
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, b := range bands {
		t.Run(fmt.Sprintf("%v..%v", b.lo, b.hi), func(t *testing.T) {
			worst, worstX := 0.0, 0.0
			for range n {
				x := b.lo + (b.hi-b.lo)*r.Float64()
				if e := checkRel(t, "NormCDF", x, normCDFKernel(x), bigNormCDF(x), b.tol); e > worst {
					worst, worstX = e, x
				}
			}
			t.Logf("x in [%v, %v]: largest relative error %.3g (at x = %v) over %d samples", b.lo, b.hi, worst, worstX, n)
		})
	}
	t.Run("subnormal", func(t *testing.T) {
		var worst uint64
		for range n / 10 {
			x := -37.5 - 1.1*r.Float64()
			if d := checkULP(t, "NormCDF", x, normCDFKernel(x), bigNormCDF(x), 4); d > worst {
				worst = d
			}
		}
		t.Logf("x in [-38.6, -37.5]: largest error %d subnormal ulps", worst)
	})
}

// TestNormCDFValues checks special values and the limits.
func TestNormCDFValues(t *testing.T) {
	cases := []struct{ x, want float64 }{
		{math.Inf(-1), 0}, {math.Inf(1), 1}, {-40, 0}, {-39, 0}, {40, 1}, {9, 1}, {8.3, 1},
		{0, 0.5}, {math.Copysign(0, -1), 0.5}, {-1e300, 0}, {1e300, 1},
	}
	for _, c := range cases {
		sameBits(t, "NormCDF", c.x, normCDFKernel(c.x), c.want)
	}
	if got := normCDFKernel(math.NaN()); got == got {
		t.Errorf("NormCDF(NaN) = %v, want NaN", got)
	}
	if got := normCDFKernel(-38); !(got > 0 && got < minNormal) {
		t.Errorf("NormCDF(-38) = %v, want a positive subnormal (2.9e-316)", got)
	}
}

// TestNormCDFMonotone spot-checks that Φ never decreases: on a fine grid
// over [−39, 9] and in steps of 2^-40 around the boundaries of the
// approximation's three forms (|x|/√2 = 0.46875 and 4). Steps that change
// Φ by less than its error (a few 1e-16 relative) are not monotone in any
// approximation short of correct rounding, and are not checked.
func TestNormCDFMonotone(t *testing.T) {
	prev := 0.0
	for x := -39.0; x <= 9; x += 1.0 / 1024 {
		v := normCDFKernel(x)
		if v < prev {
			t.Fatalf("NormCDF(%v) = %v < NormCDF(%v) = %v", x, v, x-1.0/1024, prev)
		}
		prev = v
	}
	for _, b := range []float64{0.46875 / invSqrt2, 4 / invSqrt2} {
		for _, s := range []float64{-1, 1} {
			const h = 0x1p-40
			x := s*b - 2000*h
			prev := normCDFKernel(x)
			for range 4000 {
				x += h
				v := normCDFKernel(x)
				if v < prev {
					t.Fatalf("NormCDF(%v) = %v below its value at the previous double %v", x, v, prev)
				}
				prev = v
			}
		}
	}
}
