package lsm

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// leastSquares solves min ‖A·X − B‖ for the n×p design A and the n×q
// targets B (row-major slices), by the thin singular value decomposition
// of A (gonum's mat.SVD): singular values at or below rcond times the
// largest are dropped, which gives the minimum-norm solution when columns
// of A are dependent. It returns X (p×q), the fitted values A·X (n×q) and
// the numerical rank of A.
func leastSquares(a []float64, n, p int, b []float64, q int, rcond float64) (x, fit *mat.Dense, rank int, err error) {
	A := mat.NewDense(n, p, a)
	B := mat.NewDense(n, q, b)
	var svd mat.SVD
	if !svd.Factorize(A, mat.SVDThin) {
		return nil, nil, 0, errors.New("the singular value decomposition of the design did not converge")
	}
	rank = svd.Rank(rcond)
	if rank == 0 {
		return mat.NewDense(p, q, nil), mat.NewDense(n, q, nil), 0, nil
	}
	x = new(mat.Dense)
	svd.SolveTo(x, B, rank)
	fit = new(mat.Dense)
	fit.Mul(A, x)
	return x, fit, rank, nil
}

// rSquared returns 1 − Σ(y − ŷ)²/Σ(y − ȳ)² over the n values that y(i)
// and yhat(i) give: the share of the variance of y that the fit explains
// (0 when y does not vary).
func rSquared(n int, y, yhat func(i int) float64) float64 {
	if n == 0 {
		return 0
	}
	mean := 0.0
	for i := range n {
		mean += y(i)
	}
	mean /= float64(n)
	var res, tot float64
	for i := range n {
		v := y(i)
		res += (v - yhat(i)) * (v - yhat(i))
		tot += (v - mean) * (v - mean)
	}
	if !(tot > 0) {
		return 0
	}
	return 1 - res/tot
}
