package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// checkGenerator validates an n×n generator matrix.
func checkGenerator(c *valid.Checker, field string, q [][]float64, n int) {
	if len(q) != n {
		c.Add("len("+field+")", len(q), fmt.Sprintf("%d (one row per regime)", n))
		return
	}
	for i, row := range q {
		if len(row) != n {
			c.Add(fmt.Sprintf("len(%s[%d])", field, i), len(row), fmt.Sprintf("%d (one entry per regime)", n))
			continue
		}
		ok := true
		for j, v := range row {
			f := fmt.Sprintf("%s[%d][%d]", field, i, j)
			if i == j {
				ok = c.Finite(f, v) && ok
				continue
			}
			ok = c.Range(f, v, 0, maxSwitchRate) && ok
		}
		if ok {
			checkGeneratorRates(c, field, row, i)
		}
	}
}

// checkGeneratorRates checks that row i of a generator sums to 0 (within
// 1e-9·max(1, |q_ii|)) and that its exit rate is at most the cap.
func checkGeneratorRates(c *valid.Checker, field string, row []float64, i int) {
	var sum, off float64
	for j, v := range row {
		sum += v
		if j != i {
			off += v
		}
	}
	if math.Abs(sum) > 1e-9*math.Max(1, math.Abs(row[i])) {
		c.Add(fmt.Sprintf("sum(%s[%d])", field, i), sum, "0 (each row of a generator sums to 0, within 1e-9)")
	}
	if off > maxSwitchRate {
		c.Add(fmt.Sprintf("exit rate of %s[%d]", field, i), off, fmt.Sprintf("≤ %g switches per year", float64(maxSwitchRate)))
	}
}

// checkTransition validates an n×n one-year transition matrix.
func checkTransition(c *valid.Checker, p [][]float64, n int) {
	if len(p) != n {
		c.Add("len(transitionPerYear)", len(p), fmt.Sprintf("%d (one row per regime)", n))
		return
	}
	for i, row := range p {
		if len(row) != n {
			c.Add(fmt.Sprintf("len(transitionPerYear[%d])", i), len(row), fmt.Sprintf("%d (one entry per regime)", n))
			continue
		}
		ok := true
		var sum float64
		for j, v := range row {
			ok = c.Prob(fmt.Sprintf("transitionPerYear[%d][%d]", i, j), v) && ok
			sum += v
		}
		if ok && math.Abs(sum-1) > 1e-9 {
			c.Add(fmt.Sprintf("sum(transitionPerYear[%d])", i), sum, "1 (each row of a transition matrix sums to 1, within 1e-9)")
		}
	}
}

// stationaryOf returns the stationary distribution of the generator q
// (row-major n×n): the solution of πQ = 0 with Σπ = 1, found by replacing
// one equation of Qᵀπ = 0 by the normalization. That system is nonsingular
// exactly when the chain has a single closed class; with several, the
// long-run distribution from a uniform start is returned instead (see
// stationaryLimit).
func stationaryOf(q []float64, n int) []float64 {
	if n == 1 {
		return []float64{1}
	}
	if reach, classes := closedClasses(q, n); classes > 1 {
		return stationaryLimit(q, n, reach)
	}
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n-1; i++ {
		for j := 0; j < n; j++ {
			a.Set(i, j, q[j*n+i]) // row i of Qᵀ
		}
	}
	for j := 0; j < n; j++ {
		a.Set(n-1, j, 1)
	}
	rhs := mat.NewVecDense(n, nil)
	rhs.SetVec(n-1, 1)
	var x mat.VecDense
	if err := x.SolveVec(a, rhs); err != nil {
		reach, _ := closedClasses(q, n)
		return stationaryLimit(q, n, reach)
	}
	pi := make([]float64, n)
	for i := range pi {
		pi[i] = x.AtVec(i)
		if pi[i] < -1e-9 || math.IsNaN(pi[i]) {
			reach, _ := closedClasses(q, n)
			return stationaryLimit(q, n, reach)
		}
	}
	return normalizeRow(pi)
}

// closedClasses returns the reachability relation (row-major n×n: entry
// i·n+j tells whether j can be reached from i) and the number of closed
// communicating classes of the chain with generator q (row-major n×n): the
// classes of states i such that every state reachable from i leads back to i.
func closedClasses(q []float64, n int) (reach []bool, classes int) {
	reach = make([]bool, n*n)
	for i := 0; i < n; i++ {
		reach[i*n+i] = true
		for j := 0; j < n; j++ {
			if q[i*n+j] > 0 {
				reach[i*n+j] = true
			}
		}
	}
	for k := 0; k < n; k++ { // transitive closure (Warshall)
		for i := 0; i < n; i++ {
			if !reach[i*n+k] {
				continue
			}
			for j := 0; j < n; j++ {
				if reach[k*n+j] {
					reach[i*n+j] = true
				}
			}
		}
	}
	for i := 0; i < n; i++ {
		closed, first := true, true
		for j := 0; j < n; j++ {
			if reach[i*n+j] && !reach[j*n+i] {
				closed = false
			}
			if j < i && reach[i*n+j] && reach[j*n+i] {
				first = false // i's class was counted at its smallest member
			}
		}
		if closed && first {
			classes++
		}
	}
	return reach, classes
}

// stationaryLimit returns the distribution at a very long horizon of the
// chain with generator q started uniformly over the regimes: the row average
// of exp(Q·2^50) (2^50 years), computed by squaring exp(Q) fifty times. Each
// square is cleaned of rounding, which would otherwise act over 2^50 years:
// entries [i][j] with j unreachable from i (per reach, from closedClasses)
// are set to 0, and rows are rescaled to sum to 1.
func stationaryLimit(q []float64, n int, reach []bool) []float64 {
	p := new(mat.Dense)
	p.Exp(mat.NewDense(n, n, append([]float64(nil), q...)))
	clean := func(m *mat.Dense) {
		for r := 0; r < n; r++ {
			row := m.RawRowView(r)
			for j := range row {
				if !reach[r*n+j] {
					row[j] = 0
				}
			}
			normalizeRow(row)
		}
	}
	clean(p)
	for i := 0; i < 50; i++ {
		sq := new(mat.Dense)
		sq.Mul(p, p)
		clean(sq)
		p = sq
	}
	pi := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			pi[j] += p.At(i, j) / float64(n)
		}
	}
	return normalizeRow(pi)
}

// normalizeRow clips rounding-level negatives to 0 and rescales to sum 1.
func normalizeRow(pi []float64) []float64 {
	var s float64
	for i, v := range pi {
		pi[i] = math.Max(v, 0)
		s += pi[i]
	}
	for i := range pi {
		pi[i] /= s
	}
	return pi
}

// stochasticLog returns the principal logarithm of the square matrix p by
// inverse scaling and squaring (Higham 2008, §11.5): repeated Denman–Beavers
// square roots until ‖A − I‖₁ ≤ 1/4, then the series
// log(I + X) = X − X²/2 + X³/3 − …, and the result scaled by 2^s. It reports
// false if p has no real principal logarithm.
func stochasticLog(p [][]float64) ([][]float64, bool) {
	n := len(p)
	a := mat.NewDense(n, n, nil)
	for i := range p {
		a.SetRow(i, p[i])
	}
	id := identityDense(n)
	s := 0
	for {
		var x mat.Dense
		x.Sub(a, id)
		if mat.Norm(&x, 1) <= 0.25 {
			break
		}
		if s == 64 {
			return nil, false
		}
		root, ok := sqrtDenmanBeavers(a, id)
		if !ok {
			return nil, false
		}
		a = root
		s++
	}
	var x, term, l mat.Dense
	x.Sub(a, id)
	term.CloneFrom(&x)
	l.CloneFrom(&x)
	for k := 2; k < 200; k++ {
		var next mat.Dense
		next.Mul(&term, &x)
		term = next
		c := 1 / float64(k)
		if k%2 == 0 {
			c = -c
		}
		var add mat.Dense
		add.Scale(c, &term)
		l.Add(&l, &add)
		if mat.Norm(&term, 1)/float64(k) < 1e-18 {
			break
		}
	}
	l.Scale(math.Ldexp(1, s), &l)
	out := make([][]float64, n)
	for i := range out {
		out[i] = mat.Row(nil, i, &l)
		for _, v := range out[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, false
			}
		}
	}
	return out, true
}

// sqrtDenmanBeavers returns the principal square root of a by the
// Denman–Beavers iteration (Denman and Beavers, "The matrix sign function and
// computations in systems", Applied Mathematics and Computation 2, 1976):
// Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 from Y = A, Z = I, Y → A^{1/2}. It
// reports false if an iterate is singular or the iteration does not converge
// (as when a has an eigenvalue on the closed negative real axis).
func sqrtDenmanBeavers(a, id *mat.Dense) (*mat.Dense, bool) {
	var y, z mat.Dense
	y.CloneFrom(a)
	z.CloneFrom(id)
	for it := 0; it < 100; it++ {
		var yi, zi mat.Dense
		if err := yi.Inverse(&y); err != nil {
			return nil, false
		}
		if err := zi.Inverse(&z); err != nil {
			return nil, false
		}
		var yn, zn, d mat.Dense
		yn.Add(&y, &zi)
		yn.Scale(0.5, &yn)
		zn.Add(&z, &yi)
		zn.Scale(0.5, &zn)
		d.Sub(&yn, &y)
		y, z = yn, zn
		if mat.Norm(&d, 1) <= 1e-15*mat.Norm(&y, 1) {
			return &y, true
		}
	}
	return nil, false
}

// identityDense returns the n×n identity matrix.
func identityDense(n int) *mat.Dense {
	id := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		id.Set(i, i, 1)
	}
	return id
}
