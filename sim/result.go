package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
)

// Result is what a Run returns: the Config and Scenario that produced it
// (enough to reproduce it bit for bit), each strategy's Summary, the paired
// comparisons of every strategy with the first, the fan-chart bands, the
// per-path samples, and figures about the run itself.
//
// With Config.Antithetic the two paths of a pair are not independent, so
// every standard error of a mean — Summary.Stderr, MeanCI95 and
// ProbLossStderr, and a Comparison's PairedStderr, UnpairedStderr,
// MeanDiffCI95 and ProbAGreaterStderr — is computed from the n/2 pair means
// (the sample standard deviation of the pair means over √(n/2)), replacing
// the independent-sample figures Summarize gives; the comparisons are
// Compare's with Config.Pairing (Antithetic), and Result.Compare compares
// any two strategies the same way. The quantile, VaR and ES confidence
// intervals keep their independent-sample methods and are then
// approximate.
type Result struct {
	// Provenance says what produced the result (library and Go versions,
	// architecture) and, once written, its format and checksum.
	Provenance Provenance `json:"provenance"`
	// Config is the run's configuration with its defaults filled in
	// (Workers, BandPaths, Bands), and without Progress, ProgressInterval
	// and Observers, which do not change results.
	Config Config `json:"config"`
	// Scenario is the scenario run. Its custom strategies (Go values) are
	// not written to JSON: a Result read back has only the built-in ones,
	// though Strategies keeps every name.
	Scenario *model.Scenario `json:"scenario"`
	// Strategies holds each strategy's Summary, in the run's order
	// (built-in, then custom). Money is in USD.
	Strategies []Summary `json:"strategies"`
	// Comparisons compares each strategy after the first with the first
	// (Name − Baseline), on the same paths.
	Comparisons []StrategyComparison `json:"comparisons"`
	// Bands are the fan charts (nil if none were kept).
	Bands *Bands `json:"bands,omitempty"`
	// Run describes the run: paths, workers, time, speed, target.
	Run RunInfo `json:"run"`

	// NPV holds the NPV samples, USD, by strategy then path (NPV[j][i] is
	// strategy j on path Config.FirstPath+i). Written to JSON only by
	// WriteJSONWithSamples.
	NPV [][]float64 `json:"npvUSD,omitempty"`
	// IRRPerYear holds the annualized IRR samples, like NPV (NaN:
	// undefined); nil with Config.NPVSamplesOnly. Not written to JSON.
	//
	// A path's IRR is that of the strategy's free cash flows summed by
	// periods of about a month: a period is one step when steps are a
	// month or longer, and m = ⌈(1/12)/dt⌉ consecutive steps when they are
	// shorter (31 days at daily steps; the last period may hold fewer), its
	// flow placed at the period's end, so no cash moves by more than a
	// month. The IRR is defined when the strategy invests no later than it
	// earns, month by month: the first period with positive CapexUSD or
	// positive free cash flow has positive CapexUSD. Otherwise it is
	// undefined: a strategy that earns before it puts capital in (pure
	// mining of a site already built) has no investment to earn a return
	// on, and a root of its NPV is then a borrowing rate, where lower is
	// better. For the return on a conversion made later, take IRR of the
	// difference of two strategies' flows (model.Simulator replays them).
	//
	// Periods of a month make the rule and the rate the same for any step
	// of a month or less: a conversion that books its ASIC salvage on day 1
	// and its first capex on day 2 invests at the outset at daily steps as
	// at monthly ones (taken day by day it would have "earned first"), and
	// a day of income ahead of the capex no longer puts a root of the NPV
	// at an absurd rate (10²⁰ % a year).
	IRRPerYear [][]float64 `json:"-"`
	// PaybackMonths holds the discounted payback samples in months, like
	// NPV (NaN: never); nil with Config.NPVSamplesOnly. Not written to JSON.
	PaybackMonths [][]float64 `json:"-"`
}

// StrategyComparison is the paired Comparison of strategy Name (a) with
// Baseline (b), the run's first strategy: MeanDiff is the mean of
// NPV(Name) − NPV(Baseline), ProbAGreater the probability that Name beats
// Baseline.
type StrategyComparison struct {
	Name       string `json:"name"`     // strategy a
	Baseline   string `json:"baseline"` // strategy b, the run's first
	Comparison        // a − b, USD
}

// RunInfo describes how a run went.
type RunInfo struct {
	// Paths is the number of paths run (in target mode, where it stopped).
	Paths int `json:"paths"`
	// FirstPath is the index of the first path.
	FirstPath uint64 `json:"firstPath"`
	// Steps is the number of steps per path.
	Steps int `json:"steps"`
	// DtYears is the length of a step, in years.
	DtYears float64 `json:"dtYears"`
	// Workers is the number of worker goroutines used.
	Workers int `json:"workers"`
	// WallSeconds is the run's wall time, statistics included, in seconds.
	WallSeconds float64 `json:"wallSeconds"`
	// PathsPerSecond is Paths / WallSeconds.
	PathsPerSecond float64 `json:"pathsPerSecond"`
	// NsPerPathStep is the wall time per path-step, in nanoseconds (all
	// strategies of the step included).
	NsPerPathStep float64 `json:"nsPerPathStep"`
	// MaxStderrUSD is the largest standard error of a strategy's mean NPV,
	// USD (on pair means with Antithetic).
	MaxStderrUSD float64 `json:"maxStderrUSD"`
	// TargetMet reports, in target mode, whether MaxStderrUSD reached
	// Config.TargetStdErrUSD; false otherwise.
	TargetMet bool `json:"targetMet"`
	// BatchEnds lists, in target mode, the path count at the end of each
	// batch (the last is Paths).
	BatchEnds []int `json:"batchEnds,omitempty"`
}

// StrategyNames returns the strategies' names in the run's order.
func (r *Result) StrategyNames() []string {
	names := make([]string, len(r.Strategies))
	for i, s := range r.Strategies {
		names[i] = s.Name
	}
	return names
}

// Strategy returns the Summary of the strategy called name, and whether
// there is one.
func (r *Result) Strategy(name string) (Summary, bool) {
	for _, s := range r.Strategies {
		if s.Name == name {
			return s, true
		}
	}
	return Summary{}, false
}

// Compare returns the paired comparison of the strategy called name with
// the one called baseline (name − baseline, USD) on the run's paths, from
// the NPV samples and with the run's pairing (Config.Pairing: the standard
// errors come from antithetic pair means with Config.Antithetic), as
// Compare(r.NPV[i], r.NPV[j], r.Config.Pairing()). Comparisons holds those
// of every strategy with the first. It returns an error naming the
// strategies if name or baseline is not one of them, or if r has no
// samples (a Result read from JSON written without them).
func (r *Result) Compare(name, baseline string) (StrategyComparison, error) {
	i, j := slices.Index(r.StrategyNames(), name), slices.Index(r.StrategyNames(), baseline)
	var c valid.Checker
	if i < 0 {
		c.Add("name", name, fmt.Sprintf("one of %q", r.StrategyNames()))
	}
	if j < 0 {
		c.Add("baseline", baseline, fmt.Sprintf("one of %q", r.StrategyNames()))
	}
	if err := c.Err(); err != nil {
		return StrategyComparison{}, fmt.Errorf("sim: Result.Compare: %w", err)
	}
	if len(r.NPV) != len(r.Strategies) {
		return StrategyComparison{}, errors.New("sim: Result.Compare: the result has no NPV samples (read from JSON written without them)")
	}
	cmp, err := Compare(r.NPV[i], r.NPV[j], r.Config.Pairing())
	if err != nil {
		return StrategyComparison{}, fmt.Errorf("sim: Result.Compare(%q, %q): %w", name, baseline, err)
	}
	return StrategyComparison{Name: name, Baseline: baseline, Comparison: cmp}, nil
}

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
		res.Bands = r.bands.bands(min(n, r.bands.k), len(r.workers), r.plan.DtYears(), st.stop)
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
		counts := make([]int64, r.steps+1)
		for _, w := range r.workers {
			for k, c := range w.pbCount[j] {
				counts[k] += c
			}
		}
		s, err = summarizeCompact(name, npv, r.irr32[j][:n], counts, r.months, scratch, stop)
	} else {
		res.IRRPerYear[j], res.PaybackMonths[j] = r.irr[j][:n:n], r.payback[j][:n:n]
		s, err = summarize(name, npv, res.IRRPerYear[j], res.PaybackMonths[j], scratch, stop)
	}
	if err != nil {
		return fmt.Errorf("sim: strategy %q: %w", name, err)
	}
	if cfg.Antithetic {
		pairSummary(&s, npv, scratch)
	}
	res.Strategies[j] = s
	res.Run.MaxStderrUSD = math.Max(res.Run.MaxStderrUSD, s.Stderr)
	return nil
}

// pairSummary replaces the standard errors of s, the Summary of npv, and
// the mean's interval by their antithetic-pair figures (see Result),
// computing the pair means in scratch.
func pairSummary(s *Summary, npv, scratch []float64) {
	s.Stderr = meanSE(npv, true)
	h := zTwoSided(0.95) * s.Stderr
	s.MeanCI95 = [2]float64{s.Mean - h, s.Mean + h}
	s.ProbLossStderr = pairSEOfIn(len(npv), scratch, func(i int) float64 { return b2f(npv[i] < 0) })
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
		Workers:        len(r.workers),
		WallSeconds:    sec,
		PathsPerSecond: float64(n) / sec,
		NsPerPathStep:  float64(wall.Nanoseconds()) / (float64(n) * float64(r.steps)),
		MaxStderrUSD:   res.Run.MaxStderrUSD,
		TargetMet:      met,
		BatchEnds:      batchEnds,
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// meanSE returns the standard error of the mean of xs: s/√n, or with pairs
// the standard error from the pair means of (xs[2i], xs[2i+1]).
func meanSE(xs []float64, pairs bool) float64 {
	if !pairs {
		// The formula of Summarize's Stderr, bit for bit, so that the
		// target-mode check and the Summary agree.
		_, sd := meanSD(xs)
		return sd / math.Sqrt(float64(len(xs)))
	}
	return pairSEOf(len(xs), func(i int) float64 { return xs[i] })
}

// pairSEOf returns the standard error of the mean of the n values at(i),
// n even, from their n/2 pair means (at(2i) + at(2i+1))/2: the sample
// standard deviation of the pair means (n/2 − 1 divisor) over √(n/2).
func pairSEOf(n int, at func(i int) float64) float64 {
	return pairSEOfIn(n, nil, at)
}

// pairSEOfIn is pairSEOf keeping the pair means in scratch (grown if need
// be).
func pairSEOfIn(n int, scratch []float64, at func(i int) float64) float64 {
	m := slices.Grow(scratch[:0], n/2)[:n/2]
	for i := range m {
		m[i] = at(2*i)/2 + at(2*i+1)/2
	}
	_, se := meanStderr(m)
	return se
}
