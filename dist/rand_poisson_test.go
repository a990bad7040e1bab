package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestPoissonMemo checks that the memo of e^(−mean) leaves Poisson's draws
// as they are without it: a stream that forgets the memo before every draw
// and one that keeps it draw the same counts, for a cycle of more means than
// the memo holds (so entries are evicted and refilled) and for repeats.
func TestPoissonMemo(t *testing.T) {
	means := []float64{0.267, 0.125, 0.0833, 0.0417, 3, 11.9, 0.125, 0.125, 5e-9, 7, 0.267}
	a, b := New(5, 9), New(5, 9)
	for i := range 20000 {
		m := means[i%len(means)]
		if i%7 == 3 {
			m = means[(i/7)%4]
		}
		b.pois = poissonMemo{}
		if x, y := a.Poisson(m), b.Poisson(m); x != y {
			t.Fatalf("draw %d, mean %g: %d with the memo, %d without", i, m, x, y)
		}
	}
}

func TestPoissonMoments(t *testing.T) {
	const n = 200000
	for _, mean := range []float64{0.05, 0.25, 1, 5, 11.9, 12.5, 30, 1000, 1e7} {
		r := New(6, uint64(mean*100))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(r.Poisson(mean))
		}
		m, se := mctest.MeanSE(xs)
		mctest.WithinSE(t, "Poisson mean", m, mean, se, 4.5)
		v, vse := mctest.VarSE(xs)
		mctest.WithinSE(t, "Poisson variance", v, mean, vse, 4.5)
	}
}

func TestPoissonPMFSmallMean(t *testing.T) {
	// The inversion branch must give the exact probabilities; check P(0..3)
	// against e^{-m} m^k / k! within binomial standard errors.
	const n = 400000
	mean := 1.7
	r := New(8, 8)
	counts := make([]float64, 4)
	for i := 0; i < n; i++ {
		if k := r.Poisson(mean); k < 4 {
			counts[k]++
		}
	}
	p := math.Exp(-mean)
	for k := 0; k < 4; k++ {
		if k > 0 {
			p *= mean / float64(k)
		}
		mctest.WithinSE(t, "Poisson pmf", counts[k]/n, p, math.Sqrt(p*(1-p)/n), 4.5)
	}
}

func TestPoissonEdgeCases(t *testing.T) {
	r := New(0, 0)
	for _, c := range []struct {
		mean float64
		want int64
	}{{0, 0}, {-1, 0}, {math.NaN(), 0}, {math.Inf(-1), 0}, {math.Inf(1), math.MaxInt64}} {
		if got := r.Poisson(c.mean); got != c.want {
			t.Errorf("Poisson(%v) = %d, want %d", c.mean, got, c.want)
		}
	}
	if x := r.Poisson(1e15); math.Abs(float64(x)-1e15) > 10*math.Sqrt(1e15) {
		t.Errorf("Poisson(1e15) = %d, too far from its mean", x)
	}
}
