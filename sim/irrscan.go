package sim

import (
	"math"
	"sort"
)

// Grid of the scan for sides with two or more possible roots: |r| = 0 and
// then scanFirst·2^(i/4) up to scanLast, then the end of the side.
const (
	scanFirst = 1e-3
	scanLast  = 1e4
	scanRatio = 1.189207115002721 // 2^(1/4)
)

// scanD holds the distances |r| of the grid, scanD[i−1] for grid point
// i ≥ 1 (point 0 is r = 0), each the previous times scanRatio, up to the
// first one beyond scanLast.
var scanD = func() []float64 {
	var d []float64
	for x := scanFirst; ; x *= scanRatio {
		d = append(d, x)
		if x > scanLast {
			return d
		}
	}
}()

// scanEnd holds, for each side (0 for r > 0, 1 for r < 0), the index of
// its last grid point, where t = 0 (r = ∞ or r = −1).
var scanEnd = func() (n [2]int) {
	for side, rev := range []bool{false, true} {
		p := poly{rev: rev}
		n[side] = 1
		for p.t(n[side]) > 0 {
			n[side]++
		}
	}
	return n
}()

// certMargin is the relative margin by which a partial Horner sum must
// exceed its rounding error bound to count as signed: the error of m ≤ 2·121
// floating-point operations is below m·2⁻⁵³ ≈ 2.7·10⁻¹⁴ of the sum of the
// absolute values of its terms (Higham, Accuracy and Stability of Numerical
// Algorithms, 2nd ed., 2002, §5.1).
const certMargin = 1e-12

// at converts a distance d = |r| to t on this side; 0 when the side ends
// before d (r = −1 on the negative side) or d is beyond the scan.
func (p *poly) at(d float64) float64 {
	switch {
	case p.rev && d >= 1, d > scanLast:
		return 0
	case p.rev:
		return 1 - d
	}
	return 1 / (1 + d)
}

// t returns t at grid point i: 1 for i = 0, then p.at(scanD[i−1]).
func (p *poly) t(i int) float64 {
	if i == 0 {
		return 1
	}
	return p.at(scanD[i-1])
}

// certValue returns the polynomial at t > 0 by the Horner sums of value
// (the same bits) and whether every partial Horner sum has the sign of the
// leading coefficient by more than certMargin of its error bound. The
// partial sums H_k = Σ_{j≥k} c_j t^(j−k) are, up to the positive factors
// t^k, the cumulative sums of the coefficients of u^n·p(t/u) taken from
// u^0; with no sign change among them, that polynomial has no root with
// u in (0, 1] (Descartes' rule of signs on cumulative sums, as in Norstrom,
// JFQA 1972, and H_0 = p(t) ≠ 0), so p has no root in [t, ∞). With this
// side's t in (0, 1) that is no rate between r = 0 and this grid point, and
// none on the other side of r = 0.
func (p *poly) certValue(t float64) (v float64, clear bool) {
	p.evals++
	f := p.flows[p.lo : p.hi+1]
	var a, m float64
	if p.rev {
		v = f[0]
		a = math.Abs(v)
		s := math.Copysign(1, v)
		m = a
		for _, c := range f[1:] {
			v = v*t + c
			a = a*t + math.Abs(c)
			if e := s*v - certMargin*a; e < m {
				m = e
			}
		}
		return v, m > 0
	}
	v = f[len(f)-1]
	a = math.Abs(v)
	s := math.Copysign(1, v)
	m = a
	for i := len(f) - 2; i >= 0; i-- {
		v = v*t + f[i]
		a = a*t + math.Abs(f[i])
		if e := s*v - certMargin*a; e < m {
			m = e
		}
	}
	return v, m > 0
}

// taylorClear reports whether the polynomial keeps one sign on [t, tLo]
// (0 < t < tLo ≤ 1): with v, d1 and h1 the value, derivative and half
// second derivative at t (eval) and h = tLo − t, Taylor's theorem bounds
// |p(t+δ) − v − d1·δ| by A2·δ² for δ in [0, h], where A2 = Σ j(j−1)/2·|c_j|
// bounds half the second derivative on [0, 1]; the linear part is smallest
// at an end, so min(s·v, s·(v + d1·h)) > A2·h² (s the sign of v) leaves no
// root. Rounding is covered by certMargin times Σ|c_j| + h·Σ j·|c_j|. It
// costs an evaluation with derivatives, and the three sums once per IRR.
func (p *poly) taylorClear(t, tLo float64) bool {
	if !(t > 0) {
		return false
	}
	if !p.hasAbs {
		p.evals++
		f := p.flows[p.lo : p.hi+1]
		var a0, a1, a2 float64
		for j, c := range f {
			if p.rev {
				c = f[len(f)-1-j]
			}
			c = math.Abs(c)
			fj := float64(j)
			a0 += c
			a1 += fj * c
			a2 += fj * (fj - 1) / 2 * c
		}
		p.abs, p.hasAbs = [3]float64{a0, a1, a2}, true
	}
	v, d1, _ := p.eval(t)
	h := tLo - t
	s := math.Copysign(1, v)
	lin := math.Min(s*v, s*(v+d1*h))
	return lin-p.abs[2]*h*h > certMargin*(p.abs[0]+h*p.abs[1])
}

// scan returns the root of a side with two or more possible roots: the root
// in the bracket of the first grid point, going out from r = 0, where the
// polynomial is 0 or has changed sign from v1, its value at r = 0. ok is
// false when no grid point does. guess is a first estimate of the root in
// t (a Halley step from t = 1), used only to choose where to look first.
//
// The grid point is the one a scan of every point in turn finds (linear), but
// found with few evaluations: a point where the polynomial still has the
// sign of v1 and certValue certifies no root between it and r = 0, or
// taylorClear none between it and the last point ruled out, rules out
// all the points before it; a point where the sign has changed rules out
// all those after it. scan probes the point past the guess, then doubles
// its steps out (or back), then bisects: about 3·log₂(95) ≈ 20 evaluations
// at most. A point of the sign of v1 that neither can certify (a root close
// to it, or two roots close together) is probed below; once the points below it are ruled out, scan
// evaluates every point from it in turn.
func (p *poly) scan(v1, guess float64) (float64, bool) {
	side := 0
	if p.rev {
		side = 1
	}
	n := scanEnd[side]
	if p.linear {
		return p.linearScan(0, v1, v1, n)
	}
	// lo: all points up to lo ruled out (value loV); hi: a changed point
	// (value hiV); unc: a point of the sign of v1 not certified (value
	// uncV); n+1 while none is known.
	lo, loV, hi, hiV, unc, uncV := 0, v1, n+1, 0.0, n+1, 0.0
	i, step, back := p.guessIndex(guess, n), 1, false
	for {
		t := p.t(i)
		v, clear := p.end(), false
		if t > 0 {
			v, clear = p.certValue(t)
		}
		switch {
		case v == 0 || (v < 0) != (v1 < 0):
			back = hi > n && lo == 0 // the first change found: look back from it
			hi, hiV = i, v
			if unc > hi {
				unc = n + 1
			}
		case clear || p.taylorClear(t, p.t(lo)):
			lo, loV, back = i, v, false
		default:
			unc, uncV, back = i, v, false
		}
		top := min(hi, unc)
		switch {
		case top-lo == 1 && top == hi:
			return p.bracket(hi, hiV, loV)
		case top-lo == 1:
			return p.march(unc, uncV, v1, min(hi, n))
		case top > n: // out from lo, doubling
			i = min(lo+step, n)
			step *= 2
		case back && hi-step > lo: // back from hi, doubling
			i = hi - step
			step *= 2
		default:
			i = lo + (top-lo)/2
		}
	}
}

// guessIndex returns the grid point just past guess (a t in (0, 1)), 1 when
// guess is not in (0, 1).
func (p *poly) guessIndex(guess float64, n int) int {
	if !(guess > 0 && guess < 1) {
		return 1
	}
	d := 1/guess - 1
	if p.rev {
		d = 1 - guess
	}
	return min(1+sort.SearchFloat64s(scanD, d), n)
}

// bracket solves for the root between grid points i and i−1, whose values
// v (0, or of the sign opposite to prev) and prev are known.
func (p *poly) bracket(i int, v, prev float64) (float64, bool) {
	t := p.t(i)
	if v == 0 {
		return t, true // t > 0: the value at t = 0 is not 0
	}
	return p.solve(t, v, p.t(i-1), prev, math.NaN()), true
}

// linearScan evaluates the grid points from+1, from+2, … up to last in
// turn, given the value at from and v1 at r = 0, and returns the root in the
// bracket of the first one where the polynomial is 0 or has changed sign.
func (p *poly) linearScan(from int, v, v1 float64, last int) (float64, bool) {
	for i := from + 1; i <= last; i++ {
		t := p.t(i)
		next := p.end()
		if t > 0 {
			next = p.value(t)
		}
		if next == 0 || (next < 0) != (v1 < 0) {
			return p.bracket(i, next, v)
		}
		v = next
	}
	return 0, false
}

// march finds what linearScan finds, from grid point from (value v) to
// last, skipping the points Taylor's theorem rules out: at the current
// point t it evaluates the value v, derivative d1 and a2, half the second
// derivative of Σ|c_j|t^j, which bounds |p″|/2 on [0, t]; p keeps the sign
// of v on [t − h, t] while s·v − s·d1·h − a2·h² stays above the rounding
// margin (s the sign of v), so every grid point down to t − h is ruled out
// and the march goes on from the first point below it. Near a root the
// steps shrink to the grid's.
func (p *poly) march(from int, v, v1 float64, last int) (float64, bool) {
	cur := from
	for cur < last {
		t := p.t(cur)
		var d1, a, ad1, a2 float64
		v, d1, a, ad1, a2 = p.evalAbs(t)
		s := math.Copysign(1, v)
		c := s*v - certMargin*a
		b := s*d1 + certMargin*ad1
		next := cur + 1
		if c > 0 {
			floor := math.Inf(-1) // no grid point to rule out past t − h
			if a2 > 0 || b < 0 {
				h := 2 * c / (b + math.Sqrt(b*b+4*a2*c))
				floor = t - h*(1-1e-9)
			}
			for next < last && p.t(next) >= floor {
				next++
			}
		}
		nt := p.t(next)
		nv := p.end()
		if nt > 0 {
			nv = p.value(nt)
		}
		if nv == 0 || (nv < 0) != (v1 < 0) {
			prev := v
			if next-1 > cur {
				prev = p.value(p.t(next - 1))
			}
			return p.bracket(next, nv, prev)
		}
		cur = next
	}
	return 0, false
}

// evalAbs returns the value and derivative of the polynomial at t > 0, the
// value the same bits as value's, and the value, derivative and half second
// derivative of the polynomial of the absolute values of its coefficients.
func (p *poly) evalAbs(t float64) (v, d1, a, ad1, a2 float64) {
	p.evals++
	f := p.flows[p.lo : p.hi+1]
	step := func(c float64) {
		a2 = a2*t + ad1
		ad1 = ad1*t + a
		a = a*t + math.Abs(c)
		d1 = d1*t + v
		v = v*t + c
	}
	if p.rev {
		v, a = f[0], math.Abs(f[0])
		for _, c := range f[1:] {
			step(c)
		}
		return v, d1, a, ad1, a2
	}
	v, a = f[len(f)-1], math.Abs(f[len(f)-1])
	for i := len(f) - 2; i >= 0; i-- {
		step(f[i])
	}
	return v, d1, a, ad1, a2
}
