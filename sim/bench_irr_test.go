package sim

import (
	"math"
	"sort"
	"testing"
	"time"
)

// BenchmarkIRRPathTimes times the IRRs of each of 20,000 default-scenario
// paths (seed 1; every strategy with a defined IRR, 121 monthly flows), with
// the bounded scan (IRR) and with the scan of every grid point in turn
// (irr(·, true), the scan before the bound), interleaved path by path in
// alternating order, each the best of 5 timings of 10 repetitions; it
// reports the 50th, 99th and 99.9th percentiles and the maximum of the
// per-path times, in ns, the median and maximum over the paths with an IRR
// whose flows change sign several times (multi-), and the most passes
// over the flows a path's IRRs made (passes-max). It fails if an IRR
// differs in a bit between the two. Run with -benchtime=1x.
func BenchmarkIRRPathTimes(b *testing.B) {
	set := defaultPathFlows(b, 20000)
	time1 := func(fls [][]float64, linear bool) float64 {
		best := time.Duration(math.MaxInt64)
		for range 5 {
			t0 := time.Now()
			for range 10 {
				for _, fl := range fls {
					irr(fl, linear)
				}
			}
			best = min(best, time.Since(t0))
		}
		return float64(best.Nanoseconds()) / 10
	}
	var bounded, linear, multiB, multiL []float64
	passes := [2]int{}
	for i, fls := range set {
		var n [2]int
		for _, fl := range fls {
			rb, nb := irr(fl, false)
			rl, nl := irr(fl, true)
			if math.Float64bits(rb) != math.Float64bits(rl) {
				b.Fatalf("path %d: IRR %v, every point %v", i, rb, rl)
			}
			n[0], n[1] = n[0]+nb, n[1]+nl
		}
		passes[0], passes[1] = max(passes[0], n[0]), max(passes[1], n[1])
	}
	for b.Loop() {
		bounded, linear, multiB, multiL = bounded[:0], linear[:0], multiB[:0], multiL[:0]
		for i, fls := range set {
			if i%2 == 0 {
				bounded = append(bounded, time1(fls, false))
				linear = append(linear, time1(fls, true))
			} else {
				linear = append(linear, time1(fls, true))
				bounded = append(bounded, time1(fls, false))
			}
			for _, fl := range fls {
				if ca, cb := signs(fl); ca >= 2 || cb >= 2 {
					multiB, multiL = append(multiB, bounded[i]), append(multiL, linear[i])
					break
				}
			}
		}
	}
	for _, s := range []struct {
		name string
		ts   []float64
	}{{"bounded", multiB}, {"linear", multiL}} {
		if len(s.ts) == 0 {
			continue
		}
		sort.Float64s(s.ts)
		b.ReportMetric(s.ts[len(s.ts)/2], s.name+"-multi-p50-ns")
		b.ReportMetric(s.ts[len(s.ts)-1], s.name+"-multi-max-ns")
	}
	b.ReportMetric(float64(len(multiB)), "multi-paths")
	b.ReportMetric(float64(passes[0]), "bounded-passes-max")
	b.ReportMetric(float64(passes[1]), "linear-passes-max")
	for _, s := range []struct {
		name string
		ts   []float64
	}{{"bounded", bounded}, {"linear", linear}} {
		sort.Float64s(s.ts)
		n := len(s.ts)
		b.ReportMetric(s.ts[n/2], s.name+"-p50-ns")
		b.ReportMetric(s.ts[n*99/100], s.name+"-p99-ns")
		b.ReportMetric(s.ts[n*999/1000], s.name+"-p99.9-ns")
		b.ReportMetric(s.ts[n-1], s.name+"-max-ns")
	}
}

// BenchmarkIRRScan times one IRR of flows whose cumulative sums change sign
// several times, with the bounded scan and with the scan of every grid point
// in turn: a default-scenario path with a second investment (121 flows), an
// investment with a decommissioning cost (BenchmarkIRRMultipleRoots), a
// root far out (r ≈ 50 a period: the bound's most probes) and roots on both
// sides of 0 (no point can be certified: the fallback, as costly as before).
func BenchmarkIRRScan(b *testing.B) {
	var second []float64
	for _, fls := range defaultPathFlows(b, 400) {
		for _, fl := range fls {
			if ca, _ := signs(fl); ca >= 2 && second == nil {
				second = fl
			}
		}
	}
	decom := make([]float64, 120)
	decom[0] = -1e7
	for k := 1; k < 119; k++ {
		decom[k] = 2.5e5
	}
	decom[119] = -2.2e7
	cases := []struct {
		name  string
		flows []float64
	}{
		{"default-path", second},
		{"decommissioning", decom},
		{"far-root", flowsWithRoots(-1e6, []float64{50, 60, 200}, 110)},
		{"both-sides", flowsWithRoots(1e6, []float64{-0.02, 0.006, 0.015, 0.09}, 117)},
	}
	for _, c := range cases {
		if c.flows == nil {
			b.Fatalf("%s: no flows", c.name)
		}
		for _, linear := range []bool{false, true} {
			name := c.name + "/bounded"
			if linear {
				name = c.name + "/linear"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				var sink float64
				for b.Loop() {
					r, _ := irr(c.flows, linear)
					sink += r
				}
				if math.IsNaN(sink) {
					b.Fatal("IRR is NaN")
				}
			})
		}
	}
}
