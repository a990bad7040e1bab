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

// scan returns the root of a side with two or more possible roots: the root
// in the bracket of the first grid point, going out from r = 0, where the
// polynomial is 0 or has changed sign from v1, its value at r = 0. ok is
// false when no grid point does. guess is a first estimate of the root in
// t (a Halley step from t = 1), used only to choose where to look first.
//
// The grid point is the one a scan of every point in turn finds (linear), but
// found with a bounded number of evaluations: a point where the polynomial
// still has the sign of v1 and certValue certifies no root between it and
// r = 0 rules out all the points before it; a point where the sign has
// changed rules out all those after it. IRR probes the point past the guess,
// then doubles its steps out and back, then bisects: at most about
// 3·log₂(95) ≈ 20 evaluations. A point with the sign of v1 that certValue
// cannot certify (a root on the other side of r = 0, or two roots close
// together) sends the scan back to evaluating every point in turn from the
// last point ruled out.
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
	// lo: all points up to lo ruled out (value loV); hi: a changed point
	// (value hiV), n+1 while none is known.
	lo, loV, hi, hiV := 0, v1, n+1, 0.0
	i := p.guessIndex(guess, n)
	step := 1
	for hi-lo > 1 {
		t := p.t(i)
		var v float64
		clear := false
		if t > 0 {
			v, clear = p.certValue(t)
		} else {
			v = p.end()
		}
		switch {
		case changed(v):
			hi, hiV = i, v
		case clear:
			lo, loV = i, v
		case i == n && lo < n-1:
			// The end keeps the sign: certify the point before it.
			i = n - 1
			continue
		default:
			return p.linearScan(lo, loV, v1, min(hi, n))
		}
		switch {
		case hi > n: // out from lo, doubling
			i = min(lo+step, n)
			step *= 2
		case hi-lo > 2*step && lo == 0 && hi == i: // back from hi, doubling
			i = hi - step
			step *= 2
		default:
			i = lo + (hi-lo)/2
		}
	}
	if hi > n {
		return 0, false
	}
	return p.bracket(hi, hiV, loV)
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
