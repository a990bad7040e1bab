package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// ConversionProbe is the strategy that gathers, on calibration paths, what
// fitting a ConversionRule needs: for one block of BlockMW, at each
// decision step d, the state the decision reads, the present value of the
// block's cash flows if its conversion starts then (Exercise), and the
// present value of its cash flows while it keeps mining until the next
// decision (Hold). Both branches run on the same path side by side: one
// parcel mines throughout, and at each decision step a converting parcel
// takes over its miner (the fleet as it stands then) and starts its
// conversion, so the values of converting at every date come from one
// path, with the market's draws shared and the conversion's (build time,
// overrun, tenant defaults) drawn from the converting parcel's own stream.
//
// Values are discounted to the start as sim's PathPricer discounts, at the
// scenario's rate, (1+r)^(−k·dt) for step k, terminal values included at
// the horizon; they are before income tax (a tax book nets a strategy's
// parcels together, so a block's tax is not its own). Cash flows before
// the first decision step are not counted (they do not depend on the
// decision).
type ConversionProbe struct {
	// Label names the strategy.
	Label string
	// BlockMW is the block's grid capacity, in MW, > 0.
	BlockMW float64
	// Terms are the contract the converted block earns under.
	Terms ContractTerms
	// Conversion is how the block is converted.
	Conversion Conversion
	// State is what the decision reads.
	State OptionState
	// Steps are the decision steps (DecisionSteps), increasing, before the
	// horizon.
	Steps []int
}

// Name implements Strategy.
func (c ConversionProbe) Name() string { return c.Label }

// NewRunner implements Strategy.
func (c ConversionProbe) NewRunner(env Env) (Runner, error) {
	if !(c.BlockMW > 0) || math.IsInf(c.BlockMW, 0) {
		return nil, fmt.Errorf("site: conversion probe: blockMW = %g: must be > 0 and finite", c.BlockMW)
	}
	if err := c.State.Validate(); err != nil {
		return nil, fmt.Errorf("site: conversion probe: %w", err)
	}
	for i, k := range c.Steps {
		if k < 0 || k >= env.Steps || i > 0 && k <= c.Steps[i-1] {
			return nil, fmt.Errorf("site: conversion probe: decision steps %v: must increase in [0, %d)", c.Steps, env.Steps)
		}
	}
	if len(c.Steps) == 0 {
		return nil, fmt.Errorf("site: conversion probe: no decision step")
	}
	mining, err := NewMiningParcel(env.Facility, c.BlockMW)
	if err != nil {
		return nil, err
	}
	mining.Miner.UseCurtailMemo(env.Curtail)
	pr := &ProbeRunner{env: env, c: c, mining: mining, dim: c.State.Dim(), exit: env.Finance.ExitMultipleNOI,
		conv: make([]Parcel, len(c.Steps)), disc: make([]float64, env.Steps+1)}
	for d := range pr.conv {
		if pr.conv[d], err = NewConvertingParcel(env.Facility, c.BlockMW, c.Terms, c.Conversion); err != nil {
			return nil, err
		}
	}
	l := math.Log1p(env.Finance.DiscountRatePerYear)
	for k := range pr.disc {
		pr.disc[k] = math.Exp(-float64(k) * env.DtYears * l)
	}
	pr.state = make([]float64, len(c.Steps)*pr.dim)
	pr.exercise = make([]float64, len(c.Steps))
	pr.hold = make([]float64, len(c.Steps))
	return pr, nil
}

// ProbeRunner is the Runner of a ConversionProbe. After a path, State,
// Exercise and Hold hold what it gathered; its Step books the mining
// block's cash flows (the never-converting branch).
type ProbeRunner struct {
	env    Env
	c      ConversionProbe
	mining Parcel
	conv   []Parcel // conv[d] converts at decision step d
	dim    int
	exit   float64
	disc   []float64 // disc[k] = (1+r)^(−k·dt)

	period   int // the decision date whose hold period holds the next step
	state    []float64
	exercise []float64
	hold     []float64
	scratch  CashFlow
}

// State returns the state at decision date d of the last path (length
// OptionState.Dim; valid until the next Reset).
func (pr *ProbeRunner) State(d int) []float64 { return pr.state[d*pr.dim : (d+1)*pr.dim] }

// Exercise returns the present value of the block's cash flows on the
// last path from decision step d on, had its conversion started then
// (USD).
func (pr *ProbeRunner) Exercise(d int) float64 { return pr.exercise[d] }

// Hold returns the present value of the block's mining cash flows on the
// last path over the steps after decision step d up to the next one (the
// horizon for the last, the gear's salvage included) (USD).
func (pr *ProbeRunner) Hold(d int) float64 { return pr.hold[d] }

// Reset implements Runner: the parcels are reset (each converting one
// forking its stream from r), and a decision at step 0 is taken at s.
func (pr *ProbeRunner) Reset(s *market.State, r *dist.Rand) {
	pr.mining.Reset(r)
	for d := range pr.conv {
		pr.conv[d].Reset(r)
	}
	clear(pr.exercise)
	clear(pr.hold)
	pr.period = 0
	if s != nil && pr.c.Steps[0] == s.Step {
		pr.decide(0, s)
	}
}

// decide records the state of decision date d and starts its converting
// parcel from the mining parcel's fleet at the end of the step of s.
func (pr *ProbeRunner) decide(d int, s *market.State) {
	pr.c.State.Fill(s, pr.State(d))
	p := &pr.conv[d]
	p.Miner = pr.mining.Miner
	p.Schedule(s.TimeYears)
}

// Step implements Runner: the mining parcel's flows go to cf and to the
// hold of the current period; every converting parcel already started
// adds its flows to its exercise value; then a decision step starts its
// parcel.
func (pr *ProbeRunner) Step(s *market.State, r *dist.Rand, cf *CashFlow) {
	k, steps := s.Step, pr.c.Steps
	last := k == pr.env.Steps
	pr.mining.Step(s, r, cf)
	if last {
		cf.TerminalUSD += pr.mining.TerminalUSD(s, pr.exit)
	}
	for pr.period+1 < len(steps) && steps[pr.period+1] < k {
		pr.period++
	}
	disc := pr.disc[min(k, len(pr.disc)-1)]
	if k > steps[0] {
		pr.hold[pr.period] += disc * cf.FreeCashUSD()
	}
	for d := 0; d < len(steps) && steps[d] < k; d++ {
		p := &pr.conv[d]
		pr.scratch = CashFlow{}
		p.Step(s, r, &pr.scratch)
		if last {
			pr.scratch.TerminalUSD += p.TerminalUSD(s, pr.exit)
		}
		pr.exercise[d] += disc * pr.scratch.FreeCashUSD()
	}
	if pr.period+1 < len(steps) && steps[pr.period+1] == k {
		pr.decide(pr.period+1, s)
	} else if pr.period == 0 && steps[0] == k && k > 0 {
		pr.decide(0, s)
	}
}
