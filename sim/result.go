package sim

import (
	"errors"
	"fmt"
	"slices"

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
//
// With Config.Sampling RQMC the paths of one replicate are not independent
// either (they are points of one scrambled net); the R replicates are. So
// every standard error — Stderr, ProbLossStderr, a Comparison's
// PairedStderr, UnpairedStderr and ProbAGreaterStderr — is the sample
// standard deviation of the R replicates' figures over √R, every 95 %
// interval — MeanCI95, MeanDiffCI95, and VaR95CI95, ES95CI95, VaR99CI95,
// ES99CI95 — is the pooled figure ± t(R−1, 0.975) times such a standard
// error, and the quantiles, VaR and ES themselves are taken over all paths
// pooled (see replicateSummary for what the VaR and ES intervals assume).
// Each Summary and Comparison names its estimator (Estimator: "iid",
// "antithetic-pairs" or "rqmc-replicates R").
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
	// Options describes the run's real options (model.KindRealOption):
	// their fits, boundaries, conversion timing and the value of their
	// flexibility (option.go); nil without them.
	Options []OptionSummary `json:"options,omitempty"`
	// Funding holds, for each strategy with a capital structure
	// (model.Scenario.Funding), in the run's order, its levered figures:
	// equity NPV and levered IRR beside the project NPV, funding gaps,
	// covenant breaches and defaults by year, minimum liquidity and
	// cash-flow-at-risk by year (fundingsummary.go); nil without any.
	Funding []FundingSummary `json:"funding,omitempty"`

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
	// difference of two strategies' flows (model.Simulator and PathPricer
	// replay them). Periods of a month make the rule and the rate the same
	// for any step of a month or less: a day of income ahead of a day of
	// capex does not make a conversion "earn first".
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
	// Quantiles is empty when every quantile is exact, and QuantilesSketch
	// for a Result merged from compact partials, whose quantiles beyond
	// the kept tails come from QuantileSketches (see Partial).
	Quantiles string `json:"quantiles,omitempty"`
	// SketchRankError is, with sketched quantiles, the largest share of
	// the sample in the bucket a sketched quantile was read from: the
	// empirical distribution function at each sketched quantile is within
	// it of the quantile's probability (QuantileSketch.RankError).
	SketchRankError float64 `json:"sketchRankError,omitempty"`
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
