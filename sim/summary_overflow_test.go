package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestMeanSDNearMaxFloat checks that NPVs near the largest float64, whose sum
// and squares overflow, still give the finite mean and standard deviation
// they have: the samples are c·(1 + 0.1·z), so the mean is c·mean(1+0.1·z)
// and the SD is c·0.1·sd(z), computed here on the unscaled z.
func TestMeanSDNearMaxFloat(t *testing.T) {
	const n = 1000
	r := dist.New(3, 0)
	z := make([]float64, n)
	for i := range z {
		z[i] = 1 + 0.1*r.Norm()
	}
	for _, c := range []float64{1, 1e100, 1e200, 1e307, -1e307} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = c * z[i]
		}
		mean, sd := meanSD(xs)
		wantMean, wantVar := stat.MeanVariance(z, nil)
		mctest.WithinRel(t, "mean/c", mean/c, wantMean, 1e-12)
		mctest.WithinRel(t, "sd/|c|", sd/math.Abs(c), math.Sqrt(wantVar), 1e-9)
	}
}

// TestSummarizeHugeNPVs checks that Summarize gives finite figures for NPVs of
// about 2e307, where a plain sum overflows.
func TestSummarizeHugeNPVs(t *testing.T) {
	const n = MinSummaryPaths
	npv := make([]float64, n)
	irr := make([]float64, n)
	pay := make([]float64, n)
	r := dist.New(4, 0)
	for i := range npv {
		npv[i] = 2e307 * (1 + 0.05*r.Norm())
		irr[i] = math.NaN()
		pay[i] = math.NaN()
	}
	s, err := Summarize("huge", npv, irr, pay)
	if err != nil {
		t.Fatalf("Summarize: %v", err)
	}
	for name, v := range map[string]float64{"mean": s.Mean, "sd": s.SD, "stderr": s.Stderr, "meanCI95[1]": s.MeanCI95[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s = %v, want finite", name, v)
		}
	}
	mctest.WithinRel(t, "mean", s.Mean, 2e307, 0.01)
}
