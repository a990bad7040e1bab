package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// matchCase is one function whose scalar and slice forms are checked
// against its portable kernel.
type matchCase struct {
	name   string
	kernel func(float64) float64 // the portable kernel
	scalar func(float64) float64
	slice  func(dst, x []float64)
	draw   sampler   // the function's domain
	edges  []float64 // the bounds of its fast range and of its branches
}

var matchCases = []matchCase{
	{"Exp", expKernel, Exp, ExpSlice,
		mixed(uniform(-750, 720), uniform(-1, 1), signedSmall(1), uniform(-708, 709)),
		[]float64{expLo, expHi, 0, 0.5 * math.Ln2, -0.5 * math.Ln2, 1.5 * math.Ln2, tinyArg, -tinyArg, expOver, expUndr}},
	{"Log", logKernel, Log, LogSlice,
		mixed(anyPositive, uniform(0.5, 2), uniform(0, 1e-300), uniform(-1, 3)),
		[]float64{minNormal, maxFloat, 1, math.Float64frombits(sqrtHalfBits), math.Sqrt2, 2, 0.5, 2 * minNormal}},
	{"Expm1", expm1Kernel, Expm1, Expm1Slice,
		mixed(uniform(-50, 720), uniform(-1, 1), signedSmall(1), uniform(-0.4, 0.4)),
		[]float64{expm1Lo, expHi, tinyArg, -tinyArg, 0.5 * math.Ln2, -0.5 * math.Ln2, 0, 1}},
	{"Log1p", log1pKernel, Log1p, Log1pSlice,
		mixed(anyPositive, uniform(-1.1, 3), signedSmall(1), uniform(-0.3, 0.42)),
		[]float64{-1, tinyArg, -tinyArg, maxFloat, math.Float64frombits(sqrtHalfBits) - 1, math.Sqrt2 - 1, 0, 1}},
	{"NormCDF", normCDFKernel, NormCDF, NormCDFSlice,
		mixed(uniform(-45, 45), uniform(-10, 10), uniform(-1, 1), uniform(-6, 6), signedSmall(1)),
		[]float64{0, cdfErfMax / invSqrt2, -cdfErfMax / invSqrt2, cdfMidMax / invSqrt2, -cdfMidMax / invSqrt2,
			math.Sqrt(-2 * expLo), -math.Sqrt(-2 * expLo), 37.5, -37.5, 8.3, -8.3, cdfAbsMax, -cdfAbsMax}},
}

// TestKernelsMatchPortable checks, at every kernel level this build and
// CPU run, that the slice and scalar forms give the portable kernel's bits:
// on each edge of the fast ranges and branches and its neighbours within
// 3 ulps, grouped in blocks of 4 alike and of 4 different ones (so the
// vector kernels take them as well as leave them), on special values, and
// on 2²¹ arguments drawn across the function's domain.
func TestKernelsMatchPortable(t *testing.T) {
	n := 1 << 21 / sampleScale
	if testing.Short() {
		n = 1 << 16
	}
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		math.MaxFloat64, -math.MaxFloat64, 0x1p-1074, -0x1p-1074}
	for _, kl := range kernelLevels() {
		for _, c := range matchCases {
			t.Run(kl.name+"/"+c.name, func(t *testing.T) {
				defer useLevel(kl.level)()
				x := edgeArgs(c.edges)
				x = append(x, specials...)
				r := rand.New(rand.NewPCG(5, 6))
				for range n {
					x = append(x, c.draw(r))
				}
				matchPortable(t, c, x)
			})
		}
	}
}

// edgeArgs returns each edge and its neighbours within 3 ulps, each in a
// block of 4 copies and then all in a row.
func edgeArgs(edges []float64) []float64 {
	var near []float64
	for _, e := range edges {
		for _, s := range []float64{e, -e} {
			v := s
			for range 3 {
				v = math.Nextafter(v, math.Inf(-1))
			}
			for range 7 {
				near = append(near, v)
				v = math.Nextafter(v, math.Inf(1))
			}
		}
	}
	var x []float64
	for _, v := range near {
		x = append(x, v, v, v, v)
	}
	return append(x, near...)
}

// matchPortable compares the slice form on x and the scalar form on each
// x[i] with c's portable kernel, bit for bit.
func matchPortable(t *testing.T, c matchCase, x []float64) {
	t.Helper()
	got := make([]float64, len(x))
	c.slice(got, x)
	bad := 0
	for i, v := range x {
		want := c.kernel(v)
		if !sameBits(t, c.name+"Slice", v, got[i], want) || !sameBits(t, c.name, v, c.scalar(v), want) {
			if bad++; bad > 10 {
				t.Fatal("too many differences")
			}
		}
	}
}
