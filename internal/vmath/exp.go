package vmath

import "math"

// The exponential: e^x = 2^n · e^r with n = round(x/ln 2) and
// r = x − n·ln 2, |r| ≤ ln 2/2. The reduction subtracts n·ln 2 in two
// fused multiply-adds (ln 2 split into the double nearest it and the
// remainder), the first of which is exact; e^r is the Taylor polynomial of
// degree 13 (truncation below 5e-18 relative on |r| ≤ 0.35), as
// 1 + r·(1 + r·(1/2 + r·H(r))) with H by Estrin's scheme;
// the scaling by 2^n adds n to the exponent field. Rounding x/ln 2 to an
// integer adds 1.5·2^52 in the same fused multiply-add, which also leaves n
// in the low bits of the sum for the vector kernels.
const (
	log2e      = 1.44269504088896340735992468100189214     // 1/ln 2
	ln2Hi      = 6.93147180559945286226763982995180413e-01 // the double nearest ln 2
	ln2Lo      = 2.319046813846299558417771e-17            // ln 2 − ln2Hi
	roundC     = 1.5 * (1 << 52)
	roundCBits = 0x4338000000000000          // the bits of roundC                           // adding it rounds to an integer
	expLo      = -707.0                      // the fast range of expCore: e^x normal
	expHi      = 708.0                       // and finite, 2^n within [2^-1020, 2^1021]
	expOver    = 7.09782712893383973096e+02  // above: e^x overflows (as package math)
	expUndr    = -7.45133219101941108420e+02 // below: e^x underflows to 0 (as package math)
)

// expC holds 1/(k+3)! for k = 0…10, the coefficients of H.
var expC = [11]float64{
	1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600,
	1.0 / 6227020800,
}

// expReduce returns n = round(x/ln 2) as a float, the sum t = x/ln 2 +
// 1.5·2^52 whose low bits hold n, and r = x − n·ln 2.
func expReduce(x float64) (n, t, r float64) {
	t = math.FMA(x, log2e, roundC)
	n = t - roundC
	r = math.FMA(n, -ln2Hi, x)
	r = math.FMA(n, -ln2Lo, r)
	return n, t, r
}

// expPoly returns e^r for |r| ≤ 0.35: Σ r^k/k!, k = 0…13.
func expPoly(r float64) float64 {
	p := estrin11(&expC, r)
	p = math.FMA(p, r, 0.5)
	p = math.FMA(p, r, 1)
	return math.FMA(p, r, 1)
}

// expCore returns e^x for expLo < x < expHi.
func expCore(x float64) float64 {
	_, t, r := expReduce(x)
	p := expPoly(r)
	n := math.Float64bits(t) - math.Float64bits(roundC)
	return math.Float64frombits(math.Float64bits(p) + n<<52)
}

// expKernel returns e^x for every x with package math's special values:
// e^NaN = NaN, e^+Inf = +Inf, e^−Inf = 0, overflow to +Inf above expOver,
// gradual underflow through the subnormals to 0 below expUndr.
func expKernel(x float64) float64 {
	if expLo < x && x < expHi {
		return expCore(x)
	}
	return expSlow(x)
}

// expSlow is expKernel outside the fast range: special values, and results
// near overflow or in the subnormal range, scaled in two exact-then-rounded
// steps so the subnormal result is rounded once.
func expSlow(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > expOver:
		return math.Inf(1)
	case x < expUndr:
		return 0
	}
	n, _, r := expReduce(x)
	p := expPoly(r)
	k := int(n)
	if k > 0 {
		return p * pow2(k-1) * 2
	}
	return p * pow2(k+1000) * pow2(-1000)
}

// pow2 returns 2^k for −1022 ≤ k ≤ 1023.
func pow2(k int) float64 { return math.Float64frombits(uint64(k+1023) << 52) }
