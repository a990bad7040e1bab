package calib

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// The likelihoods are evaluated hundreds of times per fit: they must not
// allocate.
func TestLikelihoodsDoNotAllocate(t *testing.T) {
	r := simMerton(newRand(1), 1000, 0.2, 0.5, 10, -0.02, 0.1)
	mq := newMertonLik(r)
	mth := mq.start(3)
	rq := newRegimeLik(r)
	rth := rq.starts()[0]
	g := make([]float64, 6)
	dst := make([]float64, len(r))
	for name, f := range map[string]func(){
		"merton nll":    func() { mq.nll(mth) },
		"merton grad":   func() { mq.grad(g, mth) },
		"merton perObs": func() { mq.perObs(dst, mth) },
		"regime nll":    func() { rq.nll(rth) },
		"regime grad":   func() { rq.grad(g, rth) },
		"regime perObs": func() { rq.perObs(dst, rth) },
	} {
		if a := testing.AllocsPerRun(10, f); a != 0 {
			t.Errorf("%s allocates %v times per call", name, a)
		}
	}
}

func benchReturns(b *testing.B) []float64 {
	b.Helper()
	return simMerton(newRand(1), 4000, 0.2, 0.5, 4, -0.02, 0.12)
}

func BenchmarkFitGBM(b *testing.B) {
	r := benchReturns(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitGBM(r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r))*float64(b.N)/b.Elapsed().Seconds(), "returns/s")
}

func BenchmarkFitMerton(b *testing.B) {
	r := benchReturns(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitMerton(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitRegimeGBM(b *testing.B) {
	r := benchReturns(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitRegimeGBM(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMertonGradient(b *testing.B) {
	r := benchReturns(b)
	q := newMertonLik(r)
	th := q.start(3)
	g := make([]float64, 5)
	b.ReportAllocs()
	for b.Loop() {
		q.grad(g, th)
	}
	b.ReportMetric(float64(len(r))*float64(b.N)/b.Elapsed().Seconds(), "returns/s")
}

func BenchmarkRegimeGradient(b *testing.B) {
	r := benchReturns(b)
	q := newRegimeLik(r)
	th := q.starts()[0]
	g := make([]float64, 6)
	b.ReportAllocs()
	for b.Loop() {
		q.grad(g, th)
	}
	b.ReportMetric(float64(len(r))*float64(b.N)/b.Elapsed().Seconds(), "returns/s")
}

func BenchmarkReadHistory(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("time,AdrActCnt,BlkCnt,DiffMean,FeeTotNtv,HashRate,IssTotNtv,PriceUSD\n")
	d := time.Date(2009, 1, 3, 0, 0, 0, 0, time.UTC)
	const days = 6000
	for i := 0; i < days; i++ {
		fmt.Fprintf(&buf, "%sT00:00:00.000000000Z,%d,%d,%g,%g,%g,%g,%g\n",
			d.AddDate(0, 0, i).Format(time.DateOnly), 1000+i, 144, 1e13+float64(i), 20.5, 7e7, 900.0, 8000+0.5*float64(i))
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadHistory(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(days*float64(b.N)/b.Elapsed().Seconds(), "days/s")
}
