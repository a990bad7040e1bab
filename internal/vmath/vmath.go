package vmath

import (
	"math"
	"sync/atomic"
)

// reference, when set, makes every function compute with package math.
// The scalar forms test it with the fast range of their kernel, so that
// the common case is one load and one call.
var reference atomic.Bool

// SetReference makes every function of the package compute with package
// math's own functions when on (Φ(x) as erfc(−x/√2)/2), and with the
// package's kernels when off (the default), and returns the previous
// setting. It exists for tests that measure what the kernels change; it is
// not safe to call while another goroutine evaluates.
func SetReference(on bool) (was bool) { return reference.Swap(on) }

// Exp returns e^x within 1 ulp for every x, with math.Exp's special values
// (e^NaN = NaN, e^±Inf = +Inf/0, overflow to +Inf above 709.78, gradual
// underflow to 0 below −745.13).
func Exp(x float64) float64 {
	if expLo < x && x < expHi && !reference.Load() {
		return expCoreScalar(x)
	}
	if reference.Load() {
		return math.Exp(x)
	}
	return expSlow(x)
}

// Log returns the natural logarithm of x within 1 ulp for every x
// (subnormals included), with math.Log's special values (Log(±0) = −Inf,
// Log(x < 0) = NaN, Log(+Inf) = +Inf, Log(NaN) = NaN).
func Log(x float64) float64 {
	if minNormal <= x && x <= math.MaxFloat64 && !reference.Load() {
		return logCoreScalar(x)
	}
	if reference.Load() {
		return math.Log(x)
	}
	return logSlow(x)
}

// Expm1 returns e^x − 1 within 1 ulp for every x (so accurate relative to
// the result also near x = 0), with math.Expm1's special values
// (Expm1(−Inf) = −1, Expm1(±0) = ±0).
func Expm1(x float64) float64 {
	if expm1Lo < x && x < expHi && (x >= tinyArg || x <= -tinyArg) && !reference.Load() {
		return expm1CoreScalar(x)
	}
	if reference.Load() {
		return math.Expm1(x)
	}
	return expm1Slow(x)
}

// Log1p returns ln(1 + x) within 1 ulp for every x (so accurate relative
// to the result also near x = 0), with math.Log1p's special values
// (Log1p(−1) = −Inf, Log1p(x < −1) = NaN, Log1p(±0) = ±0).
func Log1p(x float64) float64 {
	if -1 < x && x <= math.MaxFloat64 && (x >= tinyArg || x <= -tinyArg) && !reference.Load() {
		return log1pCoreScalar(x)
	}
	if reference.Load() {
		return math.Log1p(x)
	}
	return log1pSlow(x)
}

// NormCDF returns the standard normal distribution function
// Φ(x) = erfc(−x/√2)/2 = ∫_{−∞}^x e^(−t²/2) dt/√(2π) from Cody's rational
// approximations (normcdf.go), with relative error below 1e-15 where Φ is
// a normal float (x ≥ −37.5); Φ is subnormal down to about −38.5, then 0,
// and rounds to 1 above about 8.3; Φ(NaN) = NaN.
func NormCDF(x float64) float64 {
	if reference.Load() {
		return refNormCDF(x)
	}
	return normCDFScalar(x)
}

// refNormCDF is Φ computed with package math.
func refNormCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// ExpSlice sets dst[i] = Exp(x[i]) for every i < len(x). dst must be at
// least as long as x; dst and x may be the same slice.
func ExpSlice(dst, x []float64) {
	dst = dst[:len(x)]
	if reference.Load() {
		refSlice(dst, x, math.Exp)
		return
	}
	expSlice(dst, x)
}

// LogSlice sets dst[i] = Log(x[i]) for every i < len(x), as ExpSlice.
func LogSlice(dst, x []float64) {
	dst = dst[:len(x)]
	if reference.Load() {
		refSlice(dst, x, math.Log)
		return
	}
	logSlice(dst, x)
}

// Expm1Slice sets dst[i] = Expm1(x[i]) for every i < len(x), as ExpSlice.
func Expm1Slice(dst, x []float64) {
	dst = dst[:len(x)]
	if reference.Load() {
		refSlice(dst, x, math.Expm1)
		return
	}
	expm1Slice(dst, x)
}

// Log1pSlice sets dst[i] = Log1p(x[i]) for every i < len(x), as ExpSlice.
func Log1pSlice(dst, x []float64) {
	dst = dst[:len(x)]
	if reference.Load() {
		refSlice(dst, x, math.Log1p)
		return
	}
	log1pSlice(dst, x)
}

// NormCDFSlice sets dst[i] = NormCDF(x[i]) for every i < len(x), as
// ExpSlice.
func NormCDFSlice(dst, x []float64) {
	dst = dst[:len(x)]
	if reference.Load() {
		refSlice(dst, x, refNormCDF)
		return
	}
	normCDFSlice(dst, x)
}

// refSlice sets dst[i] = f(x[i]); len(dst) == len(x).
func refSlice(dst, x []float64, f func(float64) float64) {
	for i, v := range x {
		dst[i] = f(v)
	}
}

// portableSlice sets dst[i] = f(x[i]) with a portable kernel f.
func portableSlice(dst, x []float64, f func(float64) float64) {
	for i, v := range x {
		dst[i] = f(v)
	}
}
