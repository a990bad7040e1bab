package sim

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestCompareHand(t *testing.T) {
	a := []float64{1, 2, 3, 4}
	b := []float64{0, 2, 5, 1}
	// a − b = 1, 0, −2, 3: mean 1/2, s² = (0.25 + 0.25 + 6.25 + 6.25)/3 = 13/3.
	// Scores 1, ½, 0, 1 (a tie counts ½): p = 5/8.
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Paths != 4 {
		t.Errorf("Paths = %d, want 4", c.Paths)
	}
	mctest.WithinRel(t, "MeanDiff", c.MeanDiff, 0.5, 1e-15)
	mctest.WithinRel(t, "PairedStderr", c.PairedStderr, math.Sqrt(13.0/3/4), 1e-14)
	// s_a² = 5/3 (1,2,3,4), s_b² = (2²+0+3²+1²)/3 = 14/3 around mean 2.
	mctest.WithinRel(t, "UnpairedStderr", c.UnpairedStderr, math.Sqrt(5.0/3/4+14.0/3/4), 1e-14)
	mctest.WithinRel(t, "ProbAGreater", c.ProbAGreater, 5.0/8, 1e-15)
	scores := []float64{1, 0.5, 0, 1}
	var ss float64
	for _, s := range scores {
		ss += (s - 5.0/8) * (s - 5.0/8)
	}
	mctest.WithinRel(t, "ProbAGreaterStderr", c.ProbAGreaterStderr, math.Sqrt(ss/3/4), 1e-14)
	// Sorted differences −2, 0, 1, 3: p1…p25 → x_(1), p50 → x_(2), p75 → x_(3), p90… → x_(4).
	want := Percentiles{P1: -2, P5: -2, P10: -2, P25: -2, P50: 0, P75: 1, P90: 3, P95: 3, P99: 3}
	if c.DiffQuantiles != want {
		t.Errorf("DiffQuantiles = %+v, want %+v", c.DiffQuantiles, want)
	}
	if c.MeanDiffCI95[0] >= c.MeanDiff || c.MeanDiffCI95[1] <= c.MeanDiff {
		t.Errorf("MeanDiffCI95 = %v does not contain %v", c.MeanDiffCI95, c.MeanDiff)
	}
}

// TestComparePairing checks that pairing pays on positively correlated
// results (two strategies on one market) and changes nothing on independent
// ones, where paired² / unpaired² = 1 − s_ab/σ² has standard deviation 1/√n.
func TestComparePairing(t *testing.T) {
	const n = 20000
	r := dist.New(5, 0)
	market := make([]float64, n)
	for i := range market {
		market[i] = r.Norm()
	}
	a := make([]float64, n)
	b := make([]float64, n)
	for i := range a {
		a[i] = 1e6*market[i] + 1e5*r.Norm() + 2e4
		b[i] = 0.9e6*market[i] + 1e5*r.Norm()
	}
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !(c.PairedStderr < c.UnpairedStderr/5) {
		t.Errorf("correlated: paired SE %v not well below unpaired SE %v", c.PairedStderr, c.UnpairedStderr)
	}
	// Var(a − b) = (0.1e6)² + 2·(1e5)²; the mean difference is 2e4.
	wantSE := math.Sqrt((1e10 + 2e10) / n)
	mctest.WithinRel(t, "paired SE", c.PairedStderr, wantSE, 4*math.Sqrt(1.0/(2*n))) // SE of a standard deviation ≈ 1/√(2n) relative
	mctest.WithinSE(t, "mean difference", c.MeanDiff, 2e4, wantSE, 4.5)

	for i := range a {
		a[i] = 1e6 * r.Norm()
		b[i] = 1e6 * r.Norm()
	}
	c, err = Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	ratio := c.PairedStderr * c.PairedStderr / (c.UnpairedStderr * c.UnpairedStderr)
	mctest.WithinSE(t, "independent: paired²/unpaired²", ratio, 1, 1/math.Sqrt(n), 4)
	// P(a > b) = 1/2 for exchangeable a, b.
	mctest.WithinSE(t, "P(a > b)", c.ProbAGreater, 0.5, math.Sqrt(0.25/n), 4.5)
	mctest.WithinRel(t, "its stderr", c.ProbAGreaterStderr, math.Sqrt(0.25/n), 0.01)
}

func TestCompareErrors(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
		want string
	}{
		{"lengths differ", []float64{1, 2, 3}, []float64{1, 2}, "len(b) = 2: must be equal to len(a)"},
		{"empty", nil, nil, "len(a) = 0"},
		{"one path", []float64{1}, []float64{2}, "len(a) = 1: must be ≥ 2"},
		{"NaN in a", []float64{1, math.NaN()}, []float64{1, 2}, "a[1] = NaN"},
		{"Inf in b", []float64{1, 2}, []float64{math.Inf(-1), 2}, "b[0] = -Inf"},
		{"difference overflows", []float64{1.5e308, 1}, []float64{-1.5e308, 2}, "a-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare(tt.a, tt.b)
			wantErr(t, err, tt.want)
		})
	}
}
