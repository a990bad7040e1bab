package sim

import "math"

// IRR returns the internal rate of return per period of cash flows at the
// ends of consecutive periods (the convention of NPV): a rate r > −1 with
// NPV(r, flows) = 0. It returns NaN, the documented "undefined", when no such
// rate exists or flows has no rate to speak of: no positive or no negative
// flow (all flows of one sign, all zero, or empty), a flow that is not finite,
// or several sign changes with no root found. Summaries count NaN IRRs apart
// and never average them.
//
// When the polynomial has several roots (flows that change sign more than
// once can have several IRRs), IRR keeps the non-negative ones if there are
// any and returns the one closest to 0 among those kept: the smallest
// non-negative root, else the negative root closest to 0. This is the rule
// of numpy-financial's irr, which on its test gh_44 ([−1678.87, 771.96,
// 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, −1], roots near −0.99979
// and 1.00426) agrees with Google Sheets' IRR: a project that takes out ten
// times what it put in earns about 100 % a period, whereas −99.98 %, the
// root closer to 0, would read as an almost total loss. A negative root
// stands for a loss and is the answer only when no rate at or above 0 sets
// the NPV to zero.
//
// Method. With x = 1/(1+r), NPV is the polynomial P(x) = Σ flows[k]·x^k; IRR
// looks for roots with r > 0 as x ∈ (0, 1) and for roots with −1 < r < 0 as
// y = 1+r ∈ (0, 1), on the reversed polynomial Q(y) = y^m·P(1/y), so every
// evaluation is a Horner sum over a variable in (0, 1] that cannot overflow.
// The positive side is searched first; the negative one only when it holds
// no root. On each side, Descartes' rule of signs applied to the cumulative
// sums of the coefficients (Norstrom, "A sufficient condition for a unique
// nonnegative internal rate of return", Journal of Financial and
// Quantitative Analysis 7(3), 1972) bounds the number of roots: 0 means
// none; 1 means exactly one, bracketed by the ends of the side (the common
// case: an investment followed by mostly positive flows, even with some
// loss-making months); 2 or more sends IRR looking, going out from r = 0,
// for the first point of a grid geometric in |r| (0.001·2^(i/4) up to
// |r| = 10⁴, then the end of the side) where the value has changed sign,
// and solving in the bracket that point closes. IRR finds that point
// without evaluating every one before it: Descartes' rule of signs on the
// partial sums of a Horner evaluation certifies that no root lies between a
// point and r = 0, and Taylor's theorem with a bound on the second
// derivative that none lies within a step, so a point and its neighbour
// around a Halley guess usually settle it (see poly.scan). Two roots closer
// together than one grid step can be missed in that case.
// Each bracket is solved by Halley's method safeguarded by
// bisection (the safeguard of "rtsafe" in Press, Teukolsky, Vetterling and
// Flannery, Numerical Recipes, 3rd ed., 2007, §9.4), started with a Halley
// step from r = 0 whose derivatives come from the first pass over the flows;
// one Horner pass gives the value and both derivatives. The root is found to
// a relative precision of about 10⁻¹⁵ in x, i.e. to about 10⁻¹⁵·(1+r) in r.
//
// IRR allocates nothing.
func IRR(flows []float64) float64 {
	r, _ := irr(flows, false)
	return r
}

// irr is IRR, with the number of passes over the flows it made after the
// first (evaluations of the polynomial); linear makes the scan of a side
// with two or more possible roots evaluate every grid point in turn
// (poly.linear), as a reference.
func irr(flows []float64, linear bool) (float64, int) {
	// Pass 1: the non-zero span [lo, hi], the sum (P at r = 0), Σk·f and
	// Σk²·f for the derivatives at r = 0, the extreme flows, and the sign
	// changes of the forward cumulative sums A_k (the bound for r > 0).
	lo, hi := -1, -1
	var sum, s1, s2, fmin, fmax, lastA float64
	ca := 0
	for k, f := range flows {
		fmin = min(fmin, f)
		fmax = max(fmax, f)
		if f == 0 {
			continue
		}
		if lo < 0 {
			lo = k
		}
		hi = k
		kf := float64(k) * f
		s1 += kf
		s2 += float64(k) * kf
		sum += f
		if sum != 0 {
			if sum*lastA < 0 {
				ca++
			}
			lastA = sum
		}
	}
	if !(fmin < 0 && fmax > 0) || math.IsNaN(sum) || math.IsInf(sum, 0) || math.IsInf(s2, 0) {
		return math.NaN(), 0 // one-signed, all zero, empty or not finite
	}
	if sum == 0 {
		return 0, 0
	}
	// Derivatives at t = 1 in the variable of each side, from the moments:
	// with j = k − lo, P'(1) = Σ j·f and P''(1)/2 = Σ j(j−1)/2·f; with
	// j = hi − k the same for Q.
	flo, fhi := float64(lo), float64(hi)
	evals := 0
	if ca > 0 { // r > 0 ⇔ x = 1/(1+r) ∈ (0, 1)
		jp1 := s1 - flo*sum
		jp2 := s2 - 2*flo*s1 + flo*flo*sum
		p := poly{flows: flows, lo: lo, hi: hi, rev: false, linear: linear}
		x, ok := p.root(ca, sum, jp1, (jp2-jp1)/2)
		evals += p.evals
		if ok {
			return (1 - x) / x, evals
		}
	}
	// Pass 2, only when no rate above 0 is a root: sign changes of the
	// backward cumulative sums (the bound for r < 0).
	evals++
	var b, lastB float64
	cb := 0
	for k := hi; k >= lo; k-- {
		b += flows[k]
		if b != 0 {
			if b*lastB < 0 {
				cb++
			}
			lastB = b
		}
	}
	if cb > 0 { // −1 < r < 0 ⇔ y = 1+r ∈ (0, 1)
		jq1 := fhi*sum - s1
		jq2 := fhi*fhi*sum - 2*fhi*s1 + s2
		p := poly{flows: flows, lo: lo, hi: hi, rev: true, linear: linear}
		y, ok := p.root(cb, sum, jq1, (jq2-jq1)/2)
		evals += p.evals
		if ok {
			return y - 1, evals
		}
	}
	return math.NaN(), evals
}

// poly evaluates NPV as a polynomial in x = 1/(1+r) (rev false), trimmed of
// leading zeros, P(x) = Σ_{k=lo}^{hi} f_k x^(k−lo), or as the reversed
// polynomial in y = 1+r (rev true), Q(y) = Σ_{k=lo}^{hi} f_k y^(hi−k). At
// t = 0 they equal f_lo and f_hi (both non-zero), at t = 1 the sum of the
// flows.
type poly struct {
	flows  []float64
	lo, hi int
	rev    bool
	linear bool // scan every grid point in turn (see scan)
	evals  int  // passes over the flows so far
}

// eval returns the polynomial, its derivative and half its second
// derivative at t, by Horner's rule (the three recurrences are independent
// chains, so the derivatives cost little extra time).
func (p *poly) eval(t float64) (v, d1, d2 float64) {
	p.evals++
	f := p.flows[p.lo : p.hi+1]
	if p.rev {
		v = f[0]
		for _, c := range f[1:] {
			d2 = d2*t + d1
			d1 = d1*t + v
			v = v*t + c
		}
		return v, d1, d2
	}
	v = f[len(f)-1]
	for i := len(f) - 2; i >= 0; i-- {
		d2 = d2*t + d1
		d1 = d1*t + v
		v = v*t + f[i]
	}
	return v, d1, d2
}

// value returns the polynomial at t by Horner's rule, without derivatives.
func (p *poly) value(t float64) float64 {
	p.evals++
	f := p.flows[p.lo : p.hi+1]
	if p.rev {
		v := f[0]
		for _, c := range f[1:] {
			v = v*t + c
		}
		return v
	}
	v := f[len(f)-1]
	for i := len(f) - 2; i >= 0; i-- {
		v = v*t + f[i]
	}
	return v
}

// end returns the polynomial's value at t = 0.
func (p *poly) end() float64 {
	if p.rev {
		return p.flows[p.hi]
	}
	return p.flows[p.lo]
}

// root finds the root of this side closest to t = 1 (r = 0), given the bound
// c ≥ 1 on the number of roots and the value v1, derivative d1 and half
// second derivative h1 at t = 1. ok is false if no root was found.
func (p *poly) root(c int, v1, d1, h1 float64) (t float64, ok bool) {
	if c == 1 {
		// Exactly one root in (0, 1): the values at 0 and 1 have opposite signs.
		return p.solve(0, p.end(), 1, v1, halley(1, v1, d1, h1)), true
	}
	return p.scan(v1, halley(1, v1, d1, h1))
}

// halley returns the Halley step from t for a function with value v,
// derivative d1 and half second derivative h1 there:
// t − v/(d1 − v·h1/d1) (Halley, 1694; cubic convergence near a simple root).
func halley(t, v, d1, h1 float64) float64 {
	return t - v/(d1-v*h1/d1)
}

// solve returns the root in [lo, hi] of the polynomial, whose values flo and
// fhi at the ends have opposite signs, starting from guess (NaN for none) and
// iterating Halley steps safeguarded by bisection: a step that would leave the
// bracket, or that does not shrink the step before last by half, is replaced
// by a bisection (the safeguard of Numerical Recipes §9.4, "rtsafe").
func (p *poly) solve(lo, flo, hi, fhi, guess float64) float64 {
	neg, pos := lo, hi // ends where the polynomial is negative and positive
	if flo > 0 {
		neg, pos = hi, lo
	}
	t := guess
	if !(t > lo && t < hi) {
		t = lo - flo*(hi-lo)/(fhi-flo) // regula falsi
		if !(t > lo && t < hi) {
			t = lo + (hi-lo)/2
		}
	}
	dx, dxOld := hi-lo, 2*(hi-lo)
	for range 300 {
		f, d1, h1 := p.eval(t)
		if f == 0 {
			return t
		}
		if f < 0 {
			neg = t
		} else {
			pos = t
		}
		a, b := math.Min(neg, pos), math.Max(neg, pos)
		if next := halley(t, f, d1, h1); next >= a && next <= b && math.Abs(next-t) <= math.Abs(dxOld)/2 {
			dxOld, dx = dx, t-next
			t = next
			// Near a simple root the error left by a Halley step of size δ
			// is about K·δ³, with K of the order of (P″/P′)² (at most about
			// degree², 1.4·10⁴ for 120 flows): a step below 10⁻⁷·t leaves
			// an error below 10⁻¹⁶·t, under the rounding of t.
			if math.Abs(dx) <= 1e-7*t {
				return t
			}
		} else {
			dxOld, dx = dx, (b-a)/2
			t = a + dx
		}
		if b-a <= 0x1p-51*b {
			return t
		}
	}
	return t
}
