package market

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// BenchmarkMarketStep measures one market step under the default
// parameters, for the facility's monthly step and a daily step; it reports
// ns per step and allocations (zero).
func BenchmarkMarketStep(b *testing.B) {
	for _, bc := range []struct {
		name string
		dt   float64
		per  int // steps before restarting a path, ten years
	}{{"monthly", 1.0 / 12, 120}, {"daily", 1 / DaysPerYear, 3653}} {
		b.Run(bc.name, func(b *testing.B) {
			m, err := NewMarket(DefaultMarketParams(), bc.dt)
			if err != nil {
				b.Fatal(err)
			}
			r := dist.New(1, 0)
			s := m.Start()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				m.Step(&s, r)
				if n++; n == bc.per {
					s, n = m.Start(), 0
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
		})
	}
}

// BenchmarkMarketPath measures a ten-year monthly path (120 steps) from a
// fresh stream, as the engine runs it; it reports ns per path.
func BenchmarkMarketPath(b *testing.B) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		b.Fatal(err)
	}
	r := dist.New(1, 0)
	b.ReportAllocs()
	var path uint64
	for b.Loop() {
		r.Reset(1, path)
		path++
		s := m.Start()
		for range 120 {
			m.Step(&s, r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/path")
}
