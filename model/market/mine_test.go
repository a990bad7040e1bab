package market

import (
	"testing"
)

// BenchmarkMine times a month's block walk (mine: the blocks mined at the
// expected rate, a retarget every 2,016 blocks) from the default start,
// restarted every 120 walks; it reports ns per walk. The walk is a chain of
// dependent divisions (time to the next boundary, the retarget factor, the
// new block rate) and a loop whose trip count varies from step to step.
func BenchmarkMine(b *testing.B) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		b.Fatal(err)
	}
	start := m.Start()
	s, k := start, 0
	for b.Loop() {
		mine(&s, m.dtSeconds, 0)
		if k++; k == 120 {
			s, k = start, 0
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/walk")
}
