package market

import (
	"fmt"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/dist"
)

// BenchmarkMarketBatch compares n paths stepped one by one
// (Market.StepShocks in a loop, one sub-stream Rand for all, as a worker
// steps them) with the same paths stepped by Batch.StepShocks, under the
// default market with monthly steps, for n = 64 and 256. Each iteration
// times one step of both, alternately, so load from other processes hits
// both alike; the shocks are drawn once per path and reused, and the paths
// restart from Start every 120 steps (ten years). It reports ns per
// path-step of each, their ratio and allocations (zero).
func BenchmarkMarketBatch(b *testing.B) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		b.Fatal(err)
	}
	m.Tabulate(120)
	for _, n := range []int{64, 256} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			sp, z, rp := benchPaths(m, n)
			sb, _, rb := benchPaths(m, n)
			bt := m.NewBatch(n)
			var sub dist.Rand
			var tp, tb time.Duration
			b.ReportAllocs()
			k := 0
			for b.Loop() {
				t0 := time.Now()
				for i := range sp {
					m.StepShocks(&sp[i], &z[i], rp[i], &sub)
				}
				t1 := time.Now()
				bt.StepShocks(sb, z, rb)
				tb += time.Since(t1)
				tp += t1.Sub(t0)
				if k++; k == 120 {
					for i := range sp {
						sp[i], sb[i] = m.Start(), m.Start()
					}
					k = 0
				}
			}
			steps := float64(b.N) * float64(n)
			b.ReportMetric(float64(tp.Nanoseconds())/steps, "path-ns/path-step")
			b.ReportMetric(float64(tb.Nanoseconds())/steps, "batch-ns/path-step")
			b.ReportMetric(float64(tb)/float64(tp), "batch/path")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// benchPaths returns n start states, n rows of correlated shocks and n
// path streams.
func benchPaths(m *Market, n int) ([]State, [][NumShocks]float64, []*dist.Rand) {
	s := make([]State, n)
	z := make([][NumShocks]float64, n)
	r := make([]*dist.Rand, n)
	shocks := dist.New(2, 0)
	for i := range s {
		s[i], r[i] = m.Start(), dist.New(1, uint64(i))
		m.Correlated().Fill(z[i][:], shocks)
	}
	return s, z, r
}

// BenchmarkBatchMine compares the block walks of n = 256 paths taken one
// path at a time (Market.mineStep in a loop) and leg by leg across the
// batch (Batch.stepMine), alternately within each iteration, from states
// one step into the default market, restarted every 120 steps. It reports
// ns per path-step of each and their ratio.
func BenchmarkBatchMine(b *testing.B) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		b.Fatal(err)
	}
	const n = 256
	s0, _, r := benchPaths(m, n)
	m.NewBatch(n).Step(s0, r) // spread the hashrates
	sp, sb := append([]State(nil), s0...), append([]State(nil), s0...)
	bt := m.NewBatch(n)
	var tp, tb time.Duration
	k := 0
	for b.Loop() {
		t0 := time.Now()
		for i := range sp {
			m.mineStep(&sp[i], sp[i].TimeYears, float64(sp[i].Step+1)*m.dt)
		}
		t1 := time.Now()
		bt.stepMine(sb)
		tb += time.Since(t1)
		tp += t1.Sub(t0)
		if k++; k == 120 {
			copy(sp, s0)
			copy(sb, s0)
			k = 0
		}
	}
	steps := float64(b.N) * n
	b.ReportMetric(float64(tp.Nanoseconds())/steps, "path-ns/path-step")
	b.ReportMetric(float64(tb.Nanoseconds())/steps, "batch-ns/path-step")
	b.ReportMetric(float64(tb)/float64(tp), "batch/path")
	b.ReportMetric(0, "ns/op")
}
