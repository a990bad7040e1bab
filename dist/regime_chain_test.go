package dist

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestStationaryReducible checks the documented fallback for a chain with
// two closed classes: the long-run law of a uniform start.
func TestStationaryReducible(t *testing.T) {
	// Regimes 0 and 2 are absorbing; regime 1 leaves to 0 at rate 3 and to 2
	// at rate 1, so a uniform start ends in 0 with probability
	// 1/3 + 1/3·3/4 and in 2 with 1/3 + 1/3·1/4.
	g, err := NewRegimeGBM([]float64{0, 0, 0}, []float64{0.1, 0.1, 0.1}, [][]float64{{0, 0, 0}, {3, -4, 1}, {0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	pi := g.Stationary()
	for k, want := range []float64{1.0/3 + 0.25, 0, 1.0/3 + 1.0/12} {
		mctest.WithinAbs(t, "reducible Stationary", pi[k], want, 1e-9)
	}
	// One closed class {1, 2} and a transient regime 0: the stationary law is
	// unique, zero on regime 0 and (4/5, 1/5) on the class (rates 1 and 4).
	g, err = NewRegimeGBM([]float64{0, 0, 0}, []float64{0.1, 0.1, 0.1}, [][]float64{{-2, 1, 1}, {0, -1, 1}, {0, 4, -4}})
	if err != nil {
		t.Fatal(err)
	}
	pi = g.Stationary()
	for k, want := range []float64{0, 0.8, 0.2} {
		mctest.WithinAbs(t, "transient-state Stationary", pi[k], want, 1e-12)
	}
}

// TestRegimeFromTransition checks that exp(Q) of the generator computed
// from a one-year transition matrix reproduces the matrix to 1e-9, and that
// a known generator is recovered from its own exponential.
func TestRegimeFromTransition(t *testing.T) {
	known := [][]float64{{-0.6, 0.5, 0.1, 0}, {0.2, -0.5, 0.2, 0.1}, {0, 1.5, -2, 0.5}, {0.05, 0.05, 0.3, -0.4}}
	n := len(known)
	qd := mat.NewDense(n, n, nil)
	for i := range known {
		qd.SetRow(i, known[i])
	}
	var pd mat.Dense
	pd.Exp(qd)
	fromKnown := make([][]float64, n)
	for i := range fromKnown {
		fromKnown[i] = mat.Row(nil, i, &pd)
	}
	cases := map[string][][]float64{
		"two states":       {{0.9, 0.1}, {0.3, 0.7}},
		"three states":     {{0.9, 0.08, 0.02}, {0.1, 0.85, 0.05}, {0.05, 0.15, 0.8}},
		"exp of generator": fromKnown,
		"identity":         {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		"weak diagonal":    {{0.55, 0.45}, {0.4, 0.6}},
	}
	for name, p := range cases {
		k := len(p)
		g, err := NewRegimeGBMFromTransition(make([]float64, k), make([]float64, k), p)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		q := g.Generator()
		a := mat.NewDense(k, k, nil)
		for i := range q {
			a.SetRow(i, q[i])
		}
		var e mat.Dense
		e.Exp(a)
		for i := range p {
			for j := range p[i] {
				mctest.WithinAbs(t, name+": exp(Q)", e.At(i, j), p[i][j], 1e-9)
			}
		}
		if name == "exp of generator" {
			for i := range q {
				for j := range q[i] {
					mctest.WithinAbs(t, "recovered generator", q[i][j], known[i][j], 1e-9)
				}
			}
		}
	}
}

// TestRegimeFromTransitionRandom feeds random stochastic matrices (strong and
// weak diagonals, 2 to 5 regimes) to NewRegimeGBMFromTransition: nothing may
// panic, and whenever a generator is returned, exp(Q) must reproduce the
// matrix to 1e-9. Matrices with a dominant diagonal are embeddable often
// enough that both outcomes occur.
func TestRegimeFromTransitionRandom(t *testing.T) {
	r := New(28, 0)
	accepted, rejected := 0, 0
	for trial := 0; trial < 400; trial++ {
		n := 2 + trial%4
		stay := 0.3 + 0.7*r.Uniform()
		p := make([][]float64, n)
		for i := range p {
			p[i] = make([]float64, n)
			var off float64
			for j := range p[i] {
				if j != i {
					p[i][j] = r.Uniform()
					if r.Uniform() < 0.2 {
						p[i][j] = 0
					}
					off += p[i][j]
				}
			}
			for j := range p[i] {
				if j != i && off > 0 {
					p[i][j] *= (1 - stay) / off
				}
			}
			p[i][i] = 1 - (1-stay)*b2f(off > 0)
		}
		g, err := NewRegimeGBMFromTransition(make([]float64, n), make([]float64, n), p)
		if err != nil {
			rejected++
			continue
		}
		accepted++
		q := g.Generator()
		a := mat.NewDense(n, n, nil)
		for i := range q {
			a.SetRow(i, q[i])
		}
		var e mat.Dense
		e.Exp(a)
		for i := range p {
			for j := range p[i] {
				if d := math.Abs(e.At(i, j) - p[i][j]); d > 1e-9 {
					t.Fatalf("trial %d: exp(Q)[%d][%d] = %v, P = %v (off by %.2g)\nP = %v\nQ = %v", trial, i, j, e.At(i, j), p[i][j], d, p, q)
				}
			}
		}
	}
	t.Logf("accepted %d, rejected %d", accepted, rejected)
	if accepted == 0 || rejected == 0 {
		t.Errorf("accepted %d, rejected %d random matrices; the test needs both", accepted, rejected)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
