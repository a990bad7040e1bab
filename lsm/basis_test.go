package lsm

import (
	"math"
	"strings"
	"testing"
)

// TestPolynomialTerms checks the monomials of degree 2 in three variables,
// in the documented order, and the count C(n+d, d) for other sizes.
func TestPolynomialTerms(t *testing.T) {
	p := Polynomial{Vars: 3, Degree: 2}
	z := []float64{2, 3, 5}
	out := make([]float64, p.Len())
	p.Eval(z, out)
	want := []float64{1, 2, 3, 5, 4, 6, 10, 9, 15, 25}
	if len(out) != len(want) {
		t.Fatalf("len %d, want %d", len(out), len(want))
	}
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("term %d = %g, want %g (all: %v)", i, out[i], want[i], out)
		}
	}
	for _, c := range []struct{ vars, degree, n int }{{1, 0, 1}, {1, 3, 4}, {4, 2, 15}, {4, 3, 35}, {20, 2, 231}} {
		if n := (Polynomial{Vars: c.vars, Degree: c.degree}).Len(); min(n, MaxBasisLen+1) != min(c.n, MaxBasisLen+1) {
			t.Errorf("Polynomial{%d, %d}.Len() = %d, want %d", c.vars, c.degree, n, c.n)
		}
	}
	// Every monomial of degree 3 in two variables appears once.
	q := Polynomial{Vars: 2, Degree: 3}
	out = make([]float64, q.Len())
	q.Eval([]float64{2, 3}, out)
	wantQ := []float64{1, 2, 3, 4, 6, 9, 8, 12, 18, 27}
	for i := range wantQ {
		if out[i] != wantQ[i] {
			t.Errorf("degree 3: term %d = %g, want %g", i, out[i], wantQ[i])
		}
	}
}

// TestLaguerreClosedForms checks the recurrence against the closed forms
// of Longstaff and Schwartz's eq. (2): L₀ = e^(−z/2), L₁ = e^(−z/2)(1−z),
// L₂ = e^(−z/2)(1−2z+z²/2), and L₃ = e^(−z/2)(1−3z+3z²/2−z³/6).
func TestLaguerreClosedForms(t *testing.T) {
	l := Laguerre{Vars: 2, Degree: 3}
	for _, z := range [][]float64{{0.9, 1.1}, {0, 3}, {2.5, -0.4}} {
		out := make([]float64, l.Len())
		l.Eval(z, out)
		if out[0] != 1 {
			t.Errorf("constant = %g", out[0])
		}
		for c, x := range z {
			w := math.Exp(-x / 2)
			want := []float64{w, w * (1 - x), w * (1 - 2*x + x*x/2), w * (1 - 3*x + 3*x*x/2 - x*x*x/6)}
			for n, v := range want {
				if got := out[1+c*4+n]; math.Abs(got-v) > 1e-14*max(1, math.Abs(v)) {
					t.Errorf("z = %g: L%d = %.17g, want %.17g", x, n, got, v)
				}
			}
		}
	}
}

// TestBasisValidation: sizes out of range are refused with the field.
func TestBasisValidation(t *testing.T) {
	for _, c := range []struct {
		b    Basis
		want string
	}{
		{nil, "basis = nil"},
		{Polynomial{Vars: 0, Degree: 2}, "vars = 0"},
		{Polynomial{Vars: 3, Degree: 11}, "degree = 11"},
		{Polynomial{Vars: 20, Degree: 10}, "functions: must be in [1, 200]"},
		{Laguerre{Vars: 21, Degree: 1}, "vars = 21"},
	} {
		err := validateBasis(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.b, err, c.want)
		}
	}
}
