package dist

import (
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestLogNormalConstructors checks that the alternative parametrizations
// give the distributions they promise.
func TestLogNormalConstructors(t *testing.T) {
	const phi1 = 0.8413447460685429 // Φ(1)
	for _, c := range []struct{ median, dispersion float64 }{{2, 0.3}, {0.05, 1.2}, {1e6, 0.01}} {
		d, err := LogNormalFromMedian(c.median, c.dispersion)
		if err != nil {
			t.Fatal(err)
		}
		mctest.WithinRel(t, "median", d.Quantile(0.5), c.median, 1e-14)
		mctest.WithinRel(t, "84th percentile", d.Quantile(phi1), c.median*math.Exp(c.dispersion), 1e-12)
		mctest.WithinRel(t, "16th percentile", d.Quantile(1-phi1), c.median*math.Exp(-c.dispersion), 1e-12)
		mctest.WithinRel(t, "mean", d.Mean(), c.median*math.Exp(c.dispersion*c.dispersion/2), 1e-14)
	}
	for _, c := range []struct{ mean, sd float64 }{{100, 30}, {1, 1e-4}, {0.02, 0.5}, {5e3, 5e3}} {
		d, err := LogNormalFromMeanSD(c.mean, c.sd)
		if err != nil {
			t.Fatal(err)
		}
		mctest.WithinRel(t, "mean", d.Mean(), c.mean, 1e-14)
		mctest.WithinRel(t, "sd", math.Sqrt(d.Variance()), c.sd, 1e-12)
		// Independent check of the moments against draws.
		r := New(7, 0)
		xs := make([]float64, 50000)
		for i := range xs {
			xs[i] = d.Sample(r)
		}
		m, se := mctest.MeanSE(xs)
		mctest.WithinSE(t, fmt.Sprintf("mean(%g, %g) sample mean", c.mean, c.sd), m, c.mean, se, 4.5)
	}
}
