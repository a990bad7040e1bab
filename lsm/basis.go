package lsm

import (
	"fmt"
	"math"
)

// Basis is a family of functions of the state on which a continuation value
// is regressed: the columns of the least-squares design. Implementations
// must be safe for concurrent use (Eval writes only into out).
type Basis interface {
	// Dim returns the number of state coordinates the functions read.
	Dim() int
	// Len returns the number of functions, the constant included.
	Len() int
	// Eval writes the functions' values at the (scaled) state z, of
	// length Dim, into out, of length Len. It must not allocate.
	Eval(z, out []float64)
	// String names the basis ("polynomial of degree 2 in 3 variables").
	String() string
}

// MaxBasisLen is the most functions a Basis of this package may have: the
// design matrix of a date holds Len columns per path regressed.
const MaxBasisLen = 200

// Polynomial is the basis of all monomials z₁^a₁·…·z_n^a_n of total degree
// a₁+…+a_d ≤ Degree in Vars variables: C(Vars+Degree, Degree) functions, the
// constant first, then by degree, and within a degree in lexicographic
// order of the exponents (z₁², z₁z₂, z₂², … for degree 2). Used with
// scaled states (Config.Scaling), whose coordinates are of order one, its
// columns are well conditioned.
type Polynomial struct {
	// Vars is the number of variables, in [1, 20].
	Vars int
	// Degree is the largest total degree, in [0, 10].
	Degree int
}

// Laguerre is the basis of Longstaff and Schwartz (2001, §2, eq. (2)): a
// constant and, for each coordinate z_c, the weighted Laguerre polynomials
//
//	L_n(z) = e^(−z/2) · e^z/n! · dⁿ/dzⁿ (zⁿ e^(−z)),  n = 0, …, Degree,
//
// so L₀ = e^(−z/2), L₁ = e^(−z/2)(1 − z), L₂ = e^(−z/2)(1 − 2z + z²/2):
// 1 + Vars·(Degree+1) functions, without cross terms between coordinates
// (use Polynomial for those). The paper's American put regresses on the
// constant and L₀, L₁, L₂ of the stock price over the strike (Degree 2,
// unscaled state S/K).
type Laguerre struct {
	// Vars is the number of variables, in [1, 20].
	Vars int
	// Degree is the highest order of the Laguerre polynomials, in [0, 10].
	Degree int
}

// validateBasis checks that b is usable: its dimension and size within
// range.
func validateBasis(b Basis) error {
	if b == nil {
		return fmt.Errorf("basis = nil: must be a Basis (Polynomial, Laguerre or your own)")
	}
	switch p := b.(type) {
	case Polynomial:
		if err := checkDimDegree("polynomial", p.Vars, p.Degree); err != nil {
			return err
		}
	case Laguerre:
		if err := checkDimDegree("laguerre", p.Vars, p.Degree); err != nil {
			return err
		}
	}
	if n := b.Len(); n < 1 || n > MaxBasisLen {
		return fmt.Errorf("basis %s has %d functions: must be in [1, %d]", b, n, MaxBasisLen)
	}
	if d := b.Dim(); d < 0 {
		return fmt.Errorf("basis %s has dimension %d: must be ≥ 0", b, d)
	}
	return nil
}

// checkDimDegree checks a built-in basis's dimension and degree.
func checkDimDegree(name string, dim, degree int) error {
	switch {
	case dim < 1 || dim > 20:
		return fmt.Errorf("%s basis: vars = %d: must be in [1, 20]", name, dim)
	case degree < 0 || degree > 10:
		return fmt.Errorf("%s basis: degree = %d: must be in [0, 10]", name, degree)
	}
	return nil
}

// Dim implements Basis.
func (p Polynomial) Dim() int { return p.Vars }

// Len implements Basis: C(Vars+Degree, Degree), saturated above
// MaxBasisLen (which Fit then refuses).
func (p Polynomial) Len() int {
	n := 1
	for k := 1; k <= p.Degree; k++ {
		n = n * (p.Vars + k) / k
		if n > MaxBasisLen {
			return MaxBasisLen + 1
		}
	}
	return n
}

// Eval implements Basis. The monomials of degree k are built from those of
// degree k−1 by multiplying each by the variables from its last one on, so
// each is one multiplication.
func (p Polynomial) Eval(z, out []float64) {
	out[0] = 1
	// last[i] is the index of the highest variable in monomial i (0 for
	// the constant); [prevStart, prevEnd) are the monomials of the
	// previous degree.
	n := 1
	prevStart, prevEnd := 0, 1
	var last [MaxBasisLen + 1]int8
	for k := 1; k <= p.Degree; k++ {
		for i := prevStart; i < prevEnd; i++ {
			for c := int(last[i]); c < p.Vars; c++ {
				out[n] = out[i] * z[c]
				last[n] = int8(c)
				n++
			}
		}
		prevStart, prevEnd = prevEnd, n
	}
}

// String implements Basis.
func (p Polynomial) String() string {
	return fmt.Sprintf("polynomial of degree %d in %d variables (%d functions)", p.Degree, p.Vars, p.Len())
}

// Dim implements Basis.
func (l Laguerre) Dim() int { return l.Vars }

// Len implements Basis: 1 + Vars·(Degree+1).
func (l Laguerre) Len() int { return 1 + l.Vars*(l.Degree+1) }

// Eval implements Basis, by the three-term recurrence
// (n+1)·Lₙ₊₁ = (2n+1−z)·Lₙ − n·Lₙ₋₁ of the Laguerre polynomials, times
// the weight e^(−z/2).
func (l Laguerre) Eval(z, out []float64) {
	out[0] = 1
	n := 1
	for c := range l.Vars {
		w := math.Exp(-z[c] / 2)
		prev, cur := 0.0, 1.0
		for k := 0; k <= l.Degree; k++ {
			out[n] = w * cur
			n++
			next := ((2*float64(k)+1-z[c])*cur - float64(k)*prev) / float64(k+1)
			prev, cur = cur, next
		}
	}
}

// String implements Basis.
func (l Laguerre) String() string {
	return fmt.Sprintf("constant and weighted Laguerre polynomials L0..L%d in %d variables (%d functions)", l.Degree, l.Vars, l.Len())
}
