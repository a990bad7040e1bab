//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

//go:generate sh gen_avx512.sh

// With GOEXPERIMENT=simd on amd64 the slice forms run 8-lane AVX-512
// kernels where the CPU has AVX-512 (F, CD, BW, DQ, VL), 4-lane AVX2
// kernels where it has AVX2 and FMA, and the portable kernels elsewhere;
// all three give the same bits. After a vector kernel the upper halves of
// the vector registers are cleared (VZEROUPPER): left dirty, they make
// every later scalar floating-point instruction of the program wait on
// them, which cost the engine a third of its speed.

// Kernel levels, from the CPU's features.
const (
	levelPortable = iota
	levelAVX2
	levelAVX512
)

// level is the kernel level the slice forms use; tests and benchmarks set
// it lower to compare the kernels.
var level = cpuLevel()

// cpuLevel returns the best level this CPU runs.
func cpuLevel() int {
	if !archsimd.X86.AVX2() || !archsimd.X86.FMA() {
		return levelPortable // the scalar forms' assembly needs both
	}
	if archsimd.X86.AVX512() {
		return levelAVX512
	}
	return levelAVX2
}

func expSlice(dst, x []float64) {
	switch level {
	case levelAVX512:
		expSliceV8(dst, x)
		archsimd.ClearAVXUpperBits()
	case levelAVX2:
		expSliceV4(dst, x)
		archsimd.ClearAVXUpperBits()
	default:
		portableSlice(dst, x, expKernel)
	}
}

func logSlice(dst, x []float64) {
	switch level {
	case levelAVX512:
		logSliceV8(dst, x)
		archsimd.ClearAVXUpperBits()
	case levelAVX2:
		logSliceV4(dst, x)
		archsimd.ClearAVXUpperBits()
	default:
		portableSlice(dst, x, logKernel)
	}
}

func expm1Slice(dst, x []float64) {
	switch level {
	case levelAVX512:
		expm1SliceV8(dst, x)
		archsimd.ClearAVXUpperBits()
	case levelAVX2:
		expm1SliceV4(dst, x)
		archsimd.ClearAVXUpperBits()
	default:
		portableSlice(dst, x, expm1Kernel)
	}
}

func log1pSlice(dst, x []float64) {
	switch level {
	case levelAVX512:
		log1pSliceV8(dst, x)
		archsimd.ClearAVXUpperBits()
	case levelAVX2:
		log1pSliceV4(dst, x)
		archsimd.ClearAVXUpperBits()
	default:
		portableSlice(dst, x, log1pKernel)
	}
}

func normCDFSlice(dst, x []float64) {
	switch level {
	case levelAVX512:
		normCDFSliceV8(dst, x)
		archsimd.ClearAVXUpperBits()
	case levelAVX2:
		normCDFSliceV4(dst, x)
		archsimd.ClearAVXUpperBits()
	default:
		portableSlice(dst, x, normCDFKernel)
	}
}
