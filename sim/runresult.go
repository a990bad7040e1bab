package sim

import (
	"context"
	"fmt"
	"math"
	"time"
)

// result builds the Result of the first n paths. It looks at ctx between
// pieces of work (each strategy's sorts, in pieces of sortChunk values,
// each comparison, each band) and returns ctx.Err() within a few
// milliseconds of its cancellation.
func (r *run) result(ctx context.Context, n int, batchEnds []int, met bool, wall time.Duration) (*Result, error) {
	st := newStatsWatch(ctx, r)
	defer st.close()
	cfg := r.cfg
	cfg.Progress, cfg.ProgressInterval, cfg.Observers = nil, 0, nil
	res := &Result{
		Provenance: thisProvenance(),
		Config:     cfg,
		Scenario:   r.plan.Scenario(),
		Strategies: make([]Summary, r.nStrat),
		NPV:        make([][]float64, r.nStrat),
	}
	if !cfg.NPVSamplesOnly {
		res.IRRPerYear = make([][]float64, r.nStrat)
		res.PaybackMonths = make([][]float64, r.nStrat)
	}
	// One buffer serves every sort and every list of differences below,
	// in turn, so that the statistics add n float64s to the heap, not
	// eleven times that for three strategies.
	scratch := make([]float64, n)
	for j := range r.names {
		if err := st.phase("summary", j); err != nil {
			return nil, err
		}
		if err := r.summary(res, j, n, scratch, st.stop); err != nil {
			return nil, st.err(err)
		}
	}
	base := res.NPV[0]
	for j := 1; j < r.nStrat; j++ {
		if err := st.phase("comparison", j); err != nil {
			return nil, err
		}
		c, err := compare(res.NPV[j], base, cfg.Pairing(), scratch, res.Strategies[j].Stderr, res.Strategies[0].Stderr, st.stop)
		if err != nil {
			return nil, st.err(fmt.Errorf("sim: comparing %q with %q: %w", r.names[j], r.names[0], err))
		}
		res.Comparisons = append(res.Comparisons, StrategyComparison{Name: r.names[j], Baseline: r.names[0], Comparison: c})
	}
	if r.bands != nil {
		if err := st.phase("bands", 0); err != nil {
			return nil, err
		}
		res.Bands = r.bands.bands(min(n, r.bands.k), r.numWorkers(), r.plan.DtYears(), st.stop)
	}
	if r.funding != nil {
		if err := st.phase("funding", 0); err != nil {
			return nil, err
		}
		fs, err := r.funding.summaries(n, res.NPV, res.Strategies, cfg.Antithetic, scratch, st.stop)
		if err != nil {
			return nil, st.err(err)
		}
		res.Funding = fs
	}
	if err := st.phase("done", 0); err != nil {
		return nil, err
	}
	res.Run = r.runInfo(n, batchEnds, met, wall, res)
	return res, nil
}

// summary fills res's samples and Summary of strategy j over n paths.
func (r *run) summary(res *Result, j, n int, scratch []float64, stop stopFunc) error {
	cfg, name := &r.cfg, r.names[j]
	npv := r.npv[j][:n:n]
	res.NPV[j] = npv
	var s Summary
	var err error
	if cfg.NPVSamplesOnly {
		s, err = summarizeCompact(name, npv, r.irr32[j][:n], r.paybackCounts(j), r.months, scratch, stop)
	} else {
		res.IRRPerYear[j], res.PaybackMonths[j] = r.irr[j][:n:n], r.payback[j][:n:n]
		s, err = summarize(name, npv, res.IRRPerYear[j], res.PaybackMonths[j], scratch, stop)
	}
	if err != nil {
		return fmt.Errorf("sim: strategy %q: %w", name, err)
	}
	applyPairing(&s, npv, cfg.Pairing(), scratch)
	res.Strategies[j] = s
	res.Run.MaxStderrUSD = math.Max(res.Run.MaxStderrUSD, s.Stderr)
	return nil
}

// runInfo returns the RunInfo of a run of n paths that took wall.
func (r *run) runInfo(n int, batchEnds []int, met bool, wall time.Duration, res *Result) RunInfo {
	wall = max(wall, time.Nanosecond)
	sec := wall.Seconds()
	return RunInfo{
		Paths:          n,
		FirstPath:      r.cfg.FirstPath,
		Steps:          r.steps,
		DtYears:        r.plan.DtYears(),
		Workers:        r.numWorkers(),
		WallSeconds:    sec,
		PathsPerSecond: float64(n) / sec,
		NsPerPathStep:  float64(wall.Nanoseconds()) / (float64(n) * float64(r.steps)),
		MaxStderrUSD:   res.Run.MaxStderrUSD,
		TargetMet:      met,
		BatchEnds:      batchEnds,
	}
}
