package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
)

// Result returns the Result of the run p covers, which must be complete
// (every path of the run, from MergePartials of its shards), for its
// scenario sc (the one the shards ran, custom strategies included; its
// SHA-256 must match). With samples it is the Result Run gives, bit for
// bit; compact, its exact figures are and its other quantiles come from
// sketches (see Partial), Result.Run.Quantiles saying so. Result.Run's
// WallSeconds is the shards' wall times added up (the work, not the
// elapsed time), and Workers the most any shard used.
func (p *Partial) Result(ctx context.Context, sc *model.Scenario) (*Result, error) {
	if err := p.missingError(); err != nil {
		return nil, err
	}
	sum, err := scenarioSHA256(sc)
	if err != nil {
		return nil, fmt.Errorf("sim: scenario: %w", err)
	}
	if sum != p.ScenarioSHA256 {
		return nil, fmt.Errorf("sim: the scenario's SHA-256 is %s, the partials' %s: not the scenario they ran", sum, p.ScenarioSHA256)
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	if names := plan.StrategyNames(); !slices.Equal(names, p.Names) {
		return nil, fmt.Errorf("sim: the scenario's strategies are %q, the partials' %q", names, p.Names)
	}
	r := newRun(plan, p.Config)
	r.workers = []*worker{{r: r}}
	p.fillBands(r)
	wall := time.Duration(p.WallSeconds * float64(time.Second))
	n := p.Config.Paths
	var res *Result
	if p.Samples {
		p.fillSamples(r)
		res, err = r.result(ctx, n, nil, false, wall)
	} else {
		res, err = p.compactResult(ctx, r, wall)
	}
	if err != nil {
		return nil, err
	}
	res.Run.Workers = p.Config.Workers
	return res, nil
}

// fillBands copies the band paths' values of p's chunks into r's store.
func (p *Partial) fillBands(r *run) {
	b := r.bands
	if b == nil {
		return
	}
	pts := len(b.steps)
	for _, c := range p.Chunks {
		if c.Bands == nil || c.Bands.K == 0 {
			continue
		}
		off, kc := int(c.Range.From-p.Config.FirstPath), c.Bands.K
		for pt := range pts {
			for s := range b.vals {
				copy(b.vals[s][pt*b.k+off:], c.Bands.Vals[s][pt*kc:pt*kc+kc])
			}
			copy(b.halv[pt*b.k+off:], c.Bands.Halv[pt*kc:pt*kc+kc])
		}
	}
}

// fillSamples puts the samples of p's chunks, in path order, into r.
func (p *Partial) fillSamples(r *run) {
	n := p.Config.Paths
	r.grow(n)
	w := r.workers[0]
	if r.cfg.NPVSamplesOnly {
		w.pbCount = make([][]int64, r.nStrat)
		for j := range w.pbCount {
			w.pbCount[j] = make([]int64, r.steps+1)
		}
	}
	for _, c := range p.Chunks {
		off := int(c.Range.From - p.Config.FirstPath)
		for j := range r.nStrat {
			copy(r.npv[j][off:], c.NPV[j])
			if r.cfg.NPVSamplesOnly {
				copy(r.irr32[j][off:], c.IRR32[j])
				for k, m := range c.PaybackCounts[j] {
					w.pbCount[j][k] += m
				}
				continue
			}
			copy(r.irr[j][off:], c.IRR[j])
			copy(r.payback[j][off:], c.Payback[j])
		}
	}
}

// compactResult returns the Result of a complete compact Partial, r
// holding its bands.
func (p *Partial) compactResult(ctx context.Context, r *run, wall time.Duration) (*Result, error) {
	st := newStatsWatch(ctx, r)
	defer st.close()
	cfg := p.Config
	n := cfg.Paths
	res := &Result{Provenance: thisProvenance(), Config: cfg, Scenario: r.plan.Scenario(), Strategies: make([]Summary, len(p.Names))}
	var rankErr float64
	for j, name := range p.Names {
		if err := st.phase("summary", j); err != nil {
			return nil, err
		}
		s, re, err := p.Stats[j].summary(name, n, r.months, cfg.Antithetic)
		if err != nil {
			return nil, fmt.Errorf("sim: strategy %q: %w", name, err)
		}
		rankErr = math.Max(rankErr, re)
		res.Strategies[j] = s
		res.Run.MaxStderrUSD = math.Max(res.Run.MaxStderrUSD, s.Stderr)
	}
	for j := 1; j < len(p.Names); j++ {
		c, re := p.Diffs[j-1].comparison(n, cfg.Antithetic, &p.Stats[j], &p.Stats[0], res.Strategies[j].Stderr, res.Strategies[0].Stderr)
		rankErr = math.Max(rankErr, re)
		res.Comparisons = append(res.Comparisons, StrategyComparison{Name: p.Names[j], Baseline: p.Names[0], Comparison: c})
	}
	if r.bands != nil {
		if err := st.phase("bands", 0); err != nil {
			return nil, err
		}
		res.Bands = r.bands.bands(min(n, r.bands.k), 1, r.plan.DtYears(), st.stop)
	}
	if err := st.phase("done", 0); err != nil {
		return nil, err
	}
	res.Run = r.runInfo(n, nil, false, wall, res)
	res.Run.Quantiles, res.Run.SketchRankError = QuantilesSketch, rankErr
	return res, nil
}
