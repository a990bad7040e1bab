package calib

import (
	"math"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// The fee likelihood is evaluated hundreds of times per fit: it must not
// allocate.
func TestFeeLikelihoodDoesNotAllocate(t *testing.T) {
	q := testFeeLik(t)
	th := q.start(3)
	g := make([]float64, 6)
	dst := make([]float64, len(q.x)-1)
	for name, f := range map[string]func(){
		"fee nll":    func() { q.nll(th) },
		"fee grad":   func() { q.grad(g, th) },
		"fee perObs": func() { q.perObs(dst, th) },
	} {
		if a := testing.AllocsPerRun(10, f); a != 0 {
			t.Errorf("%s allocates %v times per call", name, a)
		}
	}
}

// BenchmarkFitNetwork fits four years of a simulated market with the
// default price-lag grid (eight regressions).
func BenchmarkFitNetwork(b *testing.B) {
	h := simMarketHistory(b, market.DefaultMarketParams(), 4*365, 1, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitNetwork(h, time.Time{}, time.Time{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(h.Len())*float64(b.N)/b.Elapsed().Seconds(), "days/s")
}

// BenchmarkFitFees fits four years of the default fee process.
func BenchmarkFitFees(b *testing.B) {
	p := market.DefaultFeeParams()
	p.FloorBTC = 0
	h := simFeeHistory(b, p, 4*365, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitFees(h, time.Time{}, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(h.Len())*float64(b.N)/b.Elapsed().Seconds(), "days/s")
}

// BenchmarkFeeGradient is one evaluation of the fee likelihood's gradient
// over four years of days.
func BenchmarkFeeGradient(b *testing.B) {
	p := market.DefaultFeeParams()
	p.FloorBTC = 0
	h := simFeeHistory(b, p, 4*365, 1)
	x := make([]float64, h.Len())
	for i := range x {
		x[i] = math.Log(h.FeesBTC[i] / h.Blocks[i])
	}
	q, err := newFeeLik(x)
	if err != nil {
		b.Fatal(err)
	}
	th := q.start(3)
	g := make([]float64, 6)
	b.ReportAllocs()
	for b.Loop() {
		q.grad(g, th)
	}
}
