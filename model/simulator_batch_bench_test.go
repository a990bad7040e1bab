package model

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cputime"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// BenchmarkBatchBooking times a batch of 32 default paths over the whole
// horizon, its strategies booked in two orders: path by path, every
// strategy of a path before the next path (BatchSimulator.Step, what the
// engine runs), and strategy by strategy, one strategy over every path of
// the batch before the next (bookStrategyMajor, the loop of a batch
// kernel per strategy). Both give the same bits
// (TestBookStrategyMajorIsBookPath); the benchmark says which is faster
// on this machine, in wall time and in the process's CPU time, which
// other programs competing for the cores do not inflate.
func BenchmarkBatchBooking(b *testing.B) {
	p := newPlan(b, DefaultScenario())
	for _, order := range []struct {
		name string
		book func(*BatchSimulator)
	}{
		{"path-major", func(bs *BatchSimulator) {
			for i := range bs.Len() {
				bs.BookPath(i)
			}
		}},
		{"strategy-major", bookStrategyMajor},
	} {
		b.Run(order.name, func(b *testing.B) {
			bs, err := p.NewBatchSimulator(32)
			if err != nil {
				b.Fatal(err)
			}
			bs.Resize(32)
			var path uint64
			b.ReportAllocs()
			cpu0 := cputime.Process()
			for b.Loop() {
				for i := range 32 {
					bs.Path(i).Reset(1, path, false)
					path++
				}
				for range p.Steps() {
					bs.StepMarkets(bs.DrawShocks())
					order.book(bs)
				}
			}
			steps := float64(b.N * 32 * p.Steps())
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/steps, "ns/pathstep")
			b.ReportMetric(float64((cputime.Process()-cpu0).Nanoseconds())/steps, "cpu-ns/pathstep")
		})
	}
}

// bookStrategyMajor books the batch's paths as BookPath does, but
// strategy by strategy over all paths: the shed calls of every path, then
// strategy 0 (its runner and tax book) on every path, then strategy 1, …
// Each path's streams see the same calls in the same order, so the books
// are BookPath's.
func bookStrategyMajor(bs *BatchSimulator) {
	for i := range bs.n {
		if g := bs.paths[i].grid; g != nil {
			g.Draw()
		}
	}
	for k := range bs.plan.strategies {
		for i := range bs.n {
			pp := bs.paths[i]
			o := &pp.out[k]
			*o = site.CashFlow{}
			pp.runners[k].Step(pp.state, pp.rands[k], o)
			pp.taxes[k].Apply(o)
		}
	}
}

// TestBookStrategyMajorIsBookPath checks the benchmark's premise: booking
// strategy by strategy gives the books of booking path by path.
func TestBookStrategyMajorIsBookPath(t *testing.T) {
	p := newPlan(t, DefaultScenario())
	var bss [2]*BatchSimulator
	for j := range bss {
		bs, err := p.NewBatchSimulator(8)
		if err != nil {
			t.Fatal(err)
		}
		bs.Resize(8)
		for i := range 8 {
			bs.Path(i).Reset(3, uint64(i), i%2 == 1)
		}
		bss[j] = bs
	}
	for k := 1; k <= p.Steps(); k++ {
		for j, bs := range bss {
			bs.StepMarkets(bs.DrawShocks())
			if j == 0 {
				for i := range 8 {
					bs.BookPath(i)
				}
			} else {
				bookStrategyMajor(bs)
			}
		}
		for i := range 8 {
			for s, f := range bss[0].Flows(i) {
				if g := bss[1].Flows(i)[s]; g != f {
					t.Fatalf("step %d path %d strategy %d: strategy-major %+v, path-major %+v", k, i, s, g, f)
				}
			}
		}
	}
}
