package dist

import (
	"fmt"

	"gonum.org/v1/gonum/mathext"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// QMCShocks turns one point u of the unit cube (a point of a scrambled
// Sobol sequence, say) into the diffusion shocks of one path: for each of
// the N steps of a time grid, a vector of F standard normals with the
// correlation matrix of a Correlated, the vector Correlated.Fill draws
// from a pseudo-random stream.
//
// Coordinates map to shocks in three stages.
//
//  1. Each coordinate becomes a standard normal by the inverse normal
//     distribution function (Wichura's algorithm AS 241, Applied
//     Statistics 37(3), 1988, through gonum's mathext.NormalQuantile).
//  2. With the bridge (NewQMCShocks(…, true)), coordinate k·F + f is input
//     k of factor f's Brownian bridge over the grid (BrownianBridge: input
//     0 the path's end, input 1 its middle, …), so the first F
//     coordinates, a sequence's best distributed, set every factor's
//     largest move; the bridge's standardized increments are the factor's
//     independent shocks step by step. Without it, coordinate k·F + f is
//     the shock of factor f at step k directly (step-major order).
//  3. Each step's vector of F independent shocks is multiplied by the
//     lower-triangular factor L of the correlation matrix (L·Lᵀ = C), so
//     the correlation is applied after the bridge and each factor's
//     Brownian path keeps the bridge's order of importance.
//
// A point may have fewer coordinates than Dim() = F·N, when a sequence has
// fewer dimensions than the path needs (SobolMaxDim): Fill then draws the
// missing coordinates, the last (with the bridge, the finest moves of the
// path), as normals from a pseudo-random stream, in coordinate order. This
// is Owen's padding of a quasi-random point with random coordinates
// ("Latin supercube sampling for very high-dimensional simulations", ACM
// TOMACS 8(1), 1998).
//
// If u is uniform on the unit cube, the shocks have exactly the law of
// Correlated.Fill's, step after step. A *QMCShocks is immutable and safe
// for concurrent use; Fill allocates nothing.
type QMCShocks struct {
	factors, steps int
	bridge         *BrownianBridge // nil: step-major, no bridge
	rows           [][]float64     // rows of L; nil when C = I
}

// NewQMCShocks returns the map for the factors of corr over the grid times
// (as NewBrownianBridge requires: finite, > 0, strictly increasing), with
// or without the Brownian bridge. F·N must not exceed 2^31.
func NewQMCShocks(corr *Correlated, times []float64, bridge bool) (*QMCShocks, error) {
	var c valid.Checker
	if corr == nil {
		c.Add("corr", "nil", "a *Correlated")
		return nil, c.Err()
	}
	b, err := NewBrownianBridge(times)
	if err != nil {
		return nil, err
	}
	f, n := corr.Dim(), len(times)
	if int64(f)*int64(n) > 1<<31 {
		c.Add("factors × steps", int64(f)*int64(n), "≤ 2^31")
		return nil, c.Err()
	}
	q := &QMCShocks{factors: f, steps: n}
	if bridge {
		q.bridge = b
	}
	l := corr.Factor()
	for i := range l {
		for j := range i {
			if l[i][j] != 0 {
				q.rows = make([][]float64, f)
				for r := range q.rows {
					q.rows[r] = l[r][:r+1]
				}
				return q, nil
			}
		}
	}
	return q, nil
}

// Dim returns F·N, the number of coordinates of a full point.
func (q *QMCShocks) Dim() int { return q.factors * q.steps }

// Factors returns F, the number of shocks per step.
func (q *QMCShocks) Factors() int { return q.factors }

// Steps returns N, the number of steps.
func (q *QMCShocks) Steps() int { return q.steps }

// Bridged reports whether the Brownian bridge maps coordinates to steps.
func (q *QMCShocks) Bridged() bool { return q.bridge != nil }

// ScratchLen returns the length Fill needs of its scratch slice, 2·N.
func (q *QMCShocks) ScratchLen() int { return 2 * q.steps }

// Fill writes the shocks of the path with coordinates u into dst, step
// major: dst[k·F + f] is the shock of factor f at step k. len(dst) must be
// Dim() and len(scratch) at least ScratchLen(). Every u[j] must lie in
// (0, 1) (a scrambled Sobol point does; an unscrambled one starts at the
// origin, whose normal is −∞). If len(u) < Dim(), coordinates len(u) …
// Dim()−1 are pad.Norm() draws in that order, and pad must not be nil. Fill
// panics on a violation of these rules (a programmer error).
func (q *QMCShocks) Fill(dst, u []float64, pad *Rand, scratch []float64) {
	dim := q.Dim()
	switch {
	case len(dst) != dim || len(u) > dim:
		panic(fmt.Sprintf("dist: QMCShocks.Fill: len(dst) = %d, len(u) = %d; want %d and at most %d", len(dst), len(u), dim, dim))
	case len(u) < dim && pad == nil:
		panic(fmt.Sprintf("dist: QMCShocks.Fill: a point of %d coordinates needs a pad stream for the other %d", len(u), dim-len(u)))
	case len(scratch) < q.ScratchLen():
		panic(fmt.Sprintf("dist: QMCShocks.Fill: len(scratch) = %d, want ≥ %d", len(scratch), q.ScratchLen()))
	}
	checkUnit(u)
	switch {
	case q.bridge == nil:
		normals(dst, u)
		for j := len(u); j < dim; j++ {
			dst[j] = pad.Norm()
		}
	case len(u) == dim:
		// Each factor's inputs straight from its coordinates, stride F.
		in, out := scratch[:q.steps], scratch[q.steps:2*q.steps]
		for f := range q.factors {
			for k := range in {
				in[k] = u[k*q.factors+f]
			}
			normals(in, in)
			q.bridge.Increments(out, in)
			for k, x := range out {
				dst[k*q.factors+f] = x
			}
		}
	default:
		// Padded: the normals in coordinate order first, then each factor.
		normals(dst, u)
		for j := len(u); j < dim; j++ {
			dst[j] = pad.Norm()
		}
		in, out := scratch[:q.steps], scratch[q.steps:2*q.steps]
		for f := range q.factors {
			for k := range in {
				in[k] = dst[k*q.factors+f]
			}
			q.bridge.Increments(out, in)
			for k, x := range out {
				dst[k*q.factors+f] = x
			}
		}
	}
	if q.rows != nil {
		for k := range q.steps {
			q.correlate(dst[k*q.factors : (k+1)*q.factors])
		}
	}
}

// checkUnit panics unless every u[j] is in (0, 1).
func checkUnit(u []float64) {
	for j, x := range u {
		if !(x > 0 && x < 1) {
			panic(fmt.Sprintf("dist: QMCShocks.Fill: u[%d] = %v, want in (0, 1)", j, x))
		}
	}
}

// normals sets dst[j] = Φ⁻¹(u[j]) for j < len(u); dst may be u.
func normals(dst, u []float64) {
	dst = dst[:len(u)]
	for j, x := range u {
		dst[j] = mathext.NormalQuantile(x)
	}
}

// correlate replaces the independent normals z by L·z in place, from the
// last row up (row i reads only entries 0 … i, still the inputs).
func (q *QMCShocks) correlate(z []float64) {
	for i := len(z) - 1; i >= 0; i-- {
		row := q.rows[i]
		x := z[:len(row)]
		var s float64
		for k, lik := range row {
			s += lik * x[k]
		}
		z[i] = s
	}
}
