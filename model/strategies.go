package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
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

// Trigger is the condition of a conditional switch: the hashprice stays
// below a threshold for a number of consecutive months.
type Trigger struct {
	// HashpriceBelowUSDPerPHDay is the threshold, in USD per PH/s per day; > 0.
	HashpriceBelowUSDPerPHDay float64 `json:"hashpriceBelowUSDPerPHDay"`
	// ForMonths is how long the hashprice must stay below the threshold
	// (consecutive steps adding up to at least this many months); > 0.
	ForMonths float64 `json:"forMonths"`
	// LatestMonths is the last time the switch may fire, in months from the
	// start; 0 means until the horizon; ≥ 0.
	LatestMonths float64 `json:"latestMonths"`
}

// DefaultTrigger fires when the hashprice stays below 35 $/PH/day for three
// months.
func DefaultTrigger() Trigger {
	return Trigger{
		// CALIBRATION.md §B: record low 34.49 $/PH/day (late Nov 2025),
		// against a median public-miner hashcost of ~44.8 (Q3 2025).
		HashpriceBelowUSDPerPHDay: 35,
		// Assumption: a quarter of sub-record hashprices before committing.
		ForMonths: 3,
	}
}

// Validate reports every invalid field with its value and allowed range.
func (t Trigger) Validate() error {
	var c valid.Checker
	c.Positive("hashpriceBelowUSDPerPHDay", t.HashpriceBelowUSDPerPHDay)
	c.Positive("forMonths", t.ForMonths)
	c.NonNegative("latestMonths", t.LatestMonths)
	return c.Err()
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
	Conversion *Conversion `json:"conversion,omitempty"`
	// Lease is the colocation lease (business colocation); nil means DefaultLease.
	Lease *Lease `json:"lease,omitempty"`
	// GPUCloud is the GPU cloud (business gpuCloud); nil means DefaultGPUCloud.
	GPUCloud *GPUCloud `json:"gpuCloud,omitempty"`
	// Trigger is the conditional switch's trigger; nil means DefaultTrigger.
	Trigger *Trigger `json:"trigger,omitempty"`
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
func ConditionalSwitch(fraction float64, trigger Trigger, business Business) StrategySpec {
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
	conv, lease, gpu, trig := DefaultConversion(), DefaultLease(), DefaultGPUCloud(), DefaultTrigger()
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
func (sp *StrategySpec) conversion() Conversion {
	if sp.Conversion != nil {
		return *sp.Conversion
	}
	return DefaultConversion()
}

func (sp *StrategySpec) lease() Lease {
	if sp.Lease != nil {
		return *sp.Lease
	}
	return DefaultLease()
}

func (sp *StrategySpec) gpuCloud() GPUCloud {
	if sp.GPUCloud != nil {
		return *sp.GPUCloud
	}
	return DefaultGPUCloud()
}

func (sp *StrategySpec) trigger() Trigger {
	if sp.Trigger != nil {
		return *sp.Trigger
	}
	return DefaultTrigger()
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

// NewRunner validates the spec and returns a runner on env's site.
func (sp StrategySpec) NewRunner(env Env) (Runner, error) {
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	if !(env.DtYears > 0) || env.Steps < 1 {
		return nil, fmt.Errorf("model: strategy %q: environment with dtYears = %g and steps = %d: must be > 0 and ≥ 1", sp.Name(), env.DtYears, env.Steps)
	}
	f := env.Facility
	grid := f.GridMW
	frac := sp.fraction()
	n := sp.phases()
	if frac == 0 {
		n = 0
	}
	sr := &SiteRunner{env: env, exitMultiple: env.Finance.ExitMultipleNOI}
	sr.parcels = make([]Parcel, 0, n+1)
	for i := 0; i < n; i++ {
		start := math.Inf(1)
		if sp.Kind != KindConditionalSwitch {
			start = (sp.StartMonths + float64(i)*sp.PhaseIntervalMonths) / monthsPerYear
		}
		p, err := NewConvertingParcel(f, grid*frac/float64(n), sp.Business, sp.conversion(), sp.lease(), sp.gpuCloud())
		if err != nil {
			return nil, err
		}
		p.PlannedStartYears = start
		sr.parcels = append(sr.parcels, p)
	}
	if frac < 1 {
		p, err := NewMiningParcel(f, grid*(1-frac))
		if err != nil {
			return nil, err
		}
		sr.parcels = append(sr.parcels, p)
	}
	if sp.Kind == KindConditionalSwitch && n > 0 {
		tr := sp.trigger()
		sr.trigger = &tr
	}
	for i := range sr.parcels {
		sr.parcels[i].Mining.UseCurtailMemo(env.Curtail)
	}
	return sr, nil
}

// Parcel is a block of the site as the built-in strategies run it: it mines
// until its conversion starts (plus the lag), is built, and then earns as
// colocation or GPU cloud. A Parcel that never converts just mines. It is
// a reusable building block for a user's own strategy: keep Parcels in the
// runner, call Reset at the start of a path, Schedule to start a
// conversion, Step every step and TerminalUSD at the horizon.
//
// A converting parcel draws from a stream of its own, forked at Reset from
// the runner's stream (one word per parcel), and splits it again between
// its build (build time, overrun) and its business (tenants' default
// clocks, re-leasing delays), so the draws of one parcel, or of its build,
// never shift another's: a default on one block leaves every other
// block's draws where they were.
type Parcel struct {
	// GrossMW is the parcel's grid capacity, in MW.
	GrossMW float64
	// PlannedStartYears is when construction starts on every path (set at
	// Reset); +Inf leaves it to Schedule.
	PlannedStartYears float64
	// Business is what the converted parcel does.
	Business Business

	// Mining is the parcel's mining until its conversion stops it.
	Mining MiningBlock
	// Conv is the parcel's conversion (unused if the parcel only mines).
	Conv ConversionBlock
	// Lease is the colocation business (used when Business is colocation).
	Lease LeaseBlock
	// GPU is the GPU cloud business (used when Business is gpuCloud).
	GPU GPUCloudBlock

	converts bool
	rand     dist.Rand // the parcel's business stream, forked at Reset
	build    dist.Rand // the build's stream, forked from rand at Reset
}

// NewMiningParcel returns a parcel of grossMW MW of the facility f that
// only mines.
func NewMiningParcel(f Facility, grossMW float64) (Parcel, error) {
	p := Parcel{GrossMW: grossMW, PlannedStartYears: math.Inf(1)}
	var err error
	if p.Mining, err = NewMiningBlock(f, grossMW); err != nil {
		return Parcel{}, err
	}
	return p, nil
}

// NewConvertingParcel returns a parcel of grossMW MW of the facility f that
// mines until it converts (conv) to a colocation lease (lease) or a GPU
// cloud (gpu), as business says; the configuration of the other business
// is ignored. PlannedStartYears is +Inf: set it before Reset, or call
// Schedule during the path.
func NewConvertingParcel(f Facility, grossMW float64, business Business, conv Conversion, lease Lease, gpu GPUCloud) (Parcel, error) {
	p, err := NewMiningParcel(f, grossMW)
	if err != nil {
		return Parcel{}, err
	}
	p.Business = business
	p.converts = true
	it := f.ITMW(grossMW)
	if p.Conv, err = NewConversionBlock(conv, it); err != nil {
		return Parcel{}, err
	}
	switch business {
	case BusinessColocation:
		p.Lease, err = NewLeaseBlock(lease, it)
	case BusinessGPUCloud:
		p.GPU, err = NewGPUCloudBlock(gpu, it, grossMW)
	default:
		err = fmt.Errorf("model: business %d: must be colocation or gpuCloud", int(business))
	}
	if err != nil {
		return Parcel{}, err
	}
	return p, nil
}

// Converts reports whether the parcel can convert.
func (p *Parcel) Converts() bool { return p.converts }

// Reset starts a new path: the blocks are reset and a planned start is
// scheduled. A converting parcel forks its stream from r (one word of r),
// and a stream for its build from that, from which the conversion draws
// its build time and overrun; a parcel that only mines draws nothing.
func (p *Parcel) Reset(r *dist.Rand) {
	p.Mining.Reset()
	if !p.converts {
		return
	}
	r.Fork(&p.rand)
	p.rand.Fork(&p.build)
	p.Conv.Reset(&p.build)
	p.Lease.Reset()
	p.GPU.Reset()
	if !math.IsInf(p.PlannedStartYears, 1) {
		p.Schedule(p.PlannedStartYears)
	}
}

// Schedule starts the parcel's conversion at tYears: mining stops at the
// conversion's mining stop time and the business starts when the build ends.
// It does nothing for a parcel that cannot convert or has already started.
func (p *Parcel) Schedule(tYears float64) {
	if !p.converts || p.Conv.Started() {
		return
	}
	p.Conv.Begin(tYears)
	p.Mining.StopAt(p.Conv.MiningStopYears())
	if p.Business == BusinessGPUCloud {
		p.GPU.Commence(p.Conv.ReadyYears())
	} else {
		p.Lease.Commence(p.Conv.ReadyYears())
	}
}

// Step books the parcel's step: mining, conversion capex and the business.
// The business draws from the parcel's own stream (see Reset); r is not
// used.
func (p *Parcel) Step(s *market.State, r *dist.Rand) CashFlow {
	var cf CashFlow
	p.step(&cf, s, r)
	return cf
}

// step books Step into cf, which must be zero, with Step's arithmetic: the
// mining block's books, plus the conversion's capex, plus the business's
// books summed on their own. (Adding the conversion's capex alone equals
// adding its whole CashFlow: its other fields are +0, and a field the
// blocks accumulate from +0 by += is never −0, so adding +0 leaves it be.)
func (p *Parcel) step(cf *CashFlow, s *market.State, _ *dist.Rand) {
	if !p.Mining.idle(s.TimeYears - s.DtYears) {
		p.Mining.step(cf, s)
	}
	if !p.converts {
		return
	}
	cf.CapexUSD += p.Conv.capexIn(s)
	if p.Business == BusinessGPUCloud {
		cf.Add(p.GPU.Step(s, &p.rand))
	} else {
		// A lease books only these three; its other fields are +0.
		l := p.Lease.Step(s, &p.rand)
		cf.LeaseUSD += l.LeaseUSD
		cf.OpexUSD += l.OpexUSD
		cf.RecoveryUSD += l.RecoveryUSD
	}
}

// TerminalUSD returns the parcel's terminal value at the horizon h (the end
// of the step that produced s): the mining gear's salvage if it still
// mines, plus the converted capacity's value at exitMultiple times its NOI
// (LeaseBlock.TerminalUSD, GPUCloudBlock.TerminalUSD).
//
// Capacity not yet built at h (a build under way, or one scheduled to
// start after h) is valued as the project it still is: its exit value,
// discounted for the wait until it earns, minus the present value of the
// conversion capex still to be spent (ConversionBlock.TerminalUSD), both at
// the exit yield 1/exitMultiple, and floored at 0, the value of
// abandoning it (capex already spent is sunk and not counted again).
func (p *Parcel) TerminalUSD(s *market.State, exitMultiple float64) float64 {
	v := p.Mining.TerminalUSD(s)
	if !p.converts {
		return v
	}
	var business float64
	if p.Business == BusinessGPUCloud {
		business = p.GPU.TerminalUSD(s, exitMultiple)
	} else {
		business = p.Lease.TerminalUSD(s, exitMultiple)
	}
	if p.Conv.Started() && p.Conv.ReadyYears() > s.TimeYears {
		return v + max(business+p.Conv.TerminalUSD(s, exitMultiple), 0)
	}
	return v + business
}

// SiteRunner is the Runner of the built-in strategies: a set of Parcels and,
// for a conditional switch, the trigger's state.
type SiteRunner struct {
	env          Env
	exitMultiple float64
	parcels      []Parcel
	trigger      *Trigger
	belowMonths  float64 // consecutive months the hashprice has been below the threshold
	firedYears   float64 // when the trigger fired (+Inf: not yet)
}

// Parcels returns the runner's parcels (the converting ones first), for
// inspection; changing them changes the runner.
func (sr *SiteRunner) Parcels() []Parcel { return sr.parcels }

// FiredYears returns when the conditional switch's trigger fired on this
// path (+Inf if it has not, or the strategy has no trigger).
func (sr *SiteRunner) FiredYears() float64 { return sr.firedYears }

// Reset implements Runner.
func (sr *SiteRunner) Reset(r *dist.Rand) {
	for i := range sr.parcels {
		sr.parcels[i].Reset(r)
	}
	sr.belowMonths = 0
	sr.firedYears = math.Inf(1)
}

// Step implements Runner. A conditional switch looks at the trigger after
// booking the step; when it fires, construction starts at the end of the
// step (s.TimeYears).
func (sr *SiteRunner) Step(s *market.State, r *dist.Rand) CashFlow {
	var cf CashFlow
	sr.step(&cf, s, r)
	return cf
}

// step books Step into cf, which must be zero.
func (sr *SiteRunner) step(cf *CashFlow, s *market.State, r *dist.Rand) {
	// cf = 0 + parcel 0 + parcel 1 + …, each parcel summed on its own;
	// 0 + x is x for every x that is not −0, which a parcel's field never
	// is, so parcel 0 is booked straight into cf.
	if len(sr.parcels) > 0 {
		sr.parcels[0].step(cf, s, r)
	}
	for i := 1; i < len(sr.parcels); i++ {
		var pc CashFlow
		sr.parcels[i].step(&pc, s, r)
		cf.Add(pc)
	}
	if s.Step == sr.env.Steps {
		for i := range sr.parcels {
			cf.TerminalUSD += sr.parcels[i].TerminalUSD(s, sr.exitMultiple)
		}
	}
	if sr.trigger != nil && math.IsInf(sr.firedYears, 1) {
		sr.watch(s)
	}
}

// watch updates the trigger with the step that produced s and fires it.
func (sr *SiteRunner) watch(s *market.State) {
	tr := sr.trigger
	months := s.TimeYears * monthsPerYear
	if tr.LatestMonths > 0 && months > tr.LatestMonths+1e-9 {
		return
	}
	if s.HashpriceUSDPerPHDay < tr.HashpriceBelowUSDPerPHDay {
		sr.belowMonths += s.DtYears * monthsPerYear
	} else {
		sr.belowMonths = 0
	}
	if sr.belowMonths >= tr.ForMonths-1e-9 {
		sr.firedYears = s.TimeYears
		for i := range sr.parcels {
			sr.parcels[i].Schedule(s.TimeYears)
		}
	}
}
