package vmath

import "math"

// e^x − 1 with the reduction of Exp, x = n·ln 2 + r + c where c is the
// rounding error of r, so that e^x − 1 = 2^n·(e^(r+c) − 1) + (2^n − 1)
// keeps full relative accuracy near 0: e^(r+c) − 1 = r + lo with
// lo = r²·Q(r) + c·(1 + r), Q the Taylor polynomial of (e^r − 1 − r)/r² to
// degree 11, as 1/2 + r·(1/6 + r·H(r)) with H by Estrin's scheme; then 2^n·lo + (2^n·r + (2^n − 1)) in two fused multiply-adds
// (the inner one exact for n = 0, so that case rounds once).
const expm1Lo = -38.0 // below: e^x − 1 rounds to −1

// expm1C holds 1/(k+4)! for k = 0…9, the coefficients of H.
var expm1C = [10]float64{
	1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880,
	1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// expm1Core returns e^x − 1 for expm1Lo < x < expHi, |x| ≥ 2^-54.
func expm1Core(x float64) float64 {
	t := math.FMA(x, log2e, roundC)
	n := t - roundC
	hi := math.FMA(n, -ln2Hi, x)
	r := math.FMA(n, -ln2Lo, hi)
	c := math.FMA(n, -ln2Lo, hi-r)
	q := estrin10(&expm1C, r)
	q = math.FMA(q, r, 1.0/6)
	q = math.FMA(q, r, 0.5)
	lo := math.FMA(r*r, q, math.FMA(c, r, c))
	nb := math.Float64bits(t) - math.Float64bits(roundC)
	two := math.Float64frombits((nb + 1023) << 52)
	return math.FMA(two, lo, math.FMA(two, r, two-1))
}

// expm1Kernel returns e^x − 1 for every x with package math's special
// values: expm1(+Inf) = +Inf, expm1(−Inf) = −1, expm1(NaN) = NaN,
// expm1(x) = x for |x| < 2^-54 (keeping −0), +Inf above the overflow
// threshold of Exp.
func expm1Kernel(x float64) float64 {
	if expm1Lo < x && x < expHi && (x >= tinyArg || x <= -tinyArg) {
		return expm1Core(x)
	}
	return expm1Slow(x)
}

// expm1Slow is expm1Kernel outside expm1Core's range, where e^x − 1 rounds
// to e^x (x ≥ 708), to −1 (x ≤ −38) or to x (|x| < 2^-54).
func expm1Slow(x float64) float64 {
	switch {
	case x != x:
		return x
	case x >= expHi:
		return expSlow(x)
	case x <= expm1Lo:
		return -1
	}
	return x
}
