package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchLen is the slice length of the benchmarks: a batch of paths.
const benchLen = 256

// benchFunc is one function benchmarked against package math.
type benchFunc struct {
	name   string
	math   func(float64) float64
	scalar func(float64) float64 // the exported scalar form
	kernel func(float64) float64 // the portable kernel without the reference check
	slice  func(dst, x []float64)
	draw   sampler
}

var benchFuncs = []benchFunc{
	{"Exp", math.Exp, Exp, expKernel, ExpSlice, uniform(-10, 10)},
	{"Log", math.Log, Log, logKernel, LogSlice, func(r *rand.Rand) float64 { return math.Exp(uniform(-7, 7)(r)) }},
	{"Expm1", math.Expm1, Expm1, expm1Kernel, Expm1Slice, uniform(-2, 2)},
	{"Log1p", math.Log1p, Log1p, log1pKernel, Log1pSlice, uniform(-0.5, 2)},
	{"NormCDF", refNormCDF, NormCDF, normCDFKernel, NormCDFSlice, uniform(-6, 6)},
}

// BenchmarkVmath times each function over a slice of benchLen arguments:
// a loop of package math, the portable kernel in a loop, the scalar form
// in a loop and the slice form at each kernel level this build and CPU run
// (the default amd64 build's scalar forms run 1-lane assembly kernels at
// its AVX2 level). -count repeats each
// variant in a row; to measure the ratios interleaved, run the whole
// benchmark several times (BENCHMARKS.md, section 13).
func BenchmarkVmath(b *testing.B) {
	for _, f := range benchFuncs {
		r := rand.New(rand.NewPCG(7, 8))
		x := make([]float64, benchLen)
		for i := range x {
			x[i] = f.draw(r)
		}
		dst := make([]float64, benchLen)
		loop := func(g func(float64) float64) func(b *testing.B) {
			return func(b *testing.B) {
				for b.Loop() {
					for i, v := range x {
						dst[i] = g(v)
					}
				}
				reportPerElement(b)
			}
		}
		b.Run(f.name+"/math", loop(f.math))
		b.Run(f.name+"/kernel", loop(f.kernel))
		for _, kl := range kernelLevels() {
			b.Run(f.name+"/scalar-"+kl.name, func(b *testing.B) {
				defer useLevel(kl.level)()
				loop(f.scalar)(b)
			})
		}
		for _, kl := range kernelLevels() {
			b.Run(f.name+"/slice-"+kl.name, func(b *testing.B) {
				defer useLevel(kl.level)()
				for b.Loop() {
					f.slice(dst, x)
				}
				reportPerElement(b)
			})
		}
	}
}

// reportPerElement reports the time per element of a benchLen slice.
func reportPerElement(b *testing.B) {
	b.Helper()
	b.ReportAllocs()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchLen, "ns/element")
}
