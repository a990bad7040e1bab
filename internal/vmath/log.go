package vmath

import "math"

// The logarithm: x = 2^k · m with √½ ≤ m < √2, f = m − 1, and
// ln(1+f) = 2·atanh(s) with s = f/(2+f), |s| ≤ 0.1716, written as
// f − f²/2 + s·(f²/2 + R) with R = Σ 2s^(2j+2)/(2j+3), j = 0…9
// (truncation below 6e-19 relative), the decomposition of W. Kahan's and
// Sun's fdlibm with a Taylor polynomial of our own; then
// ln x = k·ln 2 + ln(1+f), k·ln 2 added in two parts (ln2Hi by the last
// fused multiply-add, ln2Lo with the small terms).
const (
	sqrtHalfBits = 0x3fe6a09e667f3bcd // bits of the double nearest √½
	expBias      = 1023 << 52         // the exponent bias in place
	minNormal    = 0x1p-1022          // the smallest normal double
	twoP54       = 0x1p54             // scales a subnormal to a normal
	tinyArg      = 0x1p-54            // below: expm1(x) and log1p(x) are x
	twoP52Bits   = 0x4330000000000000 // the bits of 2^52
	maxFloat     = math.MaxFloat64
)

// logC holds 2/(2j+3) for j = 0…9, the coefficients of R/s² in s²
// (evaluated by Estrin's scheme).
var logC = [10]float64{
	2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15,
	2.0 / 17, 2.0 / 19, 2.0 / 21,
}

// logSplit returns k and m − 1 for x = 2^k·m, √½ ≤ m < √2, for positive
// normal finite x; k is exact as a float.
func logSplit(x float64) (k, f float64) {
	b := math.Float64bits(x)
	kb := (b - sqrtHalfBits + expBias) >> 52 // k + 1023, from 0 to 2046
	m := math.Float64frombits(b - kb<<52 + expBias)
	return float64(int64(kb) - 1023), m - 1
}

// logJoin returns k·ln 2 + ln(1+f) + tail for |f| ≤ √2 − 1, where tail is
// a correction far below ulp(f) (zero for ln, the rounding of 1+x for
// ln(1+x)).
func logJoin(k, f, tail float64) float64 {
	s := f / (2 + f)
	z := s * s
	hfsq := float64(0.5 * f * f) // the conversion forbids fusing hfsq − lo
	p := estrin10(&logC, z)
	lo := math.FMA(k, ln2Lo, tail)
	lo = math.FMA(s, math.FMA(z, p, hfsq), lo)
	return math.FMA(k, ln2Hi, f-(hfsq-lo))
}

// logCore returns ln x for positive normal finite x.
func logCore(x float64) float64 {
	k, f := logSplit(x)
	return logJoin(k, f, 0)
}

// logKernel returns ln x for every x with package math's special values:
// ln(+Inf) = +Inf, ln(±0) = −Inf, ln(x < 0) = NaN, ln(NaN) = NaN;
// subnormal x are exact as 2^-54·(2^54·x).
func logKernel(x float64) float64 {
	if minNormal <= x && x <= math.MaxFloat64 {
		return logCore(x)
	}
	return logSlow(x)
}

// logSlow is logKernel outside the positive normal floats.
func logSlow(x float64) float64 {
	switch {
	case x != x || x > math.MaxFloat64:
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	k, f := logSplit(x * twoP54)
	return logJoin(k-54, f, 0)
}

// log1pCore returns ln(1+x) for −1 < x < +Inf, |x| ≥ 2^-54. With u = 1+x
// rounded, ln(1+x) = ln u + ln(1 + c/u), c = x − (u−1) exactly; when u
// lies within [√½, √2) the reduction uses x itself (f = x, c = 0).
func log1pCore(x float64) float64 {
	u := 1 + x
	k, f := logSplit(u)
	c := 0.0
	if k == 0 {
		f = x
	} else {
		c = (x - (u - 1)) / u
	}
	return logJoin(k, f, c)
}

// log1pKernel returns ln(1+x) for every x with package math's special
// values: log1p(+Inf) = +Inf, log1p(−1) = −Inf, log1p(x < −1) = NaN,
// log1p(NaN) = NaN, log1p(x) = x for |x| < 2^-54 (keeping −0).
func log1pKernel(x float64) float64 {
	if -1 < x && x <= math.MaxFloat64 && (x >= tinyArg || x <= -tinyArg) {
		return log1pCore(x)
	}
	return log1pSlow(x)
}

// log1pSlow is log1pKernel outside log1pCore's range.
func log1pSlow(x float64) float64 {
	switch {
	case x != x || x > math.MaxFloat64:
		return x
	case x < -1:
		return math.NaN()
	case x == -1:
		return math.Inf(-1)
	}
	return x // |x| < 2^-54
}
