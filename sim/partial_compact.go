package sim

import (
	"context"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/xsum"
)

// StrategyStats is what a compact Partial keeps of one strategy (see
// Partial): exact sums, counts and extremes, the TailK smallest NPVs, and
// sketches of the NPVs and defined IRRs.
type StrategyStats struct {
	NPV       xsum.Moments   // the NPVs, USD
	Pairs     xsum.Moments   // the antithetic pair means x₂ₖ/2 + x₂ₖ₊₁/2, USD (Antithetic only)
	LossPairs xsum.Moments   // the pair means of the loss indicators (Antithetic only)
	Losses    int64          // paths with NPV < 0
	Tail      []float64      // the TailK smallest NPVs, ascending, USD
	Sketch    QuantileSketch // the NPVs, USD
	IRR       xsum.Acc       // sum of the defined IRRs, per year
	IRRSketch QuantileSketch // the defined IRRs, per year
	Payback   []int64        // paths paying back at each step (0: never negative); never-paying paths not counted
}

// DiffStats is what a compact Partial keeps of the difference a − b of a
// strategy after the first (a) and the first (b), path by path.
type DiffStats struct {
	Diff       xsum.Moments   // a − b, USD
	Pairs      xsum.Moments   // pair means of a − b (Antithetic only)
	ScorePairs xsum.Moments   // pair means of the scores (Antithetic only)
	Greater    int64          // paths with a > b
	Ties       int64          // paths with a = b
	Sketch     QuantileSketch // a − b, USD
}

// stderr returns the standard error of the strategy's mean NPV (from the
// pair means with antithetic).
func (s *StrategyStats) stderr(antithetic bool) float64 {
	if antithetic {
		return s.Pairs.SD() / math.Sqrt(float64(s.Pairs.N))
	}
	return s.NPV.SD() / math.Sqrt(float64(s.NPV.N))
}

// addCompact adds the compact statistics of r's first n paths to p.
func (p *Partial) addCompact(ctx context.Context, r *run, n int, counts [][]int64) error {
	anti := r.cfg.Antithetic
	scratch := make([]float64, n)
	for j := range r.nStrat {
		if err := ctx.Err(); err != nil {
			return err
		}
		st := &p.Stats[j]
		npv := r.npv[j][:n]
		for i, x := range npv {
			st.NPV.Add(x)
			st.Sketch.Add(x)
			if x < 0 {
				st.Losses++
			}
			if anti && i%2 == 1 {
				st.Pairs.Add(npv[i-1]/2 + x/2)
				st.LossPairs.Add(b2f(npv[i-1] < 0)/2 + b2f(x < 0)/2)
			}
			irr := math.NaN()
			if r.cfg.NPVSamplesOnly {
				if v := r.irr32[j][i]; v == v {
					irr = float64(v)
				}
			} else {
				irr = r.irr[j][i]
			}
			if !math.IsNaN(irr) {
				st.IRR.Add(irr)
				st.IRRSketch.Add(irr)
			}
		}
		st.Payback = counts[j]
		if !r.cfg.NPVSamplesOnly {
			st.Payback = make([]int64, r.steps+1)
			for _, m := range r.payback[j][:n] {
				if !math.IsNaN(m) {
					st.Payback[int(math.Round(m/r.months))]++
				}
			}
		}
		tail := append(scratch[:0], npv...)
		slices.Sort(tail)
		st.Tail = slices.Clone(tail[:min(p.TailK, n)])
		if j > 0 {
			if err := p.Diffs[j-1].add(npv, r.npv[0][:n], anti); err != nil {
				return err
			}
		}
	}
	return nil
}

// add adds the differences a − b, path by path, to d.
func (d *DiffStats) add(a, b []float64, anti bool) error {
	for i := range a {
		x := a[i] - b[i]
		if math.IsInf(x, 0) {
			return &PathError{Quantity: "NPV difference", Value: x}
		}
		d.Diff.Add(x)
		d.Sketch.Add(x)
		switch {
		case a[i] > b[i]:
			d.Greater++
		case a[i] == b[i]:
			d.Ties++
		}
		if anti && i%2 == 1 {
			d.Pairs.Add((a[i-1]-b[i-1])/2 + x/2)
			d.ScorePairs.Add(scoreOf(a[i-1], b[i-1])/2 + scoreOf(a[i], b[i])/2)
		}
	}
	return nil
}

// merge adds o's statistics to s, keeping the k smallest NPVs.
func (s *StrategyStats) merge(o *StrategyStats, k int) {
	s.NPV.Merge(&o.NPV)
	s.Pairs.Merge(&o.Pairs)
	s.LossPairs.Merge(&o.LossPairs)
	s.Losses += o.Losses
	s.Tail = smallestOf(s.Tail, o.Tail, k)
	s.Sketch.Merge(&o.Sketch)
	s.IRR.Merge(&o.IRR)
	s.IRRSketch.Merge(&o.IRRSketch)
	if len(s.Payback) < len(o.Payback) {
		s.Payback = append(s.Payback, make([]int64, len(o.Payback)-len(s.Payback))...)
	}
	for i, c := range o.Payback {
		s.Payback[i] += c
	}
}

// merge adds o's statistics to d.
func (d *DiffStats) merge(o *DiffStats) {
	d.Diff.Merge(&o.Diff)
	d.Pairs.Merge(&o.Pairs)
	d.ScorePairs.Merge(&o.ScorePairs)
	d.Greater += o.Greater
	d.Ties += o.Ties
	d.Sketch.Merge(&o.Sketch)
}

// clone returns a deep copy of s.
func (s *StrategyStats) clone() StrategyStats {
	c := *s
	c.Tail = slices.Clone(s.Tail)
	c.Payback = slices.Clone(s.Payback)
	c.Sketch, c.IRRSketch = QuantileSketch{}, QuantileSketch{}
	c.Sketch.Merge(&s.Sketch)
	c.IRRSketch.Merge(&s.IRRSketch)
	return c
}

// clone returns a deep copy of d.
func (d *DiffStats) clone() DiffStats {
	c := *d
	c.Sketch = QuantileSketch{}
	c.Sketch.Merge(&d.Sketch)
	return c
}

// smallestOf returns the k smallest values of a and b, both ascending, in
// a new ascending slice.
func smallestOf(a, b []float64, k int) []float64 {
	out := make([]float64, 0, min(k, len(a)+len(b)))
	for len(out) < cap(out) {
		if len(b) == 0 || len(a) > 0 && a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}
