package dist

import (
	"fmt"
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestPoissonQuantileHugeMean checks Quantile for means above 2⁵³, where
// consecutive float64s are more than 1 apart and a bisection on the
// integers must stop when no float64 lies strictly between its ends (it
// used to spin forever there; found by FuzzConstructors). The answer must
// be the smallest float64 k with CDF(k) ≥ p, and lie within a few standard
// deviations √λ of λ + √λ·Φ⁻¹(p).
func TestPoissonQuantileHugeMean(t *testing.T) {
	for _, lambda := range []float64{0x1p53 + 2, 1.2345678901234568e16, 1e18, 1e300} {
		for _, p := range []float64{1e-9, 0.05, 0.5, 0.95, 1 - 1e-9} {
			t.Run(fmt.Sprintf("lambda%g/p%g", lambda, p), func(t *testing.T) {
				d := Poisson{Lambda: lambda}
				k := withDeadline(t, func() float64 { return d.Quantile(p) })
				if math.IsNaN(k) || k < 0 {
					t.Fatalf("Quantile = %g", k)
				}
				if math.IsInf(k, 1) {
					return // the quantile is beyond every float64 the CDF reaches
				}
				if d.CDF(k) < p {
					t.Errorf("Quantile = %.17g: CDF there %g < p", k, d.CDF(k))
				}
				if below := math.Nextafter(k, 0); d.CDF(below) >= p {
					t.Errorf("Quantile = %.17g: the float64 below, %.17g, already has CDF %g ≥ p", k, below, d.CDF(below))
				}
				// In the body of the law gonum's CDF is accurate (its
				// asymptotic expansion), and the normal approximation
				// with the Cornish–Fisher term is good to well under 1 %
				// of a standard deviation at these means.
				if p >= 0.05 && p <= 0.95 {
					z := distuv.UnitNormal.Quantile(p)
					want := lambda + math.Sqrt(lambda)*z + (z*z-1)/6
					if math.Abs(k-want) > 1+0.01*math.Sqrt(lambda) {
						t.Errorf("Quantile = %.17g, want about %.17g (λ + √λ·z)", k, want)
					}
				}
			})
		}
	}
}

// withDeadline returns f(), failing the test if it takes over 10 s (a
// hang: the goroutine is left behind).
func withDeadline(t *testing.T, f func() float64) float64 {
	t.Helper()
	ch := make(chan float64, 1)
	go func() { ch <- f() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("did not return within 10 s")
		return 0
	}
}

// TestPoissonFrequencies compares the frequency of each count with its
// probability CDF(k) − CDF(k−1), within 4.5 binomial standard errors.
func TestPoissonFrequencies(t *testing.T) {
	const n = 100000
	for i, lambda := range []float64{0.2, 3.5, 12, 12.5, 40} {
		t.Run(fmt.Sprint(lambda), func(t *testing.T) {
			d := Poisson{Lambda: lambda}
			r := New(14, uint64(i))
			counts := map[int64]int{}
			for k := 0; k < n; k++ {
				counts[d.Draw(r)]++
			}
			checked := 0.0
			for k := int64(0); ; k++ {
				p := d.CDF(float64(k)) - d.CDF(float64(k-1))
				if float64(k) > lambda && p < 1e-4 {
					break
				}
				f := float64(counts[k]) / n
				mctest.WithinSE(t, fmt.Sprintf("P(N = %d)", k), f, p, math.Sqrt(p*(1-p)/n), 4.5)
				checked += p
			}
			if checked < 0.999 {
				t.Errorf("checked counts cover probability %.5f only", checked)
			}
		})
	}
}
