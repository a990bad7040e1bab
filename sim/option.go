package sim

import (
	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// OptionSummary is what a Run reports of a strategy of kind realOption
// (model.KindRealOption) besides its NPV Summary: how its rule was fitted,
// where it converts, when it converted on the run's paths, and what the
// flexibility is worth against the fixed strategies on the same paths.
//
// Two passes. Run first simulates CalibrationPaths paths of the seed
// CalibrationSeed (OptionCalibrationSeed of the run's seed; paths 0, 1, …,
// in antithetic pairs when the run's are) with a site.ConversionProbe,
// which books, for one block, the value of converting at each decision
// date and of mining until the next; package lsm fits the rule to them.
// It then runs the scenario's paths (the seed Config.Seed, the pricing
// paths) with the rule as the strategy's policy, beside the other
// strategies, so every figure of the strategy is an estimate on paths the
// rule has never seen: a lower bound of the optimal policy's value up to
// Monte Carlo error, without foresight bias.
type OptionSummary struct {
	// Name is the strategy's name.
	Name string `json:"name"`
	// Blocks is the number of blocks that can convert, each of BlockMW
	// gross MW.
	Blocks  int     `json:"blocks"`
	BlockMW float64 `json:"blockMW"`
	// DecisionMonths holds the month of each decision date.
	DecisionMonths []float64 `json:"decisionMonths"`
	// State names the coordinates the rule reads (the series by their
	// logarithms, then "gpuRegime").
	State []string `json:"state"`
	// CalibrationSeed is the seed of the calibration paths, and
	// CalibrationPaths their number. PricingSeed is the run's seed.
	CalibrationSeed  uint64 `json:"calibrationSeed"`
	CalibrationPaths int    `json:"calibrationPaths"`
	PricingSeed      uint64 `json:"pricingSeed"`
	// Fit describes the regression: basis, R² per date, paths, in-sample
	// value of one block (USD at the start).
	Fit *lsm.Diagnostics `json:"fit"`
	// StateRange holds, per decision date, the 1st percentile, median and
	// 99th percentile of each coordinate (its level: USD for a price, 0 or
	// 1 for the regime) on the calibration paths: [date][coordinate][3].
	StateRange [][][3]float64 `json:"stateRange"`
	// Boundaries are the exercise boundaries along each series the rule
	// reads (see OptionBoundary).
	Boundaries []OptionBoundary `json:"boundaries"`
	// Timing is when blocks converted on the run's paths.
	Timing OptionTiming `json:"timing"`
	// Flexibility is the value of the option over the better of its fixed
	// benchmarks; nil when the run lacks them (see OptionFlexibility).
	Flexibility *OptionFlexibility `json:"flexibility,omitempty"`
	// SimulationSeconds is the wall time of the calibration paths, and
	// RegressionSeconds that of the fit.
	SimulationSeconds float64 `json:"simulationSeconds"`
	RegressionSeconds float64 `json:"regressionSeconds"`

	// Rule is the fitted rule (not written to JSON; nil in a Result read
	// from a file). ExerciseRegion needs it.
	Rule *site.ConversionRule `json:"-"`
}

// OptionTiming is when the blocks of a real option converted on the run's
// paths. Blocks are counted in the order they convert (block 0 first).
// Standard errors are over independent paths, or antithetic pairs when the
// run's paths are paired.
type OptionTiming struct {
	// Paths is the number of paths.
	Paths int `json:"paths"`
	// ConvertedBy holds, for block b and decision date d, the share of
	// paths on which block b's conversion started at or before date d:
	// [block][date].
	ConvertedBy [][]float64 `json:"convertedBy"`
	// MWBy holds, per decision date, the mean gross MW whose conversion
	// has started by then.
	MWBy []float64 `json:"mwBy"`
	// ProbNever and ProbNeverStderr are, per block, the share of paths on
	// which it never converts, and its standard error.
	ProbNever       []float64 `json:"probNever"`
	ProbNeverStderr []float64 `json:"probNeverStderr"`
	// MeanMonth and MeanMonthStderr are, per block, the mean month its
	// conversion starts on the paths where it does, and its standard error
	// (a ratio estimator's, by the delta method); 0 where it never does
	// (and the error 0 where it does on fewer than two).
	MeanMonth       []float64 `json:"meanMonth"`
	MeanMonthStderr []float64 `json:"meanMonthStderr"`
}

// OptionFlexibility is the value of being able to wait: the real option's
// mean NPV less the better (by mean NPV on the run's paths) of its two fixed
// benchmarks, converting as soon as it may ("now") and never (pure
// mining), as model.StrategySpec.Benchmarks describes them, found among the
// run's strategies (model.SameAs), with paired standard errors on the
// same paths. Choosing the better benchmark on the same paths biases the
// difference down by at most a fraction of its standard error when the two
// are close.
type OptionFlexibility struct {
	// Now and Never name the benchmarks in the run; Best is the better.
	Now   string `json:"now"`
	Never string `json:"never"`
	Best  string `json:"best"`
	// MeanDiffUSD ± StderrUSD is V(option) − V(Best).
	MeanDiffUSD float64 `json:"meanDiffUSD"`
	StderrUSD   float64 `json:"stderrUSD"`
	// VsNow and VsNever are the paired comparisons with each.
	VsNow   Comparison `json:"vsNow"`
	VsNever Comparison `json:"vsNever"`
}

// OptionBoundary is the exercise boundary of a real option along one
// series: per decision date, the level of the series at which converting
// the first block starts to pay more than waiting, the other coordinates
// held at their calibration medians at that date, found by scanning the
// fitted gain of converting (lsm.Evaluator.Gain) across the 1st–99th
// percentile of the series on the calibration paths.
type OptionBoundary struct {
	// Series names the series; Unit is its unit.
	Series string `json:"series"`
	Unit   string `json:"unit"`
	// Points holds one point per decision date.
	Points []BoundaryPoint `json:"points"`
}

// BoundaryPoint is the boundary at one decision date.
type BoundaryPoint struct {
	// Month is the decision date.
	Month float64 `json:"month"`
	// Region says where converting is preferred: "below" (below Critical),
	// "above" (above Critical), "always" or "never" across the range
	// scanned, or "mixed" (more than one crossing; Critical is the one
	// nearest the median, Region's side taken there).
	Region string `json:"region"`
	// Critical is the level of the series at the boundary (0 for "always"
	// and "never").
	Critical float64 `json:"critical"`
	// Lo, Median and Hi are the 1st percentile, median and 99th
	// percentile of the series at that date on the calibration paths.
	Lo     float64 `json:"lo"`
	Median float64 `json:"median"`
	Hi     float64 `json:"hi"`
}
