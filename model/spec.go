package model

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
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
)

// Business is what converted capacity is used for.
type Business int

// The business models of converted capacity (CALIBRATION.md §F).
const (
	// BusinessColocation leases the capacity to a tenant (TeraWulf, Cipher,
	// Hut 8, Core Scientific); see Lease.
	BusinessColocation Business = iota
	// BusinessGPUCloud buys GPUs and rents them out (IREN); see GPUCloud.
	BusinessGPUCloud
)

// String returns "colocation" or "gpuCloud".
func (b Business) String() string {
	switch b {
	case BusinessColocation:
		return "colocation"
	case BusinessGPUCloud:
		return "gpuCloud"
	}
	return fmt.Sprintf("Business(%d)", int(b))
}

// words is the business's name in strategy names: "colocation" or "GPU
// cloud".
func (b Business) words() string {
	if b == BusinessGPUCloud {
		return "GPU cloud"
	}
	return b.String()
}

// MarshalText returns the business's JSON name.
func (b Business) MarshalText() ([]byte, error) {
	if b != BusinessColocation && b != BusinessGPUCloud {
		return nil, fmt.Errorf("model: business %d: must be colocation or gpuCloud", int(b))
	}
	return []byte(b.String()), nil
}

// UnmarshalText parses "colocation" or "gpuCloud".
func (b *Business) UnmarshalText(t []byte) error {
	switch string(t) {
	case "colocation":
		*b = BusinessColocation
	case "gpuCloud":
		*b = BusinessGPUCloud
	default:
		return fmt.Errorf("model: business %q: must be colocation or gpuCloud", string(t))
	}
	return nil
}

// StrategySpec is a built-in strategy as data: a JSON union whose "kind"
// selects the strategy and which of the other fields apply. It implements
// Strategy. Nil sub-configurations take their defaults (DefaultConversion,
// DefaultLease, DefaultGPUCloud, DefaultTrigger); decoding JSON starts from
// them too, so a partial object changes only the fields it names.
//
// Fields by kind:
//   - pureMining: none (the whole site mines).
//   - hybrid: fraction (required), startMonths, phases, phaseIntervalMonths,
//     business, conversion, lease or gpuCloud.
//   - fullAI: as hybrid, with fraction 1 (0 or 1 may be given).
//   - conditionalSwitch: fraction (required), trigger, business,
//     conversion, lease or gpuCloud.
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
	// Business is what converted MW do: "colocation" (default) or "gpuCloud".
	Business Business `json:"business,omitempty"`
	// Conversion is the build; nil means DefaultConversion.
	Conversion *site.Conversion `json:"conversion,omitempty"`
	// Lease is the colocation lease (business colocation); nil means DefaultLease.
	Lease *site.Lease `json:"lease,omitempty"`
	// GPUCloud is the GPU cloud (business gpuCloud); nil means DefaultGPUCloud.
	GPUCloud *site.GPUCloud `json:"gpuCloud,omitempty"`
	// Trigger is the conditional switch's trigger; nil means DefaultTrigger.
	Trigger *site.Trigger `json:"trigger,omitempty"`
}

// PureMining returns the spec of mining on the whole site.
func PureMining() StrategySpec { return StrategySpec{Kind: KindPureMining} }

// Hybrid returns the spec of converting fraction of the site to business,
// construction starting at startMonths, with default conversion and contract
// terms.
func Hybrid(fraction, startMonths float64, business Business) StrategySpec {
	return StrategySpec{Kind: KindHybrid, Fraction: fraction, StartMonths: startMonths, Business: business}
}

// FullAI returns the spec of converting the whole site to business,
// construction starting at startMonths.
func FullAI(startMonths float64, business Business) StrategySpec {
	return StrategySpec{Kind: KindFullAI, StartMonths: startMonths, Business: business}
}

// ConditionalSwitch returns the spec of converting fraction of the site to
// business when trigger fires.
func ConditionalSwitch(fraction float64, trigger site.Trigger, business Business) StrategySpec {
	return StrategySpec{Kind: KindConditionalSwitch, Fraction: fraction, Business: business, Trigger: &trigger}
}

// UnmarshalJSON decodes a spec from scratch (nothing of sp's current value
// is kept), starting every sub-configuration the JSON names from its
// default so that a partial object changes only the fields it names;
// sub-configurations the JSON leaves out stay nil (their defaults). Kinds
// hybrid and conditionalSwitch need a "fraction". Unknown fields are errors
// at every depth; JSON null leaves sp unchanged.
func (sp *StrategySpec) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain StrategySpec // no methods: avoids recursion
	conv, lease, gpu, trig := site.DefaultConversion(), site.DefaultLease(), site.DefaultGPUCloud(), site.DefaultTrigger()
	p := plain{Conversion: &conv, Lease: &lease, GPUCloud: &gpu, Trigger: &trig}
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	if !has("conversion") {
		p.Conversion = nil
	}
	if !has("lease") {
		p.Lease = nil
	}
	if !has("gpuCloud") {
		p.GPUCloud = nil
	}
	if !has("trigger") {
		p.Trigger = nil
	}
	if missingFraction(p.Kind, has) {
		return fmt.Errorf("model: strategy of kind %q: fraction missing: %s", p.Kind, fractionWant)
	}
	*sp = StrategySpec(p)
	return nil
}

// JSONFields implements strictjson.Object: a spec's JSON members are its
// struct fields.
func (sp StrategySpec) JSONFields() []strictjson.Field { return strictjson.StructFields(sp) }

// CheckJSON implements strictjson.Checker: a hybrid or conditional switch
// needs its fraction.
func (sp StrategySpec) CheckJSON(m strictjson.Members) []strictjson.Problem {
	kind, _ := m.String("kind")
	if missingFraction(StrategyKind(kind), m.Has) {
		return []strictjson.Problem{{Field: "fraction", Err: fmt.Errorf("missing for kind %q: %s", kind, fractionWant)}}
	}
	return nil
}

// MarshalJSON encodes the spec as its JSON tags say, except that a hybrid or
// conditional switch always carries its "fraction" (which decoding
// requires), even when it is 0. It does not escape HTML characters.
func (sp StrategySpec) MarshalJSON() ([]byte, error) {
	type plain StrategySpec // no methods: avoids recursion
	var v any = plain(sp)
	if sp.Fraction == 0 && (sp.Kind == KindHybrid || sp.Kind == KindConditionalSwitch) {
		v = struct {
			plain
			Fraction float64 `json:"fraction"`
		}{plain: plain(sp)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// fractionWant says what a strategy's fraction is, for the error on a
// missing one.
const fractionWant = "give the share of the site's gross MW that converts, in [0, 1]"

// missingFraction reports whether a strategy object of kind, whose keys has
// tells, lacks the fraction its kind requires.
func missingFraction(kind StrategyKind, has func(string) bool) bool {
	return (kind == KindHybrid || kind == KindConditionalSwitch) && !has("fraction")
}

// conversion, lease, gpuCloud and trigger return the sub-configurations with
// defaults for nil.
func (sp *StrategySpec) conversion() site.Conversion {
	if sp.Conversion != nil {
		return *sp.Conversion
	}
	return site.DefaultConversion()
}

func (sp *StrategySpec) lease() site.Lease {
	if sp.Lease != nil {
		return *sp.Lease
	}
	return site.DefaultLease()
}

func (sp *StrategySpec) gpuCloud() site.GPUCloud {
	if sp.GPUCloud != nil {
		return *sp.GPUCloud
	}
	return site.DefaultGPUCloud()
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
// "switch 50% colocation if hashprice < 35 for 3 mo").
func (sp StrategySpec) Name() string {
	if sp.Label != "" {
		return sp.Label
	}
	switch sp.Kind {
	case KindPureMining:
		return "pure mining"
	case KindHybrid:
		return fmt.Sprintf("hybrid %g%% %s", 100*sp.Fraction, sp.Business.words())
	case KindFullAI:
		return fmt.Sprintf("full AI %s", sp.Business.words())
	case KindConditionalSwitch:
		tr := sp.trigger()
		return fmt.Sprintf("switch %g%% %s if hashprice < %g for %g mo", 100*sp.Fraction, sp.Business.words(), tr.HashpriceBelowUSDPerPHDay, tr.ForMonths)
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
	default:
		c.Add("kind", string(sp.Kind), "one of pureMining, hybrid, fullAI, conditionalSwitch")
		return c.Err()
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
	if sp.Business != BusinessColocation && sp.Business != BusinessGPUCloud {
		c.Add("business", int(sp.Business), "colocation or gpuCloud")
	}
	if converts {
		c.Sub("conversion", sp.conversion().Validate())
		if sp.Business == BusinessGPUCloud {
			c.Sub("gpuCloud", sp.gpuCloud().Validate())
		} else {
			c.Sub("lease", sp.lease().Validate())
		}
	}
	return c.Err()
}

// NewRunner validates the spec and returns a runner on env's site: the
// spec's Pivot's.
func (sp StrategySpec) NewRunner(env site.Env) (site.Runner, error) {
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	return sp.Pivot().NewRunner(env)
}

// Pivot returns the site.Pivot the spec describes (the spec is not
// validated): its share and phases, contract terms and conversion (the
// defaults for nil), and its policy: fixed dates for a hybrid or full
// conversion (the phases' starts, StartMonths + i·PhaseIntervalMonths),
// the trigger for a conditional switch, none for pure mining.
func (sp StrategySpec) Pivot() site.Pivot {
	pv := site.Pivot{Label: sp.Name(), Share: sp.fraction(), Phases: sp.phases(), Conversion: sp.conversion()}
	if sp.Business == BusinessGPUCloud {
		pv.Terms = sp.gpuCloud()
	} else {
		pv.Terms = sp.lease()
	}
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
	}
	return pv
}

// monthsPerYear converts months to years.
const monthsPerYear = 12.0
