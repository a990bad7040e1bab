package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// DecisionSteps returns the steps at which a conversion may be decided:
// the start (step 0) and then every decisionMonths months, each before the
// horizon and, when latestMonths > 0, no later than latestMonths. A
// decision at step k looks at the State step k produced and starts
// construction at its end (k·dt years). decisionMonths must be a whole
// number of steps (within 10⁻⁹), in (0, 1200]; latestMonths in [0, 1200].
func DecisionSteps(env Env, decisionMonths, latestMonths float64) ([]int, error) {
	stepMonths := env.DtYears * monthsPerYear
	if !(decisionMonths > 0 && decisionMonths <= 1200) {
		return nil, fmt.Errorf("decisionMonths = %g: must be in (0, 1200]", decisionMonths)
	}
	if !(latestMonths >= 0 && latestMonths <= 1200) {
		return nil, fmt.Errorf("latestMonths = %g: must be in [0, 1200]", latestMonths)
	}
	m := math.Round(decisionMonths / stepMonths)
	if m < 1 || math.Abs(m*stepMonths-decisionMonths) > 1e-9*max(1, decisionMonths) {
		return nil, fmt.Errorf("decisionMonths = %g: must be a whole number of steps (of %g months)", decisionMonths, stepMonths)
	}
	var steps []int
	for k := 0; k < env.Steps; k += int(m) {
		if latestMonths > 0 && float64(k)*stepMonths > latestMonths+1e-9 {
			break
		}
		steps = append(steps, k)
	}
	return steps, nil
}

// ConversionRule is a fitted conversion policy (a least-squares Monte
// Carlo rule, package lsm) for the converting blocks of a Pivot: at each
// decision step it reads the OptionState of the market and converts the
// number of blocks (none, one or more) the rule chooses given how many are
// left (lsm.Rule). It is immutable and safe for concurrent use; NewPolicy
// makes the Policy of one runner.
type ConversionRule struct {
	rule  *lsm.Rule
	state OptionState
	steps []int
}

// NewConversionRule returns the policy of rule, whose dates are the
// decision steps steps (increasing, from ≥ 0) and whose state is the
// coordinates of state; its units are the Pivot's converting blocks.
func NewConversionRule(rule *lsm.Rule, state OptionState, steps []int) (*ConversionRule, error) {
	if rule == nil {
		return nil, fmt.Errorf("site: conversion rule: nil lsm.Rule")
	}
	if err := state.Validate(); err != nil {
		return nil, fmt.Errorf("site: conversion rule: %w", err)
	}
	if rule.Dates() != len(steps) || rule.Dim() != state.Dim() {
		return nil, fmt.Errorf("site: conversion rule: a rule of %d dates and %d coordinates for %d decision steps and %d coordinates",
			rule.Dates(), rule.Dim(), len(steps), state.Dim())
	}
	for i, k := range steps {
		if k < 0 || i > 0 && k <= steps[i-1] {
			return nil, fmt.Errorf("site: conversion rule: decision steps %v: must increase from ≥ 0", steps)
		}
	}
	return &ConversionRule{rule: rule, state: state, steps: append([]int(nil), steps...)}, nil
}

// Rule returns the fitted lsm.Rule.
func (c *ConversionRule) Rule() *lsm.Rule { return c.rule }

// State returns the coordinates the rule reads.
func (c *ConversionRule) State() OptionState { return c.state }

// Steps returns the decision steps (a copy).
func (c *ConversionRule) Steps() []int { return append([]int(nil), c.steps...) }

// Blocks returns the number of blocks the rule converts (its units).
func (c *ConversionRule) Blocks() int { return c.rule.Units() }

// Check reports whether the rule fits a Pivot of blocks converting blocks
// run in env: the same number of blocks, and decision steps before the
// horizon.
func (c *ConversionRule) Check(env Env, blocks int) error {
	if blocks != c.Blocks() {
		return fmt.Errorf("site: conversion rule of %d blocks for a strategy of %d", c.Blocks(), blocks)
	}
	if n := len(c.steps); n > 0 && c.steps[n-1] >= env.Steps {
		return fmt.Errorf("site: conversion rule deciding at step %d for a horizon of %d steps", c.steps[n-1], env.Steps)
	}
	return nil
}

// NewPolicy returns the Policy of one runner: at each decision step it
// schedules the conversion of the blocks the rule chooses, from the end of
// that step (from the start for step 0).
func (c *ConversionRule) NewPolicy() Policy { return &rulePolicy{dec: c.NewDecisions()} }

// rulePolicy is the Policy of a ConversionRule.
type rulePolicy struct{ dec *ConversionDecisions }

// Reset implements Policy.
func (p *rulePolicy) Reset(s *market.State, pr *PivotRunner) {
	if n := p.dec.Reset(s); n > 0 {
		pr.Schedule(n, s.TimeYears)
	}
}

// Observe implements Policy.
func (p *rulePolicy) Observe(s *market.State, pr *PivotRunner) {
	if n := p.dec.Observe(s); n > 0 {
		pr.Schedule(n, s.TimeYears)
	}
}

// ConversionDecisions applies a ConversionRule along one path at a time,
// from the market states alone: the decisions of the runner's Policy, for
// whoever watches the path (an observer recording when blocks convert
// makes the same decisions from the same states). Not safe for concurrent
// use; it allocates nothing per path.
type ConversionDecisions struct {
	c    *ConversionRule
	ev   *lsm.Evaluator
	x    []float64
	next int   // the next decision date
	left int   // blocks not converted yet
	at   []int // per block, in order: the decision date it converted at, −1 if not yet
}

// NewDecisions returns a ConversionDecisions of the rule.
func (c *ConversionRule) NewDecisions() *ConversionDecisions {
	return &ConversionDecisions{c: c, ev: c.rule.NewEvaluator(), x: make([]float64, c.state.Dim()), at: make([]int, c.Blocks())}
}

// Reset starts a path whose market starts at s and returns the number of
// blocks to convert at once (decided at step 0, if it is a decision step).
func (d *ConversionDecisions) Reset(s *market.State) int {
	d.next, d.left = 0, len(d.at)
	for i := range d.at {
		d.at[i] = -1
	}
	return d.Observe(s)
}

// Observe looks at the state s (after step s.Step) and returns the number
// of blocks to convert from its end: 0 unless s.Step is the next decision
// step.
func (d *ConversionDecisions) Observe(s *market.State) int {
	if d.next >= len(d.c.steps) || s.Step != d.c.steps[d.next] {
		return 0
	}
	date := d.next
	d.next++
	if d.left == 0 {
		return 0
	}
	d.c.state.Fill(s, d.x)
	n := d.ev.Decide(date, d.x, d.left, 0)
	for b := len(d.at) - d.left; b < len(d.at)-d.left+n; b++ {
		d.at[b] = date
	}
	d.left -= n
	return n
}

// ConvertedAt returns the decision date (an index into the rule's steps)
// at which block b (in the order blocks convert) converted on the path so
// far, or −1.
func (d *ConversionDecisions) ConvertedAt(b int) int { return d.at[b] }

// Left returns the number of blocks not converted yet.
func (d *ConversionDecisions) Left() int { return d.left }
