package dist

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestBetaTinyShapes checks that the log-space beta sampler stays in [0, 1]
// and keeps the right mean where plain gamma draws underflow.
func TestBetaTinyShapes(t *testing.T) {
	for i, c := range []struct{ a, b float64 }{{0.01, 0.02}, {1e-3, 5}, {1e-310, 1e-310}} {
		d := Beta{Alpha: c.a, Beta: c.b}
		r := New(9, uint64(i))
		xs := make([]float64, 50000)
		for k := range xs {
			x := d.Sample(r)
			if !(x >= 0 && x <= 1) {
				t.Fatalf("Beta(%g, %g) draw %d = %v, outside [0, 1]", c.a, c.b, k, x)
			}
			xs[k] = x
		}
		m, _ := mctest.MeanSE(xs)
		mctest.WithinSE(t, fmt.Sprintf("Beta(%g, %g) sample mean", c.a, c.b), m, d.Mean(), math.Sqrt(d.Variance()/float64(len(xs))), 4.5)
	}
}

// TestBetaShapeCap checks that Beta refuses shapes beyond MaxBetaShape,
// where gonum's incomplete beta function returns a CDF outside [0, 1] (4.49
// for Beta(7.9, 10¹⁵) at its median) and a NaN quantile (Beta(3.5·10¹⁷,
// 7.9375) at p = 10⁻⁹, found by FuzzConstructors), naming the shape; that
// PERT's λ is capped to match; and that at the cap the CDF and quantile
// still agree with the gamma limit of the beta law (for b ≫ a, b·X is
// about Gamma(a)) to 10⁻⁶, with the CDF in [0, 1].
func TestBetaShapeCap(t *testing.T) {
	for _, c := range []struct{ a, b float64 }{{3.5116597763511565e17, 7.9375}, {7.9375, 1e15}, {MaxBetaShape * 2, 1}, {1, math.Inf(1)}} {
		_, err := NewBeta(c.a, c.b)
		require.Error(t, err)
		require.Contains(t, err.Error(), "must be in (0, 1e+08]")
		d := Beta{Alpha: c.a, Beta: c.b}
		require.True(t, math.IsNaN(d.Quantile(0.5)) && math.IsNaN(d.CDF(0.5)), "an invalid Beta gives NaN")
	}
	_, err := NewPERT(0, 1, 2, MaxBetaShape)
	require.ErrorContains(t, err, "lambda")
	_, err = NewPERT(0, 1, 2, MaxBetaShape-1)
	require.NoError(t, err)

	a := 7.9375
	d, err := NewBeta(a, MaxBetaShape)
	require.NoError(t, err)
	g := distuv.Gamma{Alpha: a, Beta: 1}
	for _, p := range []float64{1e-9, 0.05, 0.5, 0.95, 1 - 1e-9} {
		q := d.Quantile(p)
		require.InDelta(t, g.Quantile(p), q*MaxBetaShape, 1e-6*g.Quantile(p), "p = %g", p)
		x := g.Quantile(p) / MaxBetaShape
		F := d.CDF(x)
		require.True(t, F >= 0 && F <= 1)
		require.InDelta(t, p, F, 1e-6, "CDF at the gamma limit's %g-quantile", p)
	}
}
