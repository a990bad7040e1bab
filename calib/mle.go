package calib

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// mle is a likelihood in unconstrained working parameters θ, the shape both
// numerical fits (Merton, regime switching) share.
type mle struct {
	n int // observations
	// nll returns the negative log-likelihood divided by n at θ (+Inf where
	// it cannot be evaluated).
	nll func(theta []float64) float64
	// grad stores the gradient of nll in g; nil means central differences.
	grad func(g, theta []float64)
	// perObs stores each observation's log-likelihood contribution (its
	// conditional log density) in dst, for the OPG information.
	perObs func(dst, theta []float64)
	// natural maps θ to the reported parameters.
	natural func(dst, theta []float64)
	k       int // len(natural's output)
}

// gradient evaluates the gradient of nll, analytically when the model has one.
func (m *mle) gradient(g, theta []float64) {
	if m.grad != nil {
		m.grad(g, theta)
		return
	}
	fd.Gradient(g, m.nll, theta, &fd.Settings{Formula: fd.Central, Step: 1e-6})
}

// gradTol is the infinity norm of the gradient of the per-observation
// negative log-likelihood below which an optimum counts as found; the
// working parameters are scaled so that this is far below their standard
// errors (which are of order 1/√n).
const gradTol = 1e-6

// maxIterations caps the BFGS iterations of one start.
const maxIterations = 200

// minimize runs BFGS (gonum/optimize; Nocedal and Wright, Numerical
// Optimization, 2006, ch. 6) from each start and returns the best optimum
// found, its nll, and whether it passed the gradient test.
func (m *mle) minimize(starts [][]float64) (best []float64, fbest, gnorm float64, err error) {
	fbest = math.Inf(1)
	gnorm = math.Inf(1)
	prob := optimize.Problem{Func: m.nll, Grad: m.gradient}
	for _, x0 := range starts {
		if f := m.nll(x0); math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		settings := &optimize.Settings{
			GradientThreshold: gradTol / 10,
			// Identified fits converge in 20–50 iterations; on a flat ridge
			// of the likelihood (parameters the data do not identify, such
			// as jumps fitted to data without any) BFGS would creep on for
			// thousands, so it stops at the cap or after 20 iterations that
			// gain less than 1e-10 per observation each.
			MajorIterations: maxIterations,
			Converger:       &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 20},
		}
		res, _ := optimize.Minimize(prob, x0, settings, &optimize.BFGS{})
		if res == nil || math.IsNaN(res.F) || !(res.F < fbest) {
			continue
		}
		g := make([]float64, len(x0))
		m.gradient(g, res.X)
		fbest, best, gnorm = res.F, res.X, floats.Norm(g, math.Inf(1))
	}
	if best == nil {
		return nil, 0, 0, errors.New("calib: the likelihood could not be evaluated at any starting value")
	}
	return best, fbest, gnorm, nil
}

// covariance returns the covariance of the natural parameters at θ from the
// observed information (Hessian of the negative log-likelihood), falling
// back to the outer product of gradients, and the method used. The delta
// method maps the covariance of θ to the natural parameters: J·I⁻¹·Jᵀ with
// J = ∂natural/∂θ.
func (m *mle) covariance(theta []float64) (*mat.SymDense, string, []string) {
	return m.covarianceHeld(theta, nil)
}

// covarianceHeld is covariance with the working parameters that held marks
// kept at their values in theta (a parameter at a bound of the fit): the
// information is that of the others, and the delta method maps their
// covariance, so the result is conditional on the held ones. A nil held
// holds none.
func (m *mle) covarianceHeld(theta []float64, held []bool) (*mat.SymDense, string, []string) {
	m, theta = m.restrict(theta, held)
	p := len(theta)
	var notes []string

	// Observed information in θ: n times the Hessian of nll.
	h := mat.NewSymDense(p, nil)
	if m.grad != nil {
		jac := mat.NewDense(p, p, nil)
		fd.Jacobian(jac, func(y, x []float64) { m.grad(y, x) }, theta,
			&fd.JacobianSettings{Formula: fd.Central, Step: 1e-5})
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				h.SetSym(i, j, (jac.At(i, j)+jac.At(j, i))/2)
			}
		}
	} else {
		fd.Hessian(h, m.nll, theta, &fd.Settings{Formula: fd.Central, Step: 1e-4})
	}
	h.ScaleSym(float64(m.n), h)

	info, method := h, StdErrHessian
	inv, ok := invertSPD(info)
	if !ok {
		notes = append(notes, "observed information (numerical Hessian) is not positive definite at the optimum: "+
			"some parameter is not identified by these data; standard errors use the outer product of gradients instead")
		jac := mat.NewDense(m.n, p, nil)
		fd.Jacobian(jac, m.perObs, theta, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-5})
		opg := mat.NewSymDense(p, nil)
		opg.SymOuterK(1, jac.T())
		info, method = opg, StdErrOPG
		inv, ok = invertSPD(info)
		if !ok {
			notes = append(notes, "the outer product of gradients is singular too: no standard errors")
			return nil, StdErrNone, notes
		}
	}
	jn := mat.NewDense(m.k, p, nil)
	fd.Jacobian(jn, m.natural, theta, &fd.JacobianSettings{Formula: fd.Central})
	var tmp mat.Dense
	tmp.Mul(jn, inv)
	var full mat.Dense
	full.Mul(&tmp, jn.T())
	cov := mat.NewSymDense(m.k, nil)
	for i := 0; i < m.k; i++ {
		for j := i; j < m.k; j++ {
			cov.SetSym(i, j, (full.At(i, j)+full.At(j, i))/2)
		}
	}
	return cov, method, notes
}

// restrict returns the likelihood as a function of the working parameters
// that held does not mark, the marked ones staying at their values in
// theta, and the values of the free ones.
func (m *mle) restrict(theta []float64, held []bool) (*mle, []float64) {
	var free []int
	for i := range theta {
		if held == nil || !held[i] {
			free = append(free, i)
		}
	}
	if len(free) == len(theta) {
		return m, theta
	}
	full := func(x []float64) []float64 {
		t := slices.Clone(theta)
		for j, i := range free {
			t[i] = x[j]
		}
		return t
	}
	r := &mle{
		n:       m.n,
		k:       m.k,
		nll:     func(x []float64) float64 { return m.nll(full(x)) },
		perObs:  func(dst, x []float64) { m.perObs(dst, full(x)) },
		natural: func(dst, x []float64) { m.natural(dst, full(x)) },
	}
	if m.grad != nil {
		g := make([]float64, len(theta))
		r.grad = func(dst, x []float64) {
			m.grad(g, full(x))
			for j, i := range free {
				dst[j] = g[i]
			}
		}
	}
	sub := make([]float64, len(free))
	for j, i := range free {
		sub[j] = theta[i]
	}
	return r, sub
}

// maxCond is the largest condition number of an information matrix that is
// still inverted: beyond it the inverse is dominated by rounding.
const maxCond = 1e13

// invertSPD inverts a symmetric positive definite matrix by Cholesky
// factorisation; ok is false when it is not positive definite or too badly
// conditioned to invert meaningfully.
func invertSPD(a *mat.SymDense) (*mat.SymDense, bool) {
	for i := 0; i < a.SymmetricDim(); i++ {
		for j := 0; j < a.SymmetricDim(); j++ {
			if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, false
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(a) || ch.Cond() > maxCond {
		return nil, false
	}
	inv := mat.NewSymDense(a.SymmetricDim(), nil)
	if err := ch.InverseTo(inv); err != nil {
		return nil, false
	}
	return inv, true
}
