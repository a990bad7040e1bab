package market

import (
	"fmt"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// BenchmarkMarketBatch compares n paths stepped one by one
// (Market.StepShocks in a loop) with the same paths stepped by
// Batch.StepShocks, under the default market with monthly steps, for n =
// 64 and 256 (sub-benchmarks interleave under -count). The shocks are drawn
// once per path and step slot and reused; paths restart from Start every
// 120 steps (ten years). It reports ns per path-step and allocations (zero).
func BenchmarkMarketBatch(b *testing.B) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		b.Fatal(err)
	}
	m.Tabulate(120)
	for _, n := range []int{64, 256} {
		for _, mode := range []string{"path", "batch"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, mode), func(b *testing.B) {
				s, z, r := benchPaths(m, n)
				bt := m.NewBatch(n)
				var sub dist.Rand
				b.ReportAllocs()
				k := 0
				for b.Loop() {
					if mode == "batch" {
						bt.StepShocks(s, z, r)
					} else {
						for i := range s {
							m.StepShocks(&s[i], &z[i], r[i], &sub)
						}
					}
					if k++; k == 120 {
						for i := range s {
							s[i] = m.Start()
						}
						k = 0
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/path-step")
			})
		}
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
