package vmath

import (
	"math"
	"sync/atomic"
)

// reference, when set, makes every function compute with package math.
var reference atomic.Bool

// SetReference makes every function of the package compute with package
// math's own functions when on (Φ(x) as erfc(−x/√2)/2), and with the
// package's kernels when off (the default), and returns the previous
// setting. It exists for tests that measure what the kernels change; it is
// not safe to call while another goroutine evaluates.
func SetReference(on bool) (was bool) { return reference.Swap(on) }

// Exp returns e^x.
func Exp(x float64) float64 { return math.Exp(x) }

// Log returns the natural logarithm of x.
func Log(x float64) float64 { return math.Log(x) }

// Expm1 returns e^x − 1.
func Expm1(x float64) float64 { return math.Expm1(x) }

// Log1p returns ln(1 + x).
func Log1p(x float64) float64 { return math.Log1p(x) }

// NormCDF returns the standard normal distribution function Φ(x).
func NormCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// ExpSlice sets dst[i] = Exp(x[i]) for every i < len(x). dst must be at
// least as long as x; dst and x may be the same slice.
func ExpSlice(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = Exp(v)
	}
}

// LogSlice sets dst[i] = Log(x[i]) for every i < len(x), as ExpSlice.
func LogSlice(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = Log(v)
	}
}

// Expm1Slice sets dst[i] = Expm1(x[i]) for every i < len(x), as ExpSlice.
func Expm1Slice(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = Expm1(v)
	}
}

// Log1pSlice sets dst[i] = Log1p(x[i]) for every i < len(x), as ExpSlice.
func Log1pSlice(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = Log1p(v)
	}
}

// NormCDFSlice sets dst[i] = NormCDF(x[i]) for every i < len(x), as
// ExpSlice.
func NormCDFSlice(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = NormCDF(v)
	}
}
