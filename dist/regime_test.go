package dist

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// regimeTerminal simulates n paths of g from (x0, regime0) to the horizon of
// gr and returns the terminal levels.
func regimeTerminal(g RegimeGBM, n int, seed uint64, x0 float64, regime0 int, gr procGrid) []float64 {
	steps := int(math.Round(gr.horizon / gr.dt))
	xs := make([]float64, n)
	r := New(seed, 0)
	for i := range xs {
		r.Reset(seed, uint64(i))
		x, k := x0, regime0
		for s := 0; s < steps; s++ {
			x, k = g.Step(x, k, gr.dt, r.Norm(), r)
		}
		xs[i] = x
	}
	return xs
}

// expAffine returns (exp(T·(Q + diag(c)))·1)_i: by the Feynman–Kac formula,
// E[exp(∫₀ᵀ c(R_s) ds) | R_0 = i] for the chain R with generator Q.
func expAffine(q [][]float64, c []float64, horizon float64, i int) float64 {
	n := len(c)
	a := mat.NewDense(n, n, nil)
	for r := 0; r < n; r++ {
		for s := 0; s < n; s++ {
			a.Set(r, s, horizon*q[r][s])
		}
		a.Set(r, r, a.At(r, r)+horizon*c[r])
	}
	var e mat.Dense
	e.Exp(a)
	return mat.Sum(e.RowView(i))
}

// TestRegimeGBMMoments checks E[X_T] = x0·(e^{T(Q+diag μ)}·1)_i and
// E[X_T²] = x0²·(e^{T(Q+diag(2μ+σ²))}·1)_i, which hold exactly for the
// regime-switching GBM, from two start regimes.
func TestRegimeGBMMoments(t *testing.T) {
	drift := []float64{0.25, 0, -0.3}
	vol := []float64{0.3, 0.5, 0.9}
	q := [][]float64{{-2, 1.5, 0.5}, {1, -3, 2}, {2, 2, -4}}
	g, err := NewRegimeGBM(drift, vol, q)
	if err != nil {
		t.Fatal(err)
	}
	secondMoment := make([]float64, 3)
	for k := range secondMoment {
		secondMoment[k] = 2*drift[k] + vol[k]*vol[k]
	}
	for i, start := range []int{0, 2} {
		for _, gr := range procGrids {
			xs := regimeTerminal(g, procPaths(i), 20+uint64(start), 10, start, gr)
			mean := 10 * expAffine(q, drift, gr.horizon, start)
			variance := 100*expAffine(q, secondMoment, gr.horizon, start) - mean*mean
			checkProcMoments(t, "RegimeGBM"+gr.String(), xs, mean, variance)
		}
	}
}

// TestRegimeGBMIdenticalRegimesIsGBM checks that switching between identical
// regimes gives GBM's moments (one regime, many switches or none).
func TestRegimeGBMIdenticalRegimesIsGBM(t *testing.T) {
	gbm := GBM{DriftPerYear: 0.12, VolPerYear: 0.45}
	for i, q := range [][][]float64{
		{{-5, 5}, {8, -8}},
		{{0, 0}, {0, 0}},
	} {
		g, err := NewRegimeGBM([]float64{0.12, 0.12}, []float64{0.45, 0.45}, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, gr := range procGrids {
			xs := regimeTerminal(g, procPaths(i+1), 22, 50, 1, gr)
			checkProcMoments(t, "identical regimes"+gr.String(), xs, gbm.Mean(50, gr.horizon), gbm.Variance(50, gr.horizon))
		}
	}
	one, err := NewRegimeGBM([]float64{0.12}, []float64{0.45}, [][]float64{{0}})
	if err != nil {
		t.Fatal(err)
	}
	r := New(1, 1)
	for i := 0; i < 100; i++ {
		z := r.Norm()
		x, k := one.Step(50, 0, 0.5, z, r)
		mctest.WithinRel(t, "one-regime step", x, gbm.Step(50, 0.5, z), 1e-14)
		if k != 0 {
			t.Fatalf("one-regime chain moved to regime %d", k)
		}
	}
}

// TestRegimeGBMOccupation checks the long-run share of time in each regime
// (sampled on a fine grid along one long path) against Stationary, with the
// standard error from batch means.
func TestRegimeGBMOccupation(t *testing.T) {
	q := [][]float64{{-1, 0.7, 0.3}, {2, -2.5, 0.5}, {0.5, 4.5, -5}}
	g, err := NewRegimeGBM([]float64{0.1, 0, -0.5}, []float64{0.3, 0.5, 1}, q)
	if err != nil {
		t.Fatal(err)
	}
	pi := g.Stationary()
	// πQ = 0 and Σπ = 1 solved by hand: the third balance equation gives
	// π₀ = (5π₂ − π₁/2)/0.3, the first then π₁ = (97/22)π₂, so
	// π ∝ (205, 97, 22).
	want := []float64{205.0 / 324, 97.0 / 324, 22.0 / 324}
	for k := range pi {
		mctest.WithinRel(t, "Stationary", pi[k], want[k], 1e-12)
	}
	const batches, perBatch, dt = 100, 2000, 0.05 // 100 batches of 100 years
	shares := make([][]float64, 3)
	for k := range shares {
		shares[k] = make([]float64, batches)
	}
	r := New(23, 0)
	x, k := 1.0, 0
	for b := 0; b < batches; b++ {
		for s := 0; s < perBatch; s++ {
			x, k = g.Step(1, k, dt, r.Norm(), r)
			shares[k][b] += 1.0 / perBatch
		}
	}
	_ = x
	for k := range shares {
		m, se := mctest.MeanSE(shares[k])
		mctest.WithinSE(t, "share of time in regime", m, pi[k], se, procK)
	}
}

// TestRegimeGBMAccessorsAndJSON checks that accessors return copies and that
// JSON round-trips and validates.
func TestRegimeGBMAccessorsAndJSON(t *testing.T) {
	g, err := NewRegimeGBM([]float64{0.1, -0.2}, []float64{0.3, 0.6}, [][]float64{{-1, 1}, {2, -2}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Regimes() != 2 || g.Validate() != nil {
		t.Fatalf("Regimes = %d, Validate = %v", g.Regimes(), g.Validate())
	}
	g.Generator()[0][1] = 99
	g.DriftPerYear()[0] = 99
	g.VolPerYear()[0] = 99
	g.Stationary()[0] = 99
	if g.Generator()[0][1] != 1 || g.DriftPerYear()[0] != 0.1 || g.VolPerYear()[0] != 0.3 {
		t.Fatal("accessors expose internal storage")
	}
	mctest.WithinRel(t, "two-state stationary", g.Stationary()[0], 2.0/3, 1e-14)
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"driftPerYear":[0.1,-0.2],"volPerYear":[0.3,0.6],"generatorPerYear":[[-1,1],[2,-2]]}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back RegimeGBM
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	r1, r2 := New(4, 4), New(4, 4)
	for i := 0; i < 50; i++ {
		x1, k1 := g.Step(1, i%2, 0.7, 0.3, r1)
		x2, k2 := back.Step(1, i%2, 0.7, 0.3, r2)
		if x1 != x2 || k1 != k2 {
			t.Fatalf("unmarshalled process steps differently: (%v, %d) vs (%v, %d)", x1, k1, x2, k2)
		}
	}
	err = json.Unmarshal([]byte(`{"driftPerYear":[0.1],"volPerYear":[-1],"generatorPerYear":[[0]]}`), &back)
	if err == nil || !strings.Contains(err.Error(), "volPerYear[0] = -1") {
		t.Errorf("unmarshalling a bad volatility: error %v", err)
	}
}
