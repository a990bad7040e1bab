package dist

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Tolerances of NewCorrelated. A correlation matrix has a unit diagonal, so
// they are absolute.
const (
	// symTol is the largest |corr[i][j] − corr[j][i]| accepted as symmetric.
	symTol = 1e-12
	// diagTol is the largest |corr[i][i] − 1| accepted as a unit diagonal.
	diagTol = 1e-12
	// psdTol is the most negative smallest eigenvalue accepted as positive
	// semi-definite (round-off in a singular matrix), per unit of dimension.
	psdTol = 1e-12
	// pivotTol is the pivot of the semi-definite Cholesky factorization at
	// or below which a component counts as fully determined by the previous
	// ones (its conditional variance is taken as 0).
	pivotTol = 1e-12
	// reconTol is the largest entry of |L·Lᵀ − C| a factorization may leave.
	reconTol = 1e-10
)

// Correlated turns independent standard normals into standard normals with a
// given correlation matrix C, through a lower-triangular factor L with
// L·Lᵀ = C: if z is a vector of independent standard normals, L·z has
// covariance C.
//
// A *Correlated is immutable after construction and holds no scratch memory,
// so one value may be shared by any number of goroutines.
type Correlated struct {
	n        int
	l        []float64 // lower triangle of L, row by row: row i is l[i(i+1)/2 : i(i+1)/2+i+1]
	c        []float64 // the correlation matrix, n×n row-major
	identity bool
	rows     [][]float64 // rows[i] is row i of L, a view of l
}

// factorRows returns the rows of the packed lower triangle l of order n.
func factorRows(n int, l []float64) [][]float64 {
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = l[i*(i+1)/2 : i*(i+1)/2+i+1 : i*(i+1)/2+i+1]
	}
	return rows
}

// NewCorrelated validates the correlation matrix corr and factors it once.
//
// corr must be square (at least 1×1), symmetric to within 1e-12, with a unit
// diagonal (to within 1e-12), finite entries in [−1, 1], and positive
// semi-definite (smallest eigenvalue ≥ −1e-12·n). Every problem is reported
// with the entry it concerns, e.g.
//
//	corr[1][0] = 0.5: must be equal to corr[0][1] = 0.3 (symmetric)
//
// The lower triangle of corr is what is used: the matrix is symmetrized from
// it and its diagonal set to exactly 1.
//
// A positive definite matrix is factored by gonum's Cholesky decomposition.
// A matrix that is only semi-definite (singular, for example with a perfect
// correlation ±1) is factored by a semi-definite Cholesky decomposition,
// still lower triangular, that gives a component whose conditional variance
// given the previous ones is at or below 1e-12 a zero column: that
// component is then an exact linear combination of the previous ones (with
// corr[0][1] = 1, component 1 equals component 0).
func NewCorrelated(corr [][]float64) (*Correlated, error) {
	n := len(corr)
	var c valid.Checker
	if n == 0 {
		c.Add("len(corr)", 0, "≥ 1")
		return nil, c.Err()
	}
	for i, row := range corr {
		if len(row) != n {
			c.Add(fmt.Sprintf("len(corr[%d])", i), len(row), fmt.Sprintf("%d, the number of rows (corr must be square)", n))
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			v := corr[i][j]
			name := fmt.Sprintf("corr[%d][%d]", i, j)
			if i == j {
				if !(math.Abs(v-1) <= diagTol) {
					c.Add(name, v, "1 (a correlation matrix has a unit diagonal)")
				}
				continue
			}
			okLow := c.Range(name, v, -1, 1)
			w := corr[j][i]
			okUp := c.Range(fmt.Sprintf("corr[%d][%d]", j, i), w, -1, 1)
			if okLow && okUp && !(math.Abs(v-w) <= symTol) {
				c.Add(name, v, fmt.Sprintf("equal to corr[%d][%d] = %g (corr must be symmetric)", j, i, w))
			}
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}

	cm := make([]float64, n*n)
	for i := 0; i < n; i++ {
		cm[i*n+i] = 1
		for j := 0; j < i; j++ {
			cm[i*n+j] = corr[i][j]
			cm[j*n+i] = corr[i][j]
		}
	}
	l, err := factor(n, cm)
	if err != nil {
		return nil, err
	}
	cr := &Correlated{n: n, l: l, c: cm, identity: true, rows: factorRows(n, l)}
	for i := 0; i < n && cr.identity; i++ {
		for j := 0; j < i; j++ {
			if cm[i*n+j] != 0 {
				cr.identity = false
				break
			}
		}
	}
	return cr, nil
}

// factor returns the packed lower-triangular L with L·Lᵀ = C for the
// symmetric, unit-diagonal n×n matrix cm, or an error if C is not positive
// semi-definite.
func factor(n int, cm []float64) ([]float64, error) {
	l := make([]float64, n*(n+1)/2)
	sym := mat.NewSymDense(n, append([]float64(nil), cm...))
	var ch mat.Cholesky
	if ch.Factorize(sym) {
		var lt mat.TriDense
		ch.LTo(&lt)
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				l[i*(i+1)/2+j] = lt.At(i, j)
			}
		}
	} else {
		var eig mat.EigenSym
		if !eig.Factorize(sym, false) {
			return nil, errors.New("corr: eigenvalue decomposition failed to converge")
		}
		vals := eig.Values(nil)
		minEig := vals[0]
		for _, v := range vals {
			minEig = math.Min(minEig, v)
		}
		if minEig < -psdTol*float64(n) {
			return nil, fmt.Errorf("corr is not positive semi-definite: smallest eigenvalue %.3g (must be ≥ %.0e); no set of random variables has these correlations", minEig, -psdTol*float64(n))
		}
		semiDefiniteCholesky(n, cm, l)
	}
	// Check the factor: a matrix that passed the eigenvalue test by a hair
	// could in principle leave a larger error where pivots were zeroed.
	worst, wi, wj := 0.0, 0, 0
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for k := 0; k <= j; k++ {
				s += l[i*(i+1)/2+k] * l[j*(j+1)/2+k]
			}
			if d := math.Abs(s - cm[i*n+j]); !(d <= worst) {
				worst, wi, wj = d, i, j
			}
		}
	}
	if !(worst <= reconTol) {
		return nil, fmt.Errorf("corr is too close to indefinite to factor: L·Lᵀ differs from corr[%d][%d] by %.3g (tolerance %.0e)", wi, wj, worst, reconTol)
	}
	return l, nil
}

// semiDefiniteCholesky writes into the packed l the Cholesky factor of the
// positive semi-definite, unit-diagonal n×n matrix cm, computed column by
// column (the Cholesky–Crout order, Golub and Van Loan, Matrix Computations,
// 4th ed., 2013, §4.2.5, without pivoting). A pivot at or below pivotTol
// (round-off level: the component's variance left after regressing it on
// the previous components) gives a zero column. For a semi-definite matrix
// the rest of that column of the Schur complement is zero in exact
// arithmetic, so zeroing it is exact up to round-off; factor checks the
// result.
func semiDefiniteCholesky(n int, cm, l []float64) {
	at := func(i, j int) int { return i*(i+1)/2 + j }
	for j := 0; j < n; j++ {
		d := cm[j*n+j]
		for k := 0; k < j; k++ {
			d -= l[at(j, k)] * l[at(j, k)]
		}
		if d <= pivotTol {
			for i := j; i < n; i++ {
				l[at(i, j)] = 0
			}
			continue
		}
		ljj := math.Sqrt(d)
		l[at(j, j)] = ljj
		for i := j + 1; i < n; i++ {
			s := cm[i*n+j]
			for k := 0; k < j; k++ {
				s -= l[at(i, k)] * l[at(j, k)]
			}
			l[at(i, j)] = s / ljj
		}
	}
}

// Identity returns the Correlated of n independent standard normals (C = I),
// whose Fill just draws them. It panics if n < 1 (a programmer error).
func Identity(n int) *Correlated {
	if n < 1 {
		panic(fmt.Sprintf("dist: Identity(%d): dimension must be ≥ 1", n))
	}
	c := &Correlated{n: n, l: make([]float64, n*(n+1)/2), c: make([]float64, n*n), identity: true}
	c.rows = factorRows(n, c.l)
	for i := 0; i < n; i++ {
		c.l[i*(i+1)/2+i] = 1
		c.c[i*n+i] = 1
	}
	return c
}

// Dim returns the number of components.
func (c *Correlated) Dim() int { return c.n }

// Matrix returns a copy of the correlation matrix in use (symmetric, with a
// unit diagonal).
func (c *Correlated) Matrix() [][]float64 {
	m := make([][]float64, c.n)
	for i := range m {
		m[i] = append([]float64(nil), c.c[i*c.n:(i+1)*c.n]...)
	}
	return m
}

// Factor returns a copy of the lower-triangular factor L (L·Lᵀ = Matrix()),
// as an n×n matrix with zeros above the diagonal.
func (c *Correlated) Factor() [][]float64 {
	m := make([][]float64, c.n)
	for i := range m {
		m[i] = make([]float64, c.n)
		copy(m[i], c.l[i*(i+1)/2:i*(i+1)/2+i+1])
	}
	return m
}

// Fill writes into dst, whose length must be Dim(), one vector of standard
// normals with correlation matrix Matrix(). It draws Dim() values of r.Norm
// into dst and multiplies them by L in place, from the last row up (row i
// reads only components 0..i, which are still the independent draws). It
// allocates nothing and uses no memory of c, so concurrent calls with
// different dst and r are safe. In mirror mode every output is exactly
// negated, because every draw is.
//
// Fill panics if len(dst) != Dim(): that is a programmer error.
func (c *Correlated) Fill(dst []float64, r *Rand) {
	if len(dst) != c.n {
		panic(fmt.Sprintf("dist: Correlated.Fill: len(dst) = %d, want Dim() = %d", len(dst), c.n))
	}
	for i := range dst {
		dst[i] = r.Norm()
	}
	if c.identity {
		return
	}
	for i := c.n - 1; i >= 0; i-- {
		row := c.rows[i]
		x := dst[:len(row)]
		var s float64
		for k, lik := range row {
			s += lik * x[k]
		}
		dst[i] = s
	}
}
