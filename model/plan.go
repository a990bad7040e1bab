package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Plan is a validated, compiled Scenario: the market, the strategies and the
// time grid. A Plan is immutable after NewPlan and safe to share between
// goroutines and runs; each worker makes its own Simulator with NewSimulator.
type Plan struct {
	sc         Scenario
	market     *market.Market
	strategies []site.Strategy
	names      []string
	env        site.Env
	// memoCurtail makes Simulator.Step compute the curtailment of the site's
	// fleet once per step for the strategies' mining blocks (site.CurtailMemo):
	// set when at least two built-in strategies may mine.
	memoCurtail bool
	// shed draws each step's grid calls when the site coupling is on.
	shed site.ShedProcess
	// disc[k] = (1+r)^(−k·dt), k = 0..Steps (DiscountFactor), one table
	// for every pricer of the plan.
	disc []float64
}

// NewPlan validates sc and compiles it. It builds one runner of every
// strategy as a check, so a custom strategy that cannot run fails here and
// not in a worker (a real option without its fitted rule is checked
// without its policy: NewSimulator needs the rule, which sim.Run fits). The plan keeps its own copy of sc (custom strategies are
// shared, so they must be safe for concurrent use).
func NewPlan(sc *Scenario) (*Plan, error) {
	if sc == nil {
		return nil, fmt.Errorf("model: NewPlan: nil scenario")
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{sc: copyScenario(sc)}
	var err error
	mp, fin := p.sc.Valued()
	p.env = site.Env{Facility: p.sc.Facility, Finance: fin, DtYears: fin.DtYears(), Steps: fin.Steps()}
	if p.sc.Coupling.On() {
		c := p.sc.Coupling
		p.env.Coupling = &c
		p.env.Facility = c.MeterFacility(p.sc.Facility)
		if p.shed, err = site.NewShedProcess(c, p.env.DtYears); err != nil {
			return nil, fmt.Errorf("model: coupling: %w", err)
		}
	}
	m, err := market.NewMarket(mp, p.env.DtYears)
	if err != nil {
		return nil, fmt.Errorf("model: market: %w", err)
	}
	m.Tabulate(p.env.Steps)
	p.market = m
	p.disc = discountTable(p.env.Finance.DiscountRatePerYear, p.env.DtYears, p.env.Steps)
	miners := 0
	for _, sp := range p.sc.Strategies {
		p.strategies = append(p.strategies, sp)
		if sp.Kind != KindFullAI || sp.StartMonths > 0 || sp.Phases > 1 {
			miners++
		}
	}
	p.memoCurtail = miners >= 2
	p.strategies = append(p.strategies, p.sc.Custom...)
	for _, st := range p.strategies {
		if err := checkRunner(st, p.env); err != nil {
			return nil, fmt.Errorf("model: strategy %q: %w", st.Name(), err)
		}
		p.names = append(p.names, st.Name())
	}
	return p, nil
}

// copyScenario copies sc deeply enough that later changes to it do not
// reach the plan (the strategy slices and the specs' sub-configurations;
// contract terms are values, held in the specs' interfaces).
func copyScenario(sc *Scenario) Scenario {
	out := *sc
	out.Strategies = make([]StrategySpec, len(sc.Strategies))
	for i, sp := range sc.Strategies {
		if sp.Conversion != nil {
			c := *sp.Conversion
			sp.Conversion = &c
		}
		if sp.Trigger != nil {
			t := *sp.Trigger
			sp.Trigger = &t
		}
		if sp.Option != nil {
			o := *sp.Option
			o.State = append([]market.Series(nil), o.State...)
			sp.Option = &o
		}
		out.Strategies[i] = sp
	}
	out.Custom = append([]site.Strategy(nil), sc.Custom...)
	out.Funding = append([]funding.Structure(nil), sc.Funding...)
	return out
}

// Steps returns the number of steps to the horizon.
func (p *Plan) Steps() int { return p.env.Steps }

// DtYears returns the step length, in years.
func (p *Plan) DtYears() float64 { return p.env.DtYears }

// HorizonYears returns the horizon, in years.
func (p *Plan) HorizonYears() float64 { return p.env.HorizonYears() }

// Env returns the environment the plan's runners are built for.
func (p *Plan) Env() site.Env { return p.env }

// StrategyNames returns the strategies' names in the order of Simulator.Step's
// cash flows: built-in first, then custom. The slice is a copy.
func (p *Plan) StrategyNames() []string { return append([]string(nil), p.names...) }

// NumStrategies returns the number of strategies.
func (p *Plan) NumStrategies() int { return len(p.strategies) }

// DiscountRatePerYear returns the annual discount rate of the finance terms.
func (p *Plan) DiscountRatePerYear() float64 { return p.env.Finance.DiscountRatePerYear }

// Scenario returns a copy of the compiled scenario.
func (p *Plan) Scenario() *Scenario {
	sc := copyScenario(&p.sc)
	return &sc
}

// Market returns the compiled market (immutable, shareable).
func (p *Plan) Market() *market.Market { return p.market }
