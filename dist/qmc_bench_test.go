package dist

import "testing"

// qmcSink keeps benchmark results alive.
var qmcSink float64

// defaultLikeCorr is a 5×5 correlation matrix shaped like the default
// market's (five diffusion shocks); its values only set the work done.
var defaultLikeCorr = [][]float64{
	{1, 0.3, 0.2, 0, 0.1},
	{0.3, 1, 0.1, 0.2, 0},
	{0.2, 0.1, 1, 0, 0},
	{0, 0.2, 0, 1, 0},
	{0.1, 0, 0, 0, 1},
}

// BenchmarkSobol measures one point of 600 coordinates (5 factors × 120
// monthly steps, the default model's diffusion shocks): unscrambled and
// scrambled, as floats and as 32-bit fractions, and a SkipTo to a random
// far index.
func BenchmarkSobol(b *testing.B) {
	const dim = 600
	plain, err := NewSobol(dim)
	if err != nil {
		b.Fatal(err)
	}
	scr := plain.WithScramble(1)
	x := make([]float64, dim)
	u := make([]uint32, dim)
	for _, c := range []struct {
		name string
		next func()
	}{
		{"Next/plain", func() { plain.Next(x) }},
		{"Next/scrambled", func() { scr.Next(x) }},
		{"NextUint32/scrambled", func() { scr.NextUint32(u) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			plain.SkipTo(0)
			scr.SkipTo(0)
			b.ReportAllocs()
			for b.Loop() {
				c.next()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/dim, "ns/coord")
			qmcSink += x[0]
		})
	}
	b.Run("SkipTo", func(b *testing.B) {
		r := New(1, 2)
		b.ReportAllocs()
		for b.Loop() {
			scr.SkipTo(r.Uint64() >> 33)
		}
	})
}

// BenchmarkQMCShocks measures the shocks of one default-sized path (5
// correlated factors × 120 steps) from a scrambled Sobol point, with and
// without the bridge, and, for comparison, the same shocks drawn by
// Correlated.Fill from a pseudo-random stream. ns/op is per path.
func BenchmarkQMCShocks(b *testing.B) {
	corr, err := NewCorrelated(defaultLikeCorr)
	if err != nil {
		b.Fatal(err)
	}
	times := make([]float64, 120)
	for i := range times {
		times[i] = float64(i+1) / 12
	}
	for _, bridged := range []bool{true, false} {
		name := "Sobol+bridge"
		if !bridged {
			name = "Sobol"
		}
		b.Run(name, func(b *testing.B) {
			q, err := NewQMCShocks(corr, times, bridged)
			if err != nil {
				b.Fatal(err)
			}
			rq, err := NewRQMC(q.Dim(), 16, 1)
			if err != nil {
				b.Fatal(err)
			}
			u := make([]float64, q.Dim())
			dst := make([]float64, q.Dim())
			scratch := make([]float64, q.ScratchLen())
			path := uint64(0)
			b.ReportAllocs()
			for b.Loop() {
				rq.Point(path, u)
				q.Fill(dst, u, nil, scratch)
				path++
			}
			qmcSink += dst[0]
		})
	}
	b.Run("pseudo-random", func(b *testing.B) {
		r := New(1, 0)
		z := make([]float64, 5)
		b.ReportAllocs()
		for b.Loop() {
			for range 120 {
				corr.Fill(z, r)
			}
		}
		qmcSink += z[0]
	})
}
