package sim

import (
	"math"

	"github.com/pivotrisk/pivotrisk/model"
)

// optionSummary returns the OptionSummary of fit f in res, whose observer
// ob recorded the conversions.
func optionSummary(res *Result, sc *model.Scenario, f *OptionFit, ob *optionObserver) OptionSummary {
	sp := sc.Strategies[f.Strategy]
	state := f.Rule.State()
	stepMonths := 12 * sc.Finance.DtYears()
	s := OptionSummary{
		Name: sp.Name(), Blocks: f.Rule.Blocks(), BlockMW: f.BlockMW, State: state.Names(),
		CalibrationSeed: f.Seed, CalibrationPaths: f.Paths, PricingSeed: res.Config.Seed, Fit: f.Fit,
		SimulationSeconds: f.Simulation.Seconds(), RegressionSeconds: f.Regression.Seconds(), Rule: f.Rule,
	}
	for _, k := range f.Steps {
		s.DecisionMonths = append(s.DecisionMonths, float64(k)*stepMonths)
	}
	s.StateRange = make([][][3]float64, len(f.Range))
	for d, r := range f.Range {
		s.StateRange[d] = make([][3]float64, len(r))
		for c := range r {
			s.StateRange[d][c] = levels(state, r[c], c)
		}
	}
	s.Boundaries = boundaries(f, s.DecisionMonths)
	n := res.Run.Paths
	s.Timing = timing(ob.at[:n*s.Blocks], s.Blocks, len(f.Steps), s.DecisionMonths, f.BlockMW, res.Config.Antithetic)
	s.Flexibility = flexibility(res, sc, f.Strategy)
	return s
}

// flexibility returns the comparison of strategy j (a real option) of res
// with the better of its benchmarks, or nil if the run lacks one of them
// or its samples.
func flexibility(res *Result, sc *model.Scenario, j int) *OptionFlexibility {
	if len(res.NPV) != len(res.Strategies) {
		return nil
	}
	now, never := sc.Strategies[j].Benchmarks()
	iNow, iNever := -1, -1
	for i, sp := range sc.Strategies {
		switch {
		case iNow < 0 && model.SameAs(sp, now):
			iNow = i
		case iNever < 0 && model.SameAs(sp, never):
			iNever = i
		}
	}
	if iNow < 0 || iNever < 0 {
		return nil
	}
	p := res.Config.Pairing()
	vsNow, err1 := Compare(res.NPV[j], res.NPV[iNow], p)
	vsNever, err2 := Compare(res.NPV[j], res.NPV[iNever], p)
	if err1 != nil || err2 != nil {
		return nil
	}
	fl := &OptionFlexibility{Now: res.Strategies[iNow].Name, Never: res.Strategies[iNever].Name, VsNow: vsNow, VsNever: vsNever}
	best := vsNow
	fl.Best = fl.Now
	if res.Strategies[iNever].Mean > res.Strategies[iNow].Mean {
		best, fl.Best = vsNever, fl.Never
	}
	fl.MeanDiffUSD, fl.StderrUSD = best.MeanDiff, best.PairedStderr
	return fl
}

// timing returns when the blocks converted: at holds, per path, the
// decision date of each of the blocks (−1: never), months the month of
// each date; pairs takes standard errors over antithetic pairs.
func timing(at []int32, blocks, dates int, months []float64, blockMW float64, pairs bool) OptionTiming {
	n := len(at) / blocks
	t := OptionTiming{Paths: n, ConvertedBy: make([][]float64, blocks), MWBy: make([]float64, dates)}
	unit := 1
	if pairs {
		unit = 2
	}
	for b := range blocks {
		counts := make([]int, dates)
		// Per unit of independence u (a path, or a pair): the sum of the
		// months of the conversions (a) and their count (c).
		units := n / unit
		a, c := make([]float64, units), make([]float64, units)
		for i := range n {
			d := at[i*blocks+b]
			if d < 0 {
				continue
			}
			counts[d]++
			a[i/unit] += months[d]
			c[i/unit]++
		}
		t.ConvertedBy[b] = make([]float64, dates)
		cum := 0
		for d := range dates {
			cum += counts[d]
			t.ConvertedBy[b][d] = float64(cum) / float64(n)
			t.MWBy[d] += blockMW * float64(cum) / float64(n)
		}
		p, pse := ratioMean(c, nil, float64(unit))
		t.ProbNever = append(t.ProbNever, 1-p)
		t.ProbNeverStderr = append(t.ProbNeverStderr, pse)
		m, mse := ratioMean(a, c, 1)
		t.MeanMonth = append(t.MeanMonth, m)
		t.MeanMonthStderr = append(t.MeanMonthStderr, mse)
	}
	return t
}

// ratioMean returns R = Σa/Σc over units (c nil: Σa/(k·units), the mean
// per path of a unit of k paths) and its standard error by the delta
// method, √(Σ(a − R·c)²/(u(u−1)))/c̄; 0, 0 when Σc = 0, and the error 0
// with fewer than two units.
func ratioMean(a, c []float64, k float64) (r, se float64) {
	u := len(a)
	cOf := func(i int) float64 {
		if c == nil {
			return k
		}
		return c[i]
	}
	var sa, sc float64
	for i := range u {
		sa += a[i]
		sc += cOf(i)
	}
	if !(sc > 0) {
		return 0, 0
	}
	r = sa / sc
	if u < 2 {
		return r, 0
	}
	ss := 0.0
	for i := range u {
		e := a[i] - r*cOf(i)
		ss += e * e
	}
	cbar := sc / float64(u)
	se = math.Sqrt(ss/float64(u)/float64(u-1)) / cbar
	return r, se
}
