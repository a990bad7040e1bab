package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// StrategyKind names a built-in strategy in a StrategySpec.
type StrategyKind string

// The built-in strategies.
const (
	// KindPureMining mines on the whole site, with curtailment.
	KindPureMining StrategyKind = "pureMining"
	// KindHybrid converts a fraction of the site's MW, at a chosen date or in
	// phases; the rest keeps mining.
	KindHybrid StrategyKind = "hybrid"
	// KindFullAI converts every MW (in one go or in phases); each block
	// mines until its construction starts.
	KindFullAI StrategyKind = "fullAI"
	// KindConditionalSwitch converts a fraction of the site when a trigger
	// on the simulated market fires: the simplest real option.
	KindConditionalSwitch StrategyKind = "conditionalSwitch"
	// KindRealOption (realoption.go) converts when a fitted rule says so.
)

// StrategySpec is a built-in strategy as data: a JSON union whose "kind"
// selects the strategy and which of the other fields apply. It implements
// site.Strategy through the site.Pivot it describes (Pivot). Nil
// sub-configurations take their defaults (site.DefaultConversion,
// site.DefaultLease, site.DefaultTrigger), and JSON decodes over defaults,
// so a partial object changes only the fields it names.
//
// The converted MW earn under a colocation lease (site.Lease, the default)
// or a GPU cloud (site.GPUCloud). In JSON "business" names the kind
// ("colocation" or "gpuCloud") and the terms sit under the kind's key
// ("lease" or "gpuCloud"), starting from its defaults; in Go, Contract holds
// the terms. Fields by kind:
//
//   - pureMining: none (the whole site mines).
//   - hybrid: fraction (required), startMonths, phases, phaseIntervalMonths,
//     business, conversion, the contract's terms.
//   - fullAI: as hybrid, with fraction 1 (0 or 1 may be given).
//   - conditionalSwitch: fraction (required), trigger, business,
//     conversion, the contract's terms.
//   - realOption: fraction (required), phases (its blocks), option,
//     business, conversion, the contract's terms.
type StrategySpec struct {
	// Kind selects the strategy.
	Kind StrategyKind `json:"kind"`
	// Label names the strategy in results; empty gives a name from the kind
	// and its parameters.
	Label string `json:"name,omitempty"`
	// Fraction is the share of the site's gross MW that converts; in [0, 1].
	Fraction float64 `json:"fraction,omitempty"`
	// StartMonths is when construction of the first (or only) phase starts,
	// in months from the start; in [0, 1200].
	StartMonths float64 `json:"startMonths,omitempty"`
	// Phases splits the converting MW into this many equal blocks; 0 means 1;
	// in [0, 120].
	Phases int `json:"phases,omitempty"`
	// PhaseIntervalMonths is the time between the starts of successive
	// phases, in months; in [0, 1200].
	PhaseIntervalMonths float64 `json:"phaseIntervalMonths,omitempty"`
	// Contract holds the terms the converted MW earn under, a value of one
	// of the kinds contracts.go lists (site.Lease, site.GPUCloud); nil
	// means the default colocation lease, site.DefaultLease. In JSON it is
	// "business" and the terms under the kind's key (see StrategySpec).
	Contract site.ContractTerms `json:"-"`
	// Conversion is the build; nil means site.DefaultConversion.
	Conversion *site.Conversion `json:"conversion,omitempty"`
	// Trigger is the conditional switch's trigger; nil means site.DefaultTrigger.
	Trigger *site.Trigger `json:"trigger,omitempty"`
	// Option is how a real option decides; nil means DefaultRealOption.
	Option *RealOption `json:"option,omitempty"`
	// Fitted is a real option's fitted rule (nil: not fitted; sim.Run
	// fits it on calibration paths before the run). It is not written
	// to JSON.
	Fitted *site.ConversionRule `json:"-"`
}

// PureMining returns the spec of mining on the whole site.
func PureMining() StrategySpec { return StrategySpec{Kind: KindPureMining} }

// Hybrid returns the spec of converting fraction of the site to a contract
// on terms (nil: site.DefaultLease), construction starting at startMonths,
// with the default conversion: Hybrid(0.5, 0, site.DefaultGPUCloud()).
func Hybrid(fraction, startMonths float64, terms site.ContractTerms) StrategySpec {
	return StrategySpec{Kind: KindHybrid, Fraction: fraction, StartMonths: startMonths, Contract: terms}
}

// FullAI returns the spec of converting the whole site to a contract on
// terms (nil: site.DefaultLease), construction starting at startMonths.
func FullAI(startMonths float64, terms site.ContractTerms) StrategySpec {
	return StrategySpec{Kind: KindFullAI, StartMonths: startMonths, Contract: terms}
}

// ConditionalSwitch returns the spec of converting fraction of the site to
// a contract on terms (nil: site.DefaultLease) when trigger fires.
func ConditionalSwitch(fraction float64, trigger site.Trigger, terms site.ContractTerms) StrategySpec {
	return StrategySpec{Kind: KindConditionalSwitch, Fraction: fraction, Contract: terms, Trigger: &trigger}
}

// fractionWant says what a strategy's fraction is, for the error on a
// missing one.
const fractionWant = "give the share of the site's gross MW that converts, in [0, 1]"

// missingFraction reports whether a strategy object of kind, whose keys has
// tells, lacks the fraction its kind requires.
func missingFraction(kind StrategyKind, has func(string) bool) bool {
	return (kind == KindHybrid || kind == KindConditionalSwitch || kind == KindRealOption) && !has("fraction")
}

// conversion, terms and trigger return the sub-configurations with
// defaults for nil.
func (sp *StrategySpec) conversion() site.Conversion {
	if sp.Conversion != nil {
		return *sp.Conversion
	}
	return site.DefaultConversion()
}

func (sp *StrategySpec) terms() site.ContractTerms {
	if sp.Contract != nil {
		return sp.Contract
	}
	return contractKinds[0].defaults()
}

func (sp *StrategySpec) trigger() site.Trigger {
	if sp.Trigger != nil {
		return *sp.Trigger
	}
	return site.DefaultTrigger()
}

// fraction returns the converting share of the site.
func (sp *StrategySpec) fraction() float64 {
	switch sp.Kind {
	case KindFullAI:
		return 1
	case KindPureMining:
		return 0
	}
	return sp.Fraction
}

// phases returns the number of phases (at least 1).
func (sp *StrategySpec) phases() int {
	if sp.Kind == KindConditionalSwitch || sp.Phases < 1 {
		return 1
	}
	return sp.Phases
}

// Name returns Label, or a name built from the kind and its parameters
// ("pure mining", "hybrid 50% colocation", "full AI GPU cloud",
// "switch 50% colocation if hashprice < 35 for 3 mo", "switch 30% GPU
// cloud if btcPrice < 50000 for 3 mo").
func (sp StrategySpec) Name() string {
	if sp.Label != "" {
		return sp.Label
	}
	switch sp.Kind {
	case KindPureMining:
		return "pure mining"
	case KindHybrid:
		return fmt.Sprintf("hybrid %g%% %s", 100*sp.Fraction, sp.terms().Label())
	case KindFullAI:
		return fmt.Sprintf("full AI %s", sp.terms().Label())
	case KindConditionalSwitch:
		tr := sp.trigger()
		return fmt.Sprintf("switch %g%% %s if %s", 100*sp.Fraction, sp.terms().Label(), tr)
	case KindRealOption:
		return sp.optionName()
	}
	return string(sp.Kind)
}

// Validate reports every invalid field with its value and allowed range,
// for the fields that apply to the kind (and fields set that do not apply).
func (sp StrategySpec) Validate() error {
	var c valid.Checker
	converts := true
	switch sp.Kind {
	case KindPureMining:
		converts = false
		if sp.Fraction != 0 {
			c.Add("fraction", sp.Fraction, "0 (unset) for kind pureMining")
		}
	case KindHybrid, KindConditionalSwitch:
		c.Prob("fraction", sp.Fraction)
	case KindFullAI:
		if sp.Fraction != 0 && sp.Fraction != 1 {
			c.Add("fraction", sp.Fraction, "0 (unset) or 1 for kind fullAI")
		}
	case KindRealOption:
		sp.validateOption(&c)
	default:
		c.Add("kind", string(sp.Kind), "one of pureMining, hybrid, fullAI, conditionalSwitch, realOption")
		return c.Err()
	}
	if sp.Kind != KindRealOption && sp.Option != nil {
		c.Add("option", "{…}", "unset for kind "+string(sp.Kind)+" (the option of kind realOption)")
	}
	c.Range("startMonths", sp.StartMonths, 0, 1200)
	c.Int("phases", int64(sp.Phases), 0, 120)
	c.Range("phaseIntervalMonths", sp.PhaseIntervalMonths, 0, 1200)
	if sp.Kind == KindConditionalSwitch {
		if sp.StartMonths != 0 {
			c.Add("startMonths", sp.StartMonths, "0 (unset) for kind conditionalSwitch: the trigger sets the start")
		}
		if sp.Phases > 1 {
			c.Add("phases", sp.Phases, "0 or 1 for kind conditionalSwitch")
		}
		c.Sub("trigger", sp.trigger().Validate())
	}
	k, err := kindOfTerms(sp.terms())
	if err != nil {
		c.Add("business", sp.terms().Business(), err.Error())
		return c.Err()
	}
	if converts {
		c.Sub("conversion", sp.conversion().Validate())
		c.Sub(k.key, sp.terms().Validate())
	}
	return c.Err()
}

// NewRunner validates the spec and returns a runner on env's site: the
// spec's Pivot's.
func (sp StrategySpec) NewRunner(env site.Env) (site.Runner, error) {
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	if err := sp.checkFitted(env); err != nil {
		return nil, err
	}
	return sp.Pivot().NewRunner(env)
}

// NewRunners implements site.BatchStrategy: the runners of NewRunner for
// a batch of paths, made together (site.Pivot.NewRunners).
func (sp StrategySpec) NewRunners(envs []site.Env) ([]site.Runner, error) {
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	for i := range envs {
		if err := sp.checkFitted(envs[i]); err != nil {
			return nil, err
		}
	}
	return sp.Pivot().NewRunners(envs)
}

// Pivot returns the site.Pivot the spec describes (the spec is not
// validated): its share and phases, contract terms and conversion (the
// defaults for nil), and its policy: fixed dates for a hybrid or full
// conversion (the phases' starts, StartMonths + i·PhaseIntervalMonths),
// the trigger for a conditional switch, the fitted rule for a real option
// (none before it is fitted), none for pure mining.
func (sp StrategySpec) Pivot() site.Pivot {
	pv := site.Pivot{Label: sp.Name(), Share: sp.fraction(), Phases: sp.phases(), Terms: sp.terms(), Conversion: sp.conversion()}
	switch sp.Kind {
	case KindHybrid, KindFullAI:
		dates := make([]float64, sp.phases())
		for i := range dates {
			dates[i] = (sp.StartMonths + float64(i)*sp.PhaseIntervalMonths) / monthsPerYear
		}
		pv.NewPolicy = func() site.Policy { return site.AtDates{StartYears: dates} }
	case KindConditionalSwitch:
		tr := sp.trigger()
		pv.NewPolicy = func() site.Policy { return site.NewThreshold(tr) }
	case KindRealOption:
		if rule := sp.Fitted; rule != nil {
			pv.NewPolicy = rule.NewPolicy
		}
	}
	return pv
}

// monthsPerYear converts months to years.
const monthsPerYear = 12.0

// Business returns the business of the spec's contract: its kind's name in
// scenario files ("colocation" for nil).
func (sp StrategySpec) Business() string { return sp.terms().Business() }
