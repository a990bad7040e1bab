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

// certMargin is the least relative margin by which a Horner sum must exceed
// the sum of the absolute values of its terms to count as signed (margin):
// the rounding error of Horner's rule over n coefficients is below
// 2n·2⁻⁵³ of that sum (Higham, Accuracy and Stability of Numerical
// Algorithms, 2nd ed., 2002, §5.1), 2.7·10⁻¹⁴ for 121 flows.
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
// leading coefficient by more than its rounding error bound (margin). The
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
	mg := p.margin()
	var a, m float64
	if p.rev {
		v = f[0]
		a = math.Abs(v)
		s := math.Copysign(1, v)
		m = a
		for _, c := range f[1:] {
			v = v*t + c
			a = a*t + math.Abs(c)
			if e := s*v - mg*a; e < m {
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
		if e := s*v - mg*a; e < m {
			m = e
		}
	}
	return v, m > 0
}

// scan returns the root of a side with two or more possible roots: the root
// in the bracket of the first grid point, going out from r = 0, where the
// polynomial is 0 or has changed sign from v1, its value at r = 0. ok is
// false when no grid point does. guess is a first estimate of the root in
// t (a Halley step from t = 1), used only to choose where to look first.
//
// The grid point is the one a scan of every point in turn finds (linear),
// found with fewer evaluations. scan probes the point before the guess and
// then the one after it, or the one before that if the first has changed
// sign: a point that still has the sign of v1 and that certValue certifies
// free of roots back to r = 0 rules out every point up to it; a point that
// has changed sign bounds the search. When two such points are neighbours,
// that is the bracket (two evaluations, the common case); otherwise scan
// marches out from the last point ruled out, skipping the points Taylor's
// theorem rules out (march).
func (p *poly) scan(v1, guess float64) (float64, bool) {
	side := 0
	if p.rev {
		side = 1
	}
	n := scanEnd[side]
	if p.linear {
		return p.linearScan(0, v1, v1, n)
	}
	changed := func(v float64) bool { return v == 0 || (v < 0) != (v1 < 0) }
	lo, loV, hi, hiV := 0, v1, n+1, 0.0
	probe := func(i int) {
		t := p.t(i)
		v, clear := p.end(), false
		if t > 0 {
			v, clear = p.certValue(t)
		}
		switch {
		case changed(v):
			hi, hiV = i, v
		case clear:
			lo, loV = i, v
		}
	}
	if i := p.guessIndex(guess, n); i > 1 {
		probe(i - 1)
		switch {
		case lo == i-1:
			probe(i)
		case hi == i-1 && i > 2:
			probe(i - 2)
		}
	}
	if hi == lo+1 {
		return p.bracket(hi, hiV, loV)
	}
	return p.march(lo, loV, v1, min(hi, n))
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
	cur, t := from, p.t(from)
	var d1, a, ad1, a2 float64
	if t > 0 {
		_, d1, a, ad1, a2 = p.evalAbs(t) // v stays: v1 at r = 0 is the sum
	}
	mg := p.margin()
	for cur < last {
		s := math.Copysign(1, v)
		c := s*v - mg*a
		b := s*d1 + mg*ad1
		next := cur + 1
		if c > 0 && t > 0 {
			floor := math.Inf(-1) // no grid point to rule out past t − h
			if a2 > 0 || b > 0 {
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
			nv, d1, a, ad1, a2 = p.evalAbs(nt)
		}
		if nv == 0 || (nv < 0) != (v1 < 0) {
			prev := v
			if next-1 > cur {
				prev = p.value(p.t(next - 1))
			}
			return p.bracket(next, nv, prev)
		}
		cur, t, v = next, nt, nv
	}
	return 0, false
}

// evalAbs returns the value and derivative of the polynomial at t > 0, the
// value the same bits as value's, and the value, derivative and half second
// derivative of the polynomial of the absolute values of its coefficients.
func (p *poly) evalAbs(t float64) (v, d1, a, ad1, a2 float64) {
	p.evals++
	f := p.flows[p.lo : p.hi+1]
	if p.rev {
		v, a = f[0], math.Abs(f[0])
		for _, c := range f[1:] {
			a2 = a2*t + ad1
			ad1 = ad1*t + a
			a = a*t + math.Abs(c)
			d1 = d1*t + v
			v = v*t + c
		}
		return v, d1, a, ad1, a2
	}
	v, a = f[len(f)-1], math.Abs(f[len(f)-1])
	for i := len(f) - 2; i >= 0; i-- {
		a2 = a2*t + ad1
		ad1 = ad1*t + a
		a = a*t + math.Abs(f[i])
		d1 = d1*t + v
		v = v*t + f[i]
	}
	return v, d1, a, ad1, a2
}

// margin returns the relative margin by which a Horner sum must exceed the
// sum of the absolute values of its terms to count as signed: certMargin,
// or 4·n·2⁻⁵³ for n coefficients if that is larger.
func (p *poly) margin() float64 {
	return max(certMargin, float64(4*(p.hi-p.lo+1))*0x1p-53)
}
