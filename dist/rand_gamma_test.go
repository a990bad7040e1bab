package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestGammaMoments(t *testing.T) {
	const n = 200000
	for _, shape := range []float64{0.05, 0.5, 1, 2.5, 40} {
		r := New(9, uint64(shape*100))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.Gamma(shape)
		}
		m, se := mctest.MeanSE(xs)
		mctest.WithinSE(t, "gamma mean", m, shape, se, 4.5)
		v, vse := mctest.VarSE(xs)
		mctest.WithinSE(t, "gamma variance", v, shape, vse, 4.5)
	}
	r := New(0, 0)
	for _, bad := range []float64{0, -1, math.NaN()} {
		if g := r.Gamma(bad); g != 0 {
			t.Errorf("Gamma(%v) = %v, want 0", bad, g)
		}
	}
}
