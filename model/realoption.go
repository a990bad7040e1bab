package model

import (
	"fmt"
	"reflect"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// KindRealOption converts a fraction of the site, in one or more blocks,
// when a rule fitted by least-squares Monte Carlo says so: at each
// decision date it may convert some of the blocks left, watching the
// market (RealOption). sim.Run fits the rule on calibration paths of an
// independent seed before it prices the strategy on the run's paths.
const KindRealOption StrategyKind = "realOption"

// RealOption is how a strategy of kind realOption decides: when it may
// decide, what it reads of the market, and how its rule is fitted. In a
// scenario file it is the strategy's "option" member, decoded over
// DefaultRealOption:
//
//	{"kind": "realOption", "fraction": 1, "phases": 4,
//	 "option": {"decisionMonths": 3, "maxBlocksPerDecision": 1}}
type RealOption struct {
	// DecisionMonths is the time between decision dates, in months, the
	// first at the start; a whole number of steps, in (0, 1200].
	DecisionMonths float64 `json:"decisionMonths"`
	// LatestMonths is the last time a conversion may start, in months
	// from the start; 0 means until the last decision date before the
	// horizon; in [0, 1200].
	LatestMonths float64 `json:"latestMonths,omitempty"`
	// MaxBlocksPerDecision is the most blocks converted at one decision
	// date: 0 means no limit, 1 one block at a time (staged conversion).
	MaxBlocksPerDecision int `json:"maxBlocksPerDecision,omitempty"`
	// State are the market series the decision reads (by their
	// logarithms); not "months", no series twice.
	State []market.Series `json:"state"`
	// GPURegime adds the GPU market's regime (tight or glut) to what the
	// decision reads.
	GPURegime bool `json:"gpuRegime"`
	// Basis is the regression's family of functions of the state:
	// "polynomial" (every monomial up to Degree of the standardized
	// coordinates) or "laguerre" (a constant and the weighted Laguerre
	// polynomials L₀..L_Degree of each standardized coordinate).
	Basis string `json:"basis"`
	// Degree is the basis's degree, in [0, 4].
	Degree int `json:"degree"`
	// CalibrationPaths is the number of calibration paths the rule is
	// fitted on, even, in [1000, MaxCalibrationPaths].
	CalibrationPaths int `json:"calibrationPaths"`
}

// DefaultRealOption decides every quarter until the horizon, without a
// limit on blocks per decision, reading the hashprice, the BTC price, the
// GPU rent and the GPU regime through a polynomial of degree 2, fitted on
// 20,000 calibration paths.
func DefaultRealOption() RealOption {
	return RealOption{
		// Assumption: a board reviews a conversion every quarter.
		DecisionMonths:   3,
		State:            []market.Series{market.SeriesHashprice, market.SeriesBTCPrice, market.SeriesGPURent},
		GPURegime:        true,
		Basis:            BasisPolynomial,
		Degree:           2,
		CalibrationPaths: 20_000,
	}
}

// MaxCalibrationPaths is the most calibration paths of a real option:
// they are held at once, (dimension + 2) float64 per path and decision
// date (about 1.9 GB for 40 dates of a state of four coordinates).
const MaxCalibrationPaths = 1_000_000

// The bases of RealOption.Basis.
const (
	BasisPolynomial = "polynomial"
	BasisLaguerre   = "laguerre"
)

// Validate reports every invalid field with its value and allowed range.
func (o RealOption) Validate() error {
	var c valid.Checker
	c.Range("decisionMonths", o.DecisionMonths, 0, 1200)
	if o.DecisionMonths == 0 {
		c.Add("decisionMonths", o.DecisionMonths, "in (0, 1200]")
	}
	c.Range("latestMonths", o.LatestMonths, 0, 1200)
	c.Int("maxBlocksPerDecision", int64(o.MaxBlocksPerDecision), 0, 1)
	if err := o.optionState().Validate(); err != nil {
		c.AddErr(err)
	}
	if o.Basis != BasisPolynomial && o.Basis != BasisLaguerre {
		c.Add("basis", o.Basis, BasisPolynomial+" or "+BasisLaguerre)
	}
	if c.Int("degree", int64(o.Degree), 0, 4) && c.Err() == nil {
		if b := o.basis(); b.Len() > lsm.MaxBasisLen {
			c.Add("degree", o.Degree, fmt.Sprintf("a degree at which the basis has at most %d functions (it has %d)", lsm.MaxBasisLen, b.Len()))
		}
	}
	c.Int("calibrationPaths", int64(o.CalibrationPaths), 1000, MaxCalibrationPaths)
	if o.CalibrationPaths%2 != 0 {
		c.Add("calibrationPaths", o.CalibrationPaths, "even (paths come in antithetic pairs when the run's do)")
	}
	return c.Err()
}

// optionState returns what the decision reads.
func (o RealOption) optionState() site.OptionState {
	return site.OptionState{Series: o.State, GPURegime: o.GPURegime}
}

// basis returns the regression basis.
func (o RealOption) basis() lsm.Basis {
	n := o.optionState().Dim()
	if o.Basis == BasisLaguerre {
		return lsm.Laguerre{Vars: n, Degree: o.Degree}
	}
	return lsm.Polynomial{Vars: n, Degree: o.Degree}
}

// option returns the spec's real option (the defaults for nil).
func (sp *StrategySpec) option() RealOption {
	if sp.Option != nil {
		return *sp.Option
	}
	return DefaultRealOption()
}

// OptionSettings returns the real option of a spec of kind realOption
// (DefaultRealOption when Option is nil).
func (sp StrategySpec) OptionSettings() RealOption { return sp.option() }

// NewRealOption returns the spec of a real option converting fraction of the
// site in blocks equal blocks to a contract on terms (nil: site.DefaultLease),
// deciding as o says.
func NewRealOption(fraction float64, blocks int, terms site.ContractTerms, o RealOption) StrategySpec {
	return StrategySpec{Kind: KindRealOption, Fraction: fraction, Phases: blocks, Contract: terms, Option: &o}
}

// validateOption adds the problems of a realOption spec's fields to c.
func (sp *StrategySpec) validateOption(c *valid.Checker) {
	c.Prob("fraction", sp.Fraction)
	if sp.StartMonths != 0 {
		c.Add("startMonths", sp.StartMonths, "0 (unset) for kind realOption: the rule sets the starts")
	}
	if sp.PhaseIntervalMonths != 0 {
		c.Add("phaseIntervalMonths", sp.PhaseIntervalMonths, "0 (unset) for kind realOption: the rule sets the starts")
	}
	if sp.Trigger != nil {
		c.Add("trigger", sp.Trigger.String(), "unset for kind realOption (the rule decides)")
	}
	c.Sub("option", sp.option().Validate())
}

// optionName names a realOption spec: "real option 100% colocation",
// "real option 100% GPU cloud, 4 blocks, one a decision".
func (sp *StrategySpec) optionName() string {
	n := fmt.Sprintf("real option %g%% %s", 100*sp.Fraction, sp.terms().Label())
	if b := sp.phases(); b > 1 {
		n += fmt.Sprintf(", %d blocks", b)
		if sp.option().MaxBlocksPerDecision == 1 {
			n += ", one a decision"
		}
	}
	return n
}

// validateOn reports a real option whose decision dates do not fall on
// the steps of finance (nil for other kinds, and for an invalid finance,
// which Scenario.Validate reports).
func (sp *StrategySpec) validateOn(finance site.Finance) error {
	if sp.Kind != KindRealOption || finance.Validate() != nil {
		return nil
	}
	o := sp.option()
	env := site.Env{DtYears: finance.DtYears(), Steps: finance.Steps()}
	var c valid.Checker
	if _, err := site.DecisionSteps(env, o.DecisionMonths, o.LatestMonths); err != nil && o.Validate() == nil {
		c.Add("option.decisionMonths", o.DecisionMonths, fmt.Sprintf("a whole number of steps (of %g months)", 12*env.DtYears))
	}
	return c.Err()
}

// Decisions returns the decision steps of a realOption spec in env.
func (sp StrategySpec) Decisions(env site.Env) ([]int, error) {
	o := sp.option()
	return site.DecisionSteps(env, o.DecisionMonths, o.LatestMonths)
}

// checkFitted reports whether a realOption spec can run in env: its rule
// is fitted (sim.Run fits it) and fits the spec.
func (sp *StrategySpec) checkFitted(env site.Env) error {
	if sp.Kind != KindRealOption {
		return nil
	}
	if sp.Fitted == nil {
		return fmt.Errorf("model: strategy %q of kind realOption has no fitted rule: run it with sim.Run, which fits it first (or simulate the scenario sim.FitOptions returns)", sp.Name())
	}
	if _, err := sp.Decisions(env); err != nil {
		return fmt.Errorf("model: strategy %q: option.%w", sp.Name(), err)
	}
	return sp.Fitted.Check(env, sp.phases())
}

// checkRunner builds a runner of st in env as a check, and a real
// option's without its policy when it has no fitted rule yet.
func checkRunner(st site.Strategy, env site.Env) error {
	if sp, ok := st.(StrategySpec); ok && sp.Kind == KindRealOption && sp.Fitted == nil {
		if err := sp.Validate(); err != nil {
			return err
		}
		_, err := sp.Pivot().NewRunner(env)
		return err
	}
	_, err := st.NewRunner(env)
	return err
}

// OptionProbe returns the calibration strategy of a realOption spec in
// env: one block of the spec's size under its terms and conversion, with
// its decision steps and state (site.ConversionProbe).
func (sp StrategySpec) OptionProbe(env site.Env) (site.ConversionProbe, error) {
	if sp.Kind != KindRealOption {
		return site.ConversionProbe{}, fmt.Errorf("model: strategy %q: kind %q, not realOption", sp.Name(), sp.Kind)
	}
	if err := sp.Validate(); err != nil {
		return site.ConversionProbe{}, err
	}
	steps, err := sp.Decisions(env)
	if err != nil {
		return site.ConversionProbe{}, fmt.Errorf("model: strategy %q: option.%w", sp.Name(), err)
	}
	o := sp.option()
	return site.ConversionProbe{Label: sp.Name() + " (calibration)", BlockMW: env.Facility.GridMW * sp.Fraction / float64(sp.phases()),
		Terms: sp.terms(), Conversion: sp.conversion(), State: o.optionState(), Steps: steps}, nil
}

// OptionFitConfig returns the least-squares configuration of a realOption
// spec: its basis over standardized coordinates, its blocks as units,
// at most MaxBlocksPerDecision a date, and exercise values regressed
// (the value of converting depends on the future).
func (sp StrategySpec) OptionFitConfig() lsm.Config {
	o := sp.option()
	return lsm.Config{Basis: o.basis(), Scaling: lsm.ScaleStandard, Units: sp.phases(), MaxPerDate: o.MaxBlocksPerDecision}
}

// Benchmarks returns the fixed strategies a realOption spec is measured
// against on the same paths: converting as soon as it may ("now": every
// block at the start, or one block a decision from the start with
// maxBlocksPerDecision 1) and never (pure mining).
func (sp StrategySpec) Benchmarks() (now, never StrategySpec) {
	now = StrategySpec{Kind: KindHybrid, Fraction: sp.Fraction, Phases: sp.phases(), Contract: sp.Contract, Conversion: sp.Conversion}
	if sp.option().MaxBlocksPerDecision == 1 {
		now.PhaseIntervalMonths = sp.option().DecisionMonths
	}
	return now, PureMining()
}

// SameAs reports whether the spec b runs the same strategy as a on every
// path, up to its name: same kind and parameters, contract terms and
// conversion (nil and the default being the same).
func SameAs(a, b StrategySpec) bool {
	a.Label, b.Label = "", ""
	if a.fraction() != b.fraction() || a.phases() != b.phases() || a.Kind == KindPureMining != (b.Kind == KindPureMining) {
		return false
	}
	if a.Kind == KindPureMining {
		return true
	}
	same := func(x, y StrategySpec) bool {
		if x.phases() == 1 {
			x.PhaseIntervalMonths, y.PhaseIntervalMonths = 0, 0
		}
		return x.StartMonths == y.StartMonths && x.PhaseIntervalMonths == y.PhaseIntervalMonths &&
			reflect.DeepEqual(x.terms(), y.terms()) && reflect.DeepEqual(x.conversion(), y.conversion())
	}
	fixed := func(k StrategyKind) bool { return k == KindHybrid || k == KindFullAI }
	return fixed(a.Kind) && fixed(b.Kind) && same(a, b)
}
