package dist

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Bounds of the logarithm of a positive finite float64.
var (
	logSmallest = logSub(math.SmallestNonzeroFloat64) // ≈ −744.44
	logLargest  = math.Log(math.MaxFloat64)           // ≈ 709.78
	logNormal   = math.Log(0x1p-1022)                 // ≈ −708.40, the smallest normal float64
)

// logSub returns ln x, correct also for a subnormal x, where math.Log is
// not on amd64 and s390x (it returns about −709 for every subnormal; Go
// issue 56600): a subnormal is scaled by 2⁵⁴ first.
func logSub(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}

// gammaQuantile returns the p-quantile, 0 < p < 1, of the gamma
// distribution of shape a and scale scale (both > 0 and finite), rounded up
// to math.SmallestNonzeroFloat64 when below it and +Inf when above the
// largest float64.
//
// Method. With u = ln(x/scale) it solves ln P(a, e^u) = ln p for p ≤ 1/2,
// and ln Q(a, e^u) = ln(1−p) for p > 1/2 (Q = 1 − P, whose relative
// precision survives near p = 1), by Newton's method in u safeguarded by
// bisection. Both tails are log-concave in u (ln X has the log-gamma law,
// whose density e^(a·u − e^u)/Γ(a) is log-concave), so Newton started below
// the root on the lower tail, or above it on the upper one, converges
// monotonically; the bracket only guards rounding. The start below the
// root is x0 = (p·Γ(a+1))^(1/a), from P(a, x) ≤ x^a/Γ(a+1) (the series
// P(a, x) = x^a·e^(−x)/Γ(a+1)·Σ_n x^n/((a+1)…(a+n)), whose sum is at most
// e^x); deep in the lower tail, where P is below 2⁻¹⁰⁰⁰, ln P is taken from
// that series in logarithms, so neither P nor x needs to be representable.
// A last Newton step in x itself removes the rounding of e^u. Tail
// probabilities come from gonum's regularized incomplete gamma functions
// (mathext.GammaIncReg and GammaIncRegComp, Cephes' igam and igamc).
// Every loop is bounded: the function returns for any input.
func gammaQuantile(a, scale, p float64) float64 {
	t := gammaTail{a: a, upper: p > 0.5}
	if a < 10 {
		t.lga, _ = math.Lgamma(a)
		t.lga1, _ = math.Lgamma(a + 1)
	}
	lp := logSub(p)
	t.target = lp
	if t.upper {
		t.target = math.Log1p(-p)
	}
	lnScale := logSub(scale)
	// The scaled quantile is representable for u in [uMin, uMax].
	uMin, uMax := logSmallest-lnScale, logLargest-lnScale
	if f, _ := t.f(uMin); f >= 0 {
		return math.SmallestNonzeroFloat64
	}
	if f, _ := t.f(uMax); f < 0 {
		return math.Inf(1)
	}
	lo := t.lowerBound(lp)
	if f, _ := t.f(lo); !(lo > uMin && lo < uMax) || !(f < 0) {
		lo = uMin
	}
	hi := min(max(lo, logSub(a)+1), uMax)
	for step := 1.0; ; step *= 2 {
		if f, _ := t.f(hi); f >= 0 || hi == uMax {
			break
		}
		lo, hi = hi, min(hi+step, uMax)
	}
	start := lo
	if t.upper {
		start = hi
	}
	u := t.solve(lo, hi, start)
	if u < logNormal+1 || u > logLargest-1 || u+lnScale < logSmallest+1 {
		// e^u or the result is subnormal or near overflow: no
		// refinement in x.
		return max(math.Exp(u+lnScale), math.SmallestNonzeroFloat64)
	}
	x := t.refine(math.Exp(u))
	return max(x*scale, math.SmallestNonzeroFloat64)
}

// lowerBound returns ln x0, x0 = (p·Γ(a+1))^(1/a) with lp = ln p, a lower
// bound of the p-quantile (P(a, x) ≤ x^a/Γ(a+1)); for a ≥ 10, lnΓ(a+1)
// comes from Stirling's series, (a+½)·ln a − a + ½·ln 2π + stirlerr(a), so
// that it does not overflow for the largest shapes.
func (t *gammaTail) lowerBound(lp float64) float64 {
	a := t.a
	if a < 10 {
		return (lp + t.lga1) / a
	}
	la := logSub(a)
	return la - 1 + (lp+0.5*(la+logSub(2*math.Pi))+stirlingError(a))/a
}

// gammaTail evaluates the equation gammaQuantile solves, for the unit gamma
// of shape a: ln P(a, e^u) − target (lower tail) or target − ln Q(a, e^u)
// (upper tail), increasing in u either way.
type gammaTail struct {
	a, lga, lga1 float64 // shape, lnΓ(a), lnΓ(a+1)
	upper        bool
	target       float64 // ln p, or ln(1−p) for the upper tail
}

// f returns the equation's value at u and its derivative in u, the
// elasticity x·f(x)/tail of the tail probability at x = e^u (+Inf or NaN
// when the tail underflows; the solver then bisects).
func (t *gammaTail) f(u float64) (v, slope float64) {
	return t.fx(u, math.Exp(u))
}

// fx is f with x = e^u given (so that x keeps its own rounding).
func (t *gammaTail) fx(u, x float64) (v, slope float64) {
	lxf := t.logXPdf(u, x)
	var lt float64 // ln of the tail probability
	switch {
	case math.IsInf(x, 1):
		lt = 0
		if t.upper {
			lt = math.Inf(-1)
		}
	case x < 0.5:
		// Small x: the series, also for the upper tail (Q = 1 − P), so
		// that an x that underflows still has the P of its u.
		lp := t.lowerLogSeries(u, x, lxf)
		lt = lp
		if t.upper {
			lt = logSub(-math.Expm1(lp))
		}
	case t.upper:
		lt = logSub(mathext.GammaIncRegComp(t.a, x))
	default:
		pl := mathext.GammaIncReg(t.a, x)
		if pl >= 0x1p-1000 {
			lt = logSub(pl)
		} else {
			lt = t.lowerLogSeries(u, x, lxf)
		}
	}
	slope = math.Exp(lxf - lt)
	if t.upper {
		return t.target - lt, slope
	}
	return lt - t.target, slope
}

// logXPdf returns ln(x·f(x)) = a·ln x − x − lnΓ(a) for the unit gamma
// density f at x = e^u. For a ≥ 10 it is computed as
// −a·D(x/a) + ½·ln(a/(2π)) − stirlerr(a), D(t) = t − 1 − ln t, with
// Stirling's series for lnΓ(a) (Abramowitz and Stegun 6.1.41), so that
// the terms of size a·ln a that cancel in the direct formula never appear.
func (t *gammaTail) logXPdf(u, x float64) float64 {
	a := t.a
	if a < 10 {
		return a*u - x - t.lga
	}
	var aD float64
	if d := (x - a) / a; math.Abs(d) < 0.25 {
		aD = a * log1pmxNeg(d)
	} else {
		aD = (x - a) - a*(u-logSub(a))
	}
	return -aD + 0.5*logSub(a/(2*math.Pi)) - stirlingError(a)
}

// log1pmxNeg returns δ − ln(1+δ) for |δ| < 1/4 without cancellation: with
// w = δ/(2+δ), ln(1+δ) = 2·atanh(w), so δ − ln(1+δ) = w·δ − 2·(w³/3 + w⁵/5 + …).
func log1pmxNeg(d float64) float64 {
	w := d / (2 + d)
	w2 := w * w
	sum, pw := 0.0, w
	for k := 3.0; k < 60; k += 2 {
		pw *= w2
		term := pw / k
		sum += term
		if math.Abs(term) <= 0x1p-54*math.Abs(sum) {
			break
		}
	}
	return w*d - 2*sum
}

// stirlingError returns lnΓ(a) − ((a−½)·ln a − a + ½·ln 2π) for a ≥ 10,
// by Stirling's series 1/(12a) − 1/(360a³) + 1/(1260a⁵) − 1/(1680a⁷) +
// 1/(1188a⁹), whose next term is below 2·10⁻¹⁴ at a = 10.
func stirlingError(a float64) float64 {
	r := 1 / a
	r2 := r * r
	return r * (1.0/12 - r2*(1.0/360-r2*(1.0/1260-r2*(1.0/1680-r2/1188))))
}

// lowerLogSeries returns ln P(a, x), x = e^u, lxf = ln(x·f(x)), by the
// series P(a, x) = x^a·e^(−x)/Γ(a+1)·S = x·f(x)/a·S,
// S = Σ_{n≥0} x^n/((a+1)…(a+n)), in logarithms (the prefactor as
// a·u − x − lnΓ(a+1) for a < 10, where that keeps a tiny a's digits, and
// from lxf above). It is used where x < 1/2 or P is below 2⁻¹⁰⁰⁰, that is x
// well below a+1, where the terms fall geometrically; after 4096 terms the
// rest is bounded by the geometric series of the last ratio.
func (t *gammaTail) lowerLogSeries(u, x, lxf float64) float64 {
	sum, term := 1.0, 1.0
	for n := 1; n <= 4096; n++ {
		term *= x / (t.a + float64(n))
		sum += term
		if term <= 0x1p-53*sum {
			break
		}
		if n == 4096 {
			if r := x / (t.a + 4097); r < 1 {
				sum += term * r / (1 - r)
			}
		}
	}
	if t.a < 10 {
		return t.a*u - x - t.lga1 + logSub(sum)
	}
	return lxf - logSub(t.a) + logSub(sum)
}

// solve returns the root of f in [lo, hi] (f(lo) < 0 ≤ f(hi)) by Newton's
// method from start, safeguarded as in "rtsafe" (Press, Teukolsky,
// Vetterling and Flannery, Numerical Recipes, 3rd ed., 2007, §9.4): a step
// that leaves the bracket, or does not halve the step before last, or
// comes from a value that is not finite, is replaced by a bisection. It
// stops when the step or the bracket is below 2⁻⁵⁰ relative to u, after at
// most 200 evaluations.
func (t *gammaTail) solve(lo, hi, start float64) float64 {
	u := start
	dx, dxOld := hi-lo, 2*(hi-lo)
	for range 200 {
		v, s := t.f(u)
		switch {
		case v == 0:
			return u
		case v < 0:
			lo = u
		case v > 0:
			hi = u
		}
		next := u - v/s
		if !(next > lo && next < hi) || math.Abs(next-u) > math.Abs(dxOld)/2 {
			next = lo + (hi-lo)/2
		}
		dxOld, dx = dx, next-u
		tol := 0x1p-50 * max(1, math.Abs(next))
		if math.Abs(dx) <= tol || hi-lo <= tol {
			return next
		}
		u = next
	}
	return u
}

// refine takes up to three Newton steps on x itself from x, a solution
// accurate to the rounding of e^u, so that x carries the precision of its
// own float64 rather than that of u.
func (t *gammaTail) refine(x float64) float64 {
	for range 3 {
		v, s := t.fx(logSub(x), x)
		if !finite(v) || !(s > 0) || math.IsInf(s, 1) {
			return x
		}
		next := x * math.Exp(-v/s)
		if next == x || !(next > 0) || math.IsInf(next, 1) {
			return x
		}
		x = next
	}
	return x
}
