package dist

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// maxReconError returns max |(L·Lᵀ)[i][j] − C[i][j]| and checks that the
// factor is lower triangular.
func maxReconError(t *testing.T, c *Correlated) float64 {
	t.Helper()
	l, m := c.Factor(), c.Matrix()
	n := c.Dim()
	var worst float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j > i && l[i][j] != 0 {
				t.Errorf("L[%d][%d] = %v above the diagonal", i, j, l[i][j])
			}
			var s float64
			for k := 0; k < n; k++ {
				s += l[i][k] * l[j][k]
			}
			worst = math.Max(worst, math.Abs(s-m[i][j]))
		}
	}
	return worst
}

var corrPD = [][]float64{
	{1, 0.6, -0.3, 0.2},
	{0.6, 1, 0.1, 0.5},
	{-0.3, 0.1, 1, -0.4},
	{0.2, 0.5, -0.4, 1},
}

// TestCorrelatedSampleCorrelation checks the sample correlations of 1e5
// vectors against C within 4.5 standard errors, (1−ρ²)/√n for a sample
// correlation, and the sample means and variances against 0 and 1.
func TestCorrelatedSampleCorrelation(t *testing.T) {
	const n = 100000
	c, err := NewCorrelated(corrPD)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Dim()
	xs := make([][]float64, d)
	for i := range xs {
		xs[i] = make([]float64, n)
	}
	r := New(31, 0)
	v := make([]float64, d)
	for k := 0; k < n; k++ {
		c.Fill(v, r)
		for i := range v {
			xs[i][k] = v[i]
		}
	}
	for i := 0; i < d; i++ {
		m, se := mctest.MeanSE(xs[i])
		mctest.WithinSE(t, "mean", m, 0, se, 4.5)
		va, seV := mctest.VarSE(xs[i])
		mctest.WithinSE(t, "variance", va, 1, seV, 4.5)
		for j := 0; j < i; j++ {
			rho := corrPD[i][j]
			mctest.WithinSE(t, "corr", corr(xs[i], xs[j]), rho, (1-rho*rho)/math.Sqrt(n), 4.5)
		}
	}
}

// TestCorrelatedFactor checks L·Lᵀ = C to 1e-12 for definite and singular
// matrices, and that L is lower triangular.
func TestCorrelatedFactor(t *testing.T) {
	for name, m := range map[string][][]float64{
		"definite":  corrPD,
		"1x1":       {{1}},
		"identity3": {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		"perfect":   {{1, 1}, {1, 1}},
		"opposite":  {{1, -1}, {-1, 1}},
		"block":     {{1, 1, 0.5}, {1, 1, 0.5}, {0.5, 0.5, 1}},
		// x2 = (x0 + x1)/√2 with x0, x1 independent: rank 2.
		"rank2": {{1, 0, math.Sqrt(0.5)}, {0, 1, math.Sqrt(0.5)}, {math.Sqrt(0.5), math.Sqrt(0.5), 1}},
		// Equicorrelated at the lower bound −1/(n−1): rank n−1.
		"equi-min": {{1, -0.5, -0.5}, {-0.5, 1, -0.5}, {-0.5, -0.5, 1}},
		"near-one": {{1, 1 - 1e-9}, {1 - 1e-9, 1}},
	} {
		c, err := NewCorrelated(m)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if e := maxReconError(t, c); e > 1e-12 {
			t.Errorf("%s: max |L·Lᵀ − C| = %.3g, want ≤ 1e-12", name, e)
		}
	}
}

// TestCorrelatedPerfect checks that perfectly correlated components come
// out identical (or exactly opposite).
func TestCorrelatedPerfect(t *testing.T) {
	c, err := NewCorrelated([][]float64{{1, 1, 0.5}, {1, 1, 0.5}, {0.5, 0.5, 1}})
	if err != nil {
		t.Fatal(err)
	}
	neg, err := NewCorrelated([][]float64{{1, -1}, {-1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	r := New(32, 0)
	v, w := make([]float64, 3), make([]float64, 2)
	for k := 0; k < 1000; k++ {
		c.Fill(v, r)
		if v[0] != v[1] {
			t.Fatalf("draw %d: components %v and %v of a perfect correlation differ", k, v[0], v[1])
		}
		neg.Fill(w, r)
		if w[0] != -w[1] {
			t.Fatalf("draw %d: components %v and %v of correlation −1 are not opposite", k, w[0], w[1])
		}
	}
}

// TestCorrelatedRejects checks that each kind of bad matrix is refused with
// a message naming the problem.
func TestCorrelatedRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		m    [][]float64
		want []string
	}{
		{"empty", nil, []string{"len(corr) = 0: must be ≥ 1"}},
		{"not square", [][]float64{{1, 0}, {0}}, []string{"len(corr[1]) = 1: must be 2", "square"}},
		{"wide", [][]float64{{1, 0, 0}, {0, 1, 0}}, []string{"len(corr[0]) = 3: must be 2", "len(corr[1]) = 3: must be 2"}},
		{"not symmetric", [][]float64{{1, 0.3}, {0.5, 1}}, []string{"corr[1][0] = 0.5: must be equal to corr[0][1] = 0.3 (corr must be symmetric)"}},
		{"diagonal", [][]float64{{1, 0}, {0, 0.9}}, []string{"corr[1][1] = 0.9: must be 1"}},
		{"diagonal NaN", [][]float64{{math.NaN(), 0}, {0, 1}}, []string{"corr[0][0] = NaN: must be 1"}},
		{"above one", [][]float64{{1, 1.2}, {1.2, 1}}, []string{"corr[1][0] = 1.2: must be in [-1, 1]", "corr[0][1] = 1.2: must be in [-1, 1]"}},
		{"below minus one", [][]float64{{1, -1.0001}, {-1.0001, 1}}, []string{"corr[1][0] = -1.0001: must be in [-1, 1]"}},
		{"NaN entry", [][]float64{{1, 0, 0}, {0, 1, math.NaN()}, {0, math.NaN(), 1}}, []string{"corr[2][1] = NaN: must be in [-1, 1]"}},
		{"Inf entry", [][]float64{{1, math.Inf(1)}, {0, 1}}, []string{"corr[0][1] = +Inf: must be in [-1, 1]"}},
		// Eigenvalues of this matrix: 1.9 (twice) and −0.8.
		{"not PSD", [][]float64{{1, .9, -.9}, {.9, 1, .9}, {-.9, .9, 1}}, []string{"not positive semi-definite: smallest eigenvalue -0.8"}},
		{"not PSD 4x4", [][]float64{{1, .9, .9, 0}, {.9, 1, 0, .9}, {.9, 0, 1, .9}, {0, .9, .9, 1}}, []string{"not positive semi-definite: smallest eigenvalue -0.8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := NewCorrelated(c.m)
			if err == nil {
				t.Fatalf("accepted, factor %v", got.Factor())
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestCorrelatedSymmetrizes checks that entries within the tolerance of
// symmetry and of a unit diagonal are accepted and cleaned up in Matrix.
func TestCorrelatedSymmetrizes(t *testing.T) {
	c, err := NewCorrelated([][]float64{{1 + 5e-13, 0.3 + 5e-13}, {0.3, 1 - 5e-13}})
	if err != nil {
		t.Fatal(err)
	}
	m := c.Matrix()
	if m[0][0] != 1 || m[1][1] != 1 || m[0][1] != 0.3 || m[1][0] != 0.3 {
		t.Errorf("Matrix() = %v, want [[1 0.3] [0.3 1]]", m)
	}
	m[0][1] = 0.9
	if c.Matrix()[0][1] != 0.3 {
		t.Error("Matrix() does not return a copy")
	}
}

// TestCorrelatedMirror checks that a mirrored stream negates every output
// exactly.
func TestCorrelatedMirror(t *testing.T) {
	c, err := NewCorrelated(corrPD)
	if err != nil {
		t.Fatal(err)
	}
	plain, mirror := New(33, 5), New(33, 5)
	mirror.SetMirror(true)
	v, w := make([]float64, 4), make([]float64, 4)
	for k := 0; k < 10000; k++ {
		c.Fill(v, plain)
		c.Fill(w, mirror)
		for i := range v {
			if w[i] != -v[i] {
				t.Fatalf("draw %d component %d: plain %v mirrored %v", k, i, v[i], w[i])
			}
		}
	}
}

// TestIdentity checks that the uncorrelated case just draws normals.
func TestIdentity(t *testing.T) {
	c := Identity(3)
	if c.Dim() != 3 {
		t.Fatalf("Dim = %d", c.Dim())
	}
	m := c.Matrix()
	for i := range m {
		for j := range m[i] {
			want := 0.0
			if i == j {
				want = 1
			}
			if m[i][j] != want {
				t.Errorf("Matrix()[%d][%d] = %v, want %v", i, j, m[i][j], want)
			}
		}
	}
	r, ref := New(34, 0), New(34, 0)
	v := make([]float64, 3)
	for k := 0; k < 100; k++ {
		c.Fill(v, r)
		for i := range v {
			if z := ref.Norm(); v[i] != z {
				t.Fatalf("draw %d component %d = %v, want the raw normal %v", k, i, v[i], z)
			}
		}
	}
	fromMatrix, err := NewCorrelated(m)
	if err != nil || !fromMatrix.identity {
		t.Errorf("NewCorrelated(identity) = %+v, %v; want the identity shortcut", fromMatrix, err)
	}
}

// TestFillPanicsOnWrongLength checks the documented programmer-error panic.
func TestFillPanicsOnWrongLength(t *testing.T) {
	c := Identity(2)
	for _, n := range []int{0, 1, 3} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fill with len(dst) = %d did not panic", n)
				}
			}()
			c.Fill(make([]float64, n), New(1, 1))
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("Identity(0) did not panic")
		}
	}()
	Identity(0)
}

// TestFillConcurrent shares one Correlated among goroutines and checks each
// gets what a sequential run gives (run with -race to check for data races).
func TestFillConcurrent(t *testing.T) {
	c, err := NewCorrelated(corrPD)
	if err != nil {
		t.Fatal(err)
	}
	const workers, draws = 4, 2000
	want := make([][]float64, workers)
	for w := range want {
		r := New(35, uint64(w))
		v := make([]float64, 4)
		for k := 0; k < draws; k++ {
			c.Fill(v, r)
			want[w] = append(want[w], v...)
		}
	}
	got := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := New(35, uint64(w))
			v := make([]float64, 4)
			for k := 0; k < draws; k++ {
				c.Fill(v, r)
				got[w] = append(got[w], v...)
			}
		}()
	}
	wg.Wait()
	for w := range want {
		for i := range want[w] {
			if got[w][i] != want[w][i] {
				t.Fatalf("worker %d value %d: concurrent %v, sequential %v", w, i, got[w][i], want[w][i])
			}
		}
	}
}

func TestFillAllocs(t *testing.T) {
	c, err := NewCorrelated(corrPD)
	if err != nil {
		t.Fatal(err)
	}
	r := New(1, 1)
	v := make([]float64, 4)
	if a := testing.AllocsPerRun(1000, func() { c.Fill(v, r) }); a != 0 {
		t.Errorf("Fill allocates %v times per call", a)
	}
}

func BenchmarkCorrelatedFill(b *testing.B) {
	corr := [][]float64{
		{1, 0.5, 0.3, -0.2, 0.1},
		{0.5, 1, 0.4, 0, 0.2},
		{0.3, 0.4, 1, -0.1, 0.3},
		{-0.2, 0, -0.1, 1, -0.4},
		{0.1, 0.2, 0.3, -0.4, 1},
	}
	c, err := NewCorrelated(corr)
	if err != nil {
		b.Fatal(err)
	}
	r := New(1, 1)
	v := make([]float64, c.Dim())
	b.ReportAllocs()
	for b.Loop() {
		c.Fill(v, r)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.Dim()), "ns/normal")
}
