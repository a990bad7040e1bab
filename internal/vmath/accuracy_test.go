package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// accuracyCase is one function checked against package math.
type accuracyCase struct {
	name    string
	kernel  func(float64) float64
	ref     func(float64) float64
	draw    sampler
	maxULP  uint64 // from package math (itself up to 1 ulp from the truth)
	exact   func(float64) float64
	maxTrue uint64 // from the correctly rounded value
	edges   []float64
}

var accuracyCases = []accuracyCase{
	{"Exp", expKernel, refExp,
		mixed(uniform(-746, 710), uniform(-1, 1), signedSmall(1), uniform(-745.2, -707), uniform(700, 709.8)),
		2, bigExp, 1, []float64{0, math.Copysign(0, -1), 1, -1, 0x1p-1074, 1e-300, 0.5 * math.Ln2, -0.5 * math.Ln2,
			expOver, math.Nextafter(expOver, 1), expUndr, math.Nextafter(expUndr, -1), -708.3964185322641,
			-708.4, -744.44007192138126, -745.1, 709.7, expLo, expHi, math.Inf(1), math.Inf(-1), math.NaN(),
			math.MaxFloat64, -math.MaxFloat64}},
	{"Log", logKernel, refLog,
		mixed(anyPositive, uniform(0.5, 2), uniform(0, 1e-300), uniform(1, 1e300)),
		2, bigLog, 1, []float64{0, math.Copysign(0, -1), 1, 2, 0.5, math.Sqrt2, 1 / math.Sqrt2, math.E,
			math.Nextafter(1, 2), math.Nextafter(1, 0), 0x1p-1074, 0x1p-1022, math.Nextafter(0x1p-1022, 0),
			math.MaxFloat64, math.SmallestNonzeroFloat64, -1, -0x1p-1074, math.Inf(1), math.Inf(-1), math.NaN()}},
	{"Expm1", expm1Kernel, math.Expm1,
		mixed(uniform(-40, 710), uniform(-1, 1), signedSmall(1), uniform(36, 40), uniform(-0.4, 0.4)),
		2, bigExpm1, 1, []float64{0, math.Copysign(0, -1), 1, -1, 0x1p-1074, 0x1p-54, -0x1p-54, 0x1p-55,
			0.5 * math.Ln2, -0.5 * math.Ln2, math.Ln2, 37.4, 37.5, -37.9, -38, -38.1, 707.9, 708, 709.7, 709.78,
			math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64}},
	{"Log1p", log1pKernel, math.Log1p,
		mixed(anyPositive, uniform(-1, 1), signedSmall(1), uniform(-1, -0.99), uniform(-0.3, 0.42)),
		2, bigLog1p, 1, []float64{0, math.Copysign(0, -1), 1, -0.5, 0x1p-1074, 0x1p-54, -0x1p-54, 0x1p-55,
			math.Sqrt2 - 1, 1/math.Sqrt2 - 1, math.Nextafter(-1, 0), -1, -1.5, 1e300, math.MaxFloat64,
			math.Inf(1), math.Inf(-1), math.NaN()}},
}

// refExp is math.Exp where it is right: on amd64 its assembly overflows to
// +Inf for x from 709.44 up to the true threshold 709.78, where the
// reference is bigExp.
func refExp(x float64) float64 {
	if x > 709 && x <= expOver {
		return bigExp(x)
	}
	return math.Exp(x)
}

// refLog is math.Log where it is right: on amd64 its assembly is wrong for
// subnormal x (math.Log(5e-324) = −709.09 instead of −744.44), where the
// reference is bigLog.
func refLog(x float64) float64 {
	if x > 0 && x < minNormal {
		return bigLog(x)
	}
	return math.Log(x)
}

// TestAccuracyAgainstMath compares each kernel with package math on its
// edge cases and on dense random samples across its domain, and reports
// the largest distance found.
func TestAccuracyAgainstMath(t *testing.T) {
	n := 2_000_000 / sampleScale
	if testing.Short() {
		n = 200_000
	}
	for _, c := range accuracyCases {
		t.Run(c.name, func(t *testing.T) {
			var worst uint64
			var worstX float64
			note := func(x float64, d uint64) {
				if d > worst && d != math.MaxUint64 {
					worst, worstX = d, x
				}
			}
			for _, x := range c.edges {
				if math.IsNaN(c.ref(x)) || math.IsInf(c.ref(x), 0) || c.ref(x) == 0 {
					sameBits(t, c.name, x, c.kernel(x), c.ref(x))
					continue
				}
				note(x, checkULP(t, c.name, x, c.kernel(x), c.ref(x), c.maxULP))
			}
			r := rand.New(rand.NewPCG(1, 2))
			for range n {
				x := c.draw(r)
				note(x, checkULP(t, c.name, x, c.kernel(x), c.ref(x), c.maxULP))
			}
			t.Logf("%s: largest distance from package math %d ulp (at x = %v) over %d samples and %d edges",
				c.name, worst, worstX, n, len(c.edges))
			worst = 0
			for range n / 50 {
				x := c.draw(r)
				note(x, checkULP(t, c.name+" (exact)", x, c.kernel(x), c.exact(x), c.maxTrue))
			}
			t.Logf("%s: largest distance from the correctly rounded value %d ulp (at x = %v) over %d samples",
				c.name, worst, worstX, n/50)
		})
	}
}

// TestScalarMatchesSlice checks that the scalar and slice forms give the
// same bits (the slice forms may run a vector kernel).
func TestScalarMatchesSlice(t *testing.T) {
	type pair struct {
		name   string
		scalar func(float64) float64
		slice  func(dst, x []float64)
		draw   sampler
	}
	pairs := []pair{
		{"Exp", Exp, ExpSlice, mixed(uniform(-750, 720), signedSmall(1))},
		{"Log", Log, LogSlice, mixed(anyPositive, uniform(-1, 3))},
		{"Expm1", Expm1, Expm1Slice, mixed(uniform(-50, 720), signedSmall(1))},
		{"Log1p", Log1p, Log1pSlice, mixed(anyPositive, uniform(-1.1, 3), signedSmall(1))},
		{"NormCDF", NormCDF, NormCDFSlice, mixed(uniform(-45, 45), uniform(-10, 10), signedSmall(1))},
	}
	n := 1 << 21 / sampleScale
	if testing.Short() {
		n = 1 << 16
	}
	for _, kl := range kernelLevels() {
		for _, p := range pairs {
			t.Run(kl.name+"/"+p.name, func(t *testing.T) {
				defer useLevel(kl.level)()
				scalarMatchesSlice(t, p.name, p.scalar, p.slice, p.draw, n)
			})
		}
	}
}

// scalarMatchesSlice checks slice against scalar, bit for bit, on n drawn
// arguments mixed with special values, in slices of random lengths.
func scalarMatchesSlice(t *testing.T, name string, scalar func(float64) float64,
	slice func(dst, x []float64), draw sampler, n int) {
	t.Helper()
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		math.MaxFloat64, -math.MaxFloat64, 0x1p-1074, -0x1p-1074, 0x1p-1022, -1, 1, 0x1p-54, -0x1p-54,
		0x1p-55, -0x1p-55, expLo, expHi, expOver, expUndr, -38, -37.5, -40, 40, 0.6629, -0.6629, 5.65, -5.66}
	r := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, n)
	for i := range x {
		x[i] = draw(r)
		if i%97 == 0 {
			x[i] = specials[r.IntN(len(specials))]
		}
	}
	got := make([]float64, n)
	// Random lengths exercise the vector kernels' tails.
	for lo := 0; lo < n; {
		hi := min(n, lo+1+r.IntN(600))
		slice(got[lo:hi], x[lo:hi])
		lo = hi
	}
	bad := 0
	for i, v := range x {
		if !sameBits(t, name, v, got[i], scalar(v)) {
			if bad++; bad > 10 {
				t.Fatal("too many differences")
			}
		}
	}
	// In place: dst and x the same slice.
	y := append([]float64(nil), x[:1000]...)
	slice(y, y)
	for i, v := range x[:1000] {
		sameBits(t, name+" in place", v, y[i], got[i])
	}
}

// TestSetReference checks that SetReference(true) makes every function use
// package math and that it returns the previous setting.
func TestSetReference(t *testing.T) {
	if was := SetReference(true); was {
		t.Fatal("reference was on at the start")
	}
	defer SetReference(false)
	xs := []float64{-3.7, -0.3, 0.1, 2.5, 700}
	dst := make([]float64, len(xs))
	cases := []struct {
		name   string
		scalar func(float64) float64
		slice  func(dst, x []float64)
		ref    func(float64) float64
	}{
		{"Exp", Exp, ExpSlice, math.Exp}, {"Log", Log, LogSlice, math.Log},
		{"Expm1", Expm1, Expm1Slice, math.Expm1}, {"Log1p", Log1p, Log1pSlice, math.Log1p},
		{"NormCDF", NormCDF, NormCDFSlice, func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }},
	}
	for _, c := range cases {
		c.slice(dst, xs)
		for i, x := range xs {
			sameBits(t, c.name, x, c.scalar(x), c.ref(x))
			sameBits(t, c.name+"Slice", x, dst[i], c.ref(x))
		}
	}
	if was := SetReference(false); !was {
		t.Error("SetReference(false) did not report that reference was on")
	}
}
