package site

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Conversion is how a block of the site is turned into AI/HPC capacity: what
// it costs, how long it takes and when mining on the block stops.
type Conversion struct {
	// CapexUSDPerMWIT is the budgeted fit-out capex (shell and MEP, GPUs
	// excluded), in USD per MW of critical IT load; in [0, 1e9].
	CapexUSDPerMWIT float64 `json:"capexUSDPerMWIT"`
	// CapexOverrun is the factor the actual capex is of the budget, drawn
	// once per path; its support must be ≥ 0 and its mean ≤ 100.
	CapexOverrun dist.Spec `json:"capexOverrun"`
	// BuildMonths is the construction time, in months, drawn once per path;
	// its support must be ≥ 0 and its mean ≤ 1200 (100 years). The capex is
	// spent evenly over it, and the capacity earns from its end.
	BuildMonths dist.Spec `json:"buildMonths"`
	// MiningStopLagMonths is how long after construction starts the block's
	// miners keep running, in months; in [0, 1200]. Mining stops at the
	// latest when the build ends.
	MiningStopLagMonths float64 `json:"miningStopLagMonths"`
}

// DefaultConversion returns a fit-out at 9 M$/MW IT with a right-skewed
// overrun and a build of about a year with a long right tail.
func DefaultConversion() Conversion {
	return Conversion{
		// docs/CALIBRATION.md §F capex: full AI/HPC fit-out 8–11 M$/MW IT
		// (TeraWulf 8–10, Cipher 9–11); 9 is where both ranges meet.
		CapexUSDPerMWIT: 9e6,
		// Assumption: data-centre builds overrun more often than they come
		// in under budget; PERT on [0.9, 1.4] with mode 1 has mean 1.05
		// (9.45 M$/MW IT, inside the §F 8–11 range) and a 1.4 tail.
		CapexOverrun: dist.PERTSpec(0.9, 1.0, 1.4),
		// docs/CALIBRATION.md §F build timelines: 8–13 months (Cipher–AWS), ~12
		// (Cipher Barber Lake) for existing powered sites, 18–24 for
		// greenfield; lognormal with median 12 months and log-sd 0.35 puts
		// the 10th percentile at 7.7 and the 90th at 18.8 months.
		BuildMonths: dist.LogNormalSpec(12, 0.35),
		// Mining stops when construction starts (the §F fit-outs replace
		// most of the mining infrastructure).
		MiningStopLagMonths: 0,
	}
}

// UnmarshalJSON decodes c over its current value (so fields left out keep
// it), except that a distribution given in the JSON replaces the current
// one whole rather than merging parameters with it. Unknown fields, in c or
// in its distributions, are errors; JSON null leaves c unchanged.
func (c *Conversion) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Conversion
	p := plain(*c)
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := freshSpecs(b, map[string]*dist.Spec{"capexOverrun": &p.CapexOverrun, "buildMonths": &p.BuildMonths}); err != nil {
		return err
	}
	*c = Conversion(p)
	return nil
}

// JSONFields implements strictjson.Object: a conversion's JSON members are
// its struct fields.
func (c Conversion) JSONFields() []strictjson.Field { return strictjson.StructFields(c) }

// freshSpecs decodes the distribution specs named in the JSON object b
// into zero Specs, replacing what dsts held. Unknown fields are errors.
func freshSpecs(b []byte, dsts map[string]*dist.Spec) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for name, dst := range dsts {
		m, ok := raw[name]
		if !ok {
			continue
		}
		var sp dist.Spec
		if err := strictjson.Unmarshal(m, &sp); err != nil {
			return err
		}
		*dst = sp
	}
	return nil
}

// Validate reports every invalid field with its value and allowed range.
func (c Conversion) Validate() error {
	var v valid.Checker
	v.Range("capexUSDPerMWIT", c.CapexUSDPerMWIT, 0, 1e9)
	checkSpec(&v, "capexOverrun", c.CapexOverrun, 0, 100)
	checkSpec(&v, "buildMonths", c.BuildMonths, 0, 1200)
	v.Range("miningStopLagMonths", c.MiningStopLagMonths, 0, 1200)
	return v.Err()
}

// Build is the per-path state of one block's conversion: its
// drawn build time and capex, when construction starts, and the capex it
// books as the build proceeds.
type Build struct {
	itMW         float64
	capexPerMWIT float64 // Conversion.CapexUSDPerMWIT (the rest of the Conversion is in the samplers and lagYears)
	overrun      dist.Sampler
	build        dist.Sampler
	lagYears     float64

	startYears float64 // construction start (+Inf: not started)
	buildYears float64 // drawn build time
	capexUSD   float64 // drawn total capex
}

// NewBuild returns the conversion of a block carrying itMW MW of
// critical IT load once built. It returns an error if c is invalid or itMW is
// negative.
func NewBuild(c Conversion, itMW float64) (Build, error) {
	if !(itMW >= 0) || math.IsInf(itMW, 0) {
		return Build{}, fmt.Errorf("site: conversion of %g MW IT: must be ≥ 0 and finite", itMW)
	}
	if err := c.Validate(); err != nil {
		return Build{}, err
	}
	ov, err := c.CapexOverrun.Sampler()
	if err != nil {
		return Build{}, fmt.Errorf("site: capexOverrun: %w", err)
	}
	bd, err := c.BuildMonths.Sampler()
	if err != nil {
		return Build{}, fmt.Errorf("site: buildMonths: %w", err)
	}
	return Build{itMW: itMW, capexPerMWIT: c.CapexUSDPerMWIT, overrun: ov, build: bd,
		lagYears: c.MiningStopLagMonths / monthsPerYear, startYears: math.Inf(1)}, nil
}

// ITMW returns the critical IT load of the converted block, in MW.
func (b *Build) ITMW() float64 { return b.itMW }

// Reset starts a new path: it draws the build time and the capex overrun
// from r (always, so that the draws line up across strategies and paths) and
// clears the start. Draws below 0 are taken as 0.
func (b *Build) Reset(r *dist.Rand) {
	b.buildYears = max(b.build.Sample(r), 0) / monthsPerYear
	b.capexUSD = b.itMW * b.capexPerMWIT * max(b.overrun.Sample(r), 0)
	b.startYears = math.Inf(1)
}

// Begin starts construction at tYears (years from the start of the path);
// a block already started keeps its start.
func (b *Build) Begin(tYears float64) {
	if math.IsInf(b.startYears, 1) {
		b.startYears = max(tYears, 0)
	}
}

// Started reports whether construction has been scheduled.
func (b *Build) Started() bool { return !math.IsInf(b.startYears, 1) }

// StartYears returns when construction starts (+Inf if not scheduled).
func (b *Build) StartYears() float64 { return b.startYears }

// BuildYears returns the path's drawn build time, in years.
func (b *Build) BuildYears() float64 { return b.buildYears }

// ReadyYears returns when the capacity is ready to earn (+Inf if not scheduled).
func (b *Build) ReadyYears() float64 { return b.startYears + b.buildYears }

// MiningStopYears returns when mining on the block stops: the start plus the
// lag, but no later than the end of the build (+Inf if not scheduled).
func (b *Build) MiningStopYears() float64 {
	return b.startYears + min(b.lagYears, b.buildYears)
}

// CapexUSD returns the path's drawn total conversion capex, in USD.
func (b *Build) CapexUSD() float64 { return b.capexUSD }

// Step books the capex spent in the step that produced s: the total spread
// evenly over [start, ready]; a zero build time spends it all in the step
// holding the start.
func (b *Build) Step(s *market.State) CashFlow {
	return CashFlow{CapexUSD: b.capexIn(s)}
}

// capexIn returns the CapexUSD that Step books.
func (b *Build) capexIn(s *market.State) float64 {
	if !b.Started() {
		return 0
	}
	t0, t1 := stepSpan(s)
	if b.buildYears == 0 {
		if b.startYears >= t0 && b.startYears < t1 {
			return b.capexUSD
		}
		return 0
	}
	if t0 >= b.startYears+b.buildYears && b.capexUSD <= math.MaxFloat64 {
		return 0 // built before the step: a finite capex times an overlap of 0
	}
	return b.capexUSD * overlapYears(t0, t1, b.startYears, b.ReadyYears()) / b.buildYears
}

// RemainingCapexUSD returns the capex not yet spent at time tYears.
func (b *Build) RemainingCapexUSD(tYears float64) float64 {
	if !b.Started() {
		return b.capexUSD
	}
	if b.buildYears == 0 {
		if tYears >= b.startYears {
			return 0
		}
		return b.capexUSD
	}
	return b.capexUSD * overlapYears(tYears, math.Inf(1), b.startYears, b.ReadyYears()) / b.buildYears
}

// TerminalUSD returns the conversion's part of the terminal value at the
// horizon h (the end of the step that produced s): minus the present value
// at h of the capex still to be spent, which a buyer of the unfinished
// capacity would have to pay, discounted at the exit yield 1/exitMultiple
// as the capacity's exit value is (see LeaseContract.TerminalUSD): the capex
// spends evenly over the build, so the part over [max(start, h), ready]
// is worth capex/build·∫ e^(−(t−h)/M) dt at h. Capex already spent is sunk
// and not counted. Parcel.TerminalUSD floors the unfinished project's
// value (this plus the business's) at 0: the owner may abandon it.
func (b *Build) TerminalUSD(s *market.State, exitMultiple float64) float64 {
	if !b.Started() {
		return 0
	}
	h := s.TimeYears
	if b.buildYears == 0 {
		if b.startYears <= h {
			return 0
		}
		return -b.capexUSD * exitDiscount(b.startYears-h, exitMultiple)
	}
	if b.ReadyYears() <= h {
		return 0
	}
	a := max(b.startYears, h) - h
	return -b.capexUSD / b.buildYears * exitYears(a, b.ReadyYears()-h, exitMultiple)
}

// exitDiscount returns e^(−w/M), the discount for a wait of w years at the
// exit yield 1/M of an exit multiple M: 1 for no wait, 0 for M = 0 (such
// capacity has no exit value to discount).
func exitDiscount(w, m float64) float64 {
	switch {
	case !(w > 0):
		return 1
	case !(m > 0):
		return 0
	}
	return math.Exp(-w / m)
}

// exitYears returns ∫ₐᵇ e^(−t/M) dt = M·(e^(−a/M) − e^(−b/M)) for
// 0 ≤ a ≤ b, the years of [a, b] discounted at the exit yield 1/M; 0 for
// M = 0 (its limit) or b ≤ a.
func exitYears(a, b, m float64) float64 {
	if !(b > a) || !(m > 0) {
		return 0
	}
	return m * (exitDiscount(a, m) - exitDiscount(b, m))
}

// checkSpec validates a distribution spec and requires its support to lie
// at or above lo and its mean to be at most meanMax (which keeps draws
// finite: a spec whose mean is bounded cannot draw +Inf but with
// vanishing probability).
func checkSpec(c *valid.Checker, field string, s dist.Spec, lo, meanMax float64) {
	if err := s.Validate(); err != nil {
		c.Sub(field, err)
		return
	}
	if m, ok := specMin(s); ok && !(m >= lo) {
		c.Add(field+".min", m, fmt.Sprintf("≥ %g (the %s spec's support must lie at or above it)", lo, field))
	}
	if m, err := s.Mean(); err == nil && !(m <= meanMax) {
		c.Add(field+".mean", m, fmt.Sprintf("≤ %g (the mean of the %s spec)", meanMax, field))
	}
}

// specMin returns the lower end of a spec's support (the quantile at 0),
// when its sampler knows its law.
func specMin(s dist.Spec) (float64, bool) {
	sp, err := s.Sampler()
	if err != nil {
		return 0, false
	}
	d, ok := sp.(dist.Distribution)
	if !ok {
		return 0, false
	}
	return d.Quantile(0), true
}
