package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Plan is a validated, compiled Scenario: the market, the strategies and the
// time grid. A Plan is immutable after NewPlan and safe to share between
// goroutines and runs; each worker makes its own Path with NewPath.
type Plan struct {
	sc         Scenario
	market     *market.Market
	strategies []Strategy
	names      []string
	env        Env
	// memoCurtail makes Path.Step compute the curtailment of the site's
	// fleet once per step for the strategies' mining blocks (CurtailMemo):
	// set when at least two built-in strategies may mine.
	memoCurtail bool
}

// NewPlan validates sc and compiles it. It builds one runner of every
// strategy as a check, so a custom strategy that cannot run fails here and
// not in a worker. The plan keeps its own copy of sc (custom strategies are
// shared, so they must be safe for concurrent use).
func NewPlan(sc *Scenario) (*Plan, error) {
	if sc == nil {
		return nil, fmt.Errorf("model: NewPlan: nil scenario")
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{sc: copyScenario(sc)}
	p.env = Env{Facility: p.sc.Facility, Finance: p.sc.Finance, DtYears: p.sc.Finance.DtYears(), Steps: p.sc.Finance.Steps()}
	m, err := market.NewMarket(p.sc.Market, p.env.DtYears)
	if err != nil {
		return nil, fmt.Errorf("model: market: %w", err)
	}
	m.Tabulate(p.env.Steps)
	p.market = m
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
		if _, err := st.NewRunner(p.env); err != nil {
			return nil, fmt.Errorf("model: strategy %q: %w", st.Name(), err)
		}
		p.names = append(p.names, st.Name())
	}
	return p, nil
}

// copyScenario copies sc deeply enough that later changes to it do not
// reach the plan (the strategy slices and the specs' sub-configurations).
func copyScenario(sc *Scenario) Scenario {
	out := *sc
	out.Strategies = make([]StrategySpec, len(sc.Strategies))
	for i, sp := range sc.Strategies {
		if sp.Conversion != nil {
			c := *sp.Conversion
			sp.Conversion = &c
		}
		if sp.Lease != nil {
			l := *sp.Lease
			sp.Lease = &l
		}
		if sp.GPUCloud != nil {
			g := *sp.GPUCloud
			sp.GPUCloud = &g
		}
		if sp.Trigger != nil {
			t := *sp.Trigger
			sp.Trigger = &t
		}
		out.Strategies[i] = sp
	}
	out.Custom = append([]Strategy(nil), sc.Custom...)
	return out
}

// Steps returns the number of steps to the horizon.
func (p *Plan) Steps() int { return p.env.Steps }

// DtYears returns the step length, in years.
func (p *Plan) DtYears() float64 { return p.env.DtYears }

// HorizonYears returns the horizon, in years.
func (p *Plan) HorizonYears() float64 { return p.env.HorizonYears() }

// Env returns the environment the plan's runners are built for.
func (p *Plan) Env() Env { return p.env }

// StrategyNames returns the strategies' names in the order of Path.Step's
// cash flows: built-in first, then custom. The slice is a copy.
func (p *Plan) StrategyNames() []string { return append([]string(nil), p.names...) }

// NumStrategies returns the number of strategies.
func (p *Plan) NumStrategies() int { return len(p.strategies) }

// DiscountRatePerYear returns the annual discount rate of the finance terms.
func (p *Plan) DiscountRatePerYear() float64 { return p.sc.Finance.DiscountRatePerYear }

// Scenario returns a copy of the compiled scenario.
func (p *Plan) Scenario() *Scenario {
	sc := copyScenario(&p.sc)
	return &sc
}

// Market returns the compiled market (immutable, shareable).
func (p *Plan) Market() *market.Market { return p.market }

// Path is one worker's simulator: the market state, one Runner per strategy,
// the random streams and the tax books. It runs one path at a time (Reset,
// then Steps calls to Step) and is not safe for concurrent use.
type Path struct {
	plan    *Plan
	state   market.State
	mr      *dist.Rand
	msub    dist.Rand // the market's sub-streams, forked into in turn (see Market.step)
	runners []Runner
	sites   []*SiteRunner // runners[i] when it is a built-in SiteRunner, else nil
	rands   []*dist.Rand
	taxes   []TaxBook
	out     []CashFlow
	curtail CurtailMemo // the step's curtailment of the site's fleet (Env.Curtail)
}

// NewPath returns a Path for one worker. Call Reset before the first Step.
func (p *Plan) NewPath() (*Path, error) {
	pp := &Path{
		plan:    p,
		mr:      dist.New(0, 0),
		runners: make([]Runner, len(p.strategies)),
		sites:   make([]*SiteRunner, len(p.strategies)),
		rands:   make([]*dist.Rand, len(p.strategies)),
		taxes:   make([]TaxBook, len(p.strategies)),
		out:     make([]CashFlow, len(p.strategies)),
	}
	env := p.env
	if p.memoCurtail {
		env.Curtail = &pp.curtail
	}
	for i, st := range p.strategies {
		r, err := st.NewRunner(env)
		if err != nil {
			return nil, fmt.Errorf("model: strategy %q: %w", st.Name(), err)
		}
		pp.runners[i] = r
		pp.sites[i], _ = r.(*SiteRunner)
		pp.rands[i] = dist.New(0, 0)
		pp.taxes[i] = NewTaxBook(p.sc.Finance.TaxRate)
	}
	pp.state = p.market.Start()
	return pp, nil
}

// Plan returns the plan the path belongs to.
func (pp *Path) Plan() *Plan { return pp.plan }

// Runner returns the runner of strategy i (in StrategyNames order), for
// inspection of its per-path state.
func (pp *Path) Runner(i int) Runner { return pp.runners[i] }

// State returns the current market state (valid until the next Step or Reset).
func (pp *Path) State() *market.State { return &pp.state }

// Reset starts path number path of the run with seed seed. The market draws
// from the stream (seed, path); every strategy gets its own stream, all
// seeded identically from (dist.Substream(seed, 1), path), so every strategy
// sees the same strategy-side draws in the same order (common random
// numbers across strategies), and adding a strategy never changes the
// market path. mirror turns every stream into its antithetic mirror. The
// runners and tax books are reset; Reset allocates nothing.
func (pp *Path) Reset(seed, path uint64, mirror bool) {
	pp.mr.Reset(seed, path)
	pp.mr.SetMirror(mirror)
	sub := dist.Substream(seed, 1)
	for i, r := range pp.rands {
		r.Reset(sub, path)
		r.SetMirror(mirror)
		pp.runners[i].Reset(r)
		pp.taxes[i].Reset()
	}
	pp.state = pp.plan.market.Start()
}

// Step advances the market one step and books every strategy's cash flows
// for it (in StrategyNames order), the last step (State.Step == Steps)
// including terminal values. It then applies income tax uniformly to every
// strategy, built-in or custom, with the plan's TaxBook rules (a cash-flow
// tax with immediate expensing and loss carry-forward, per strategy per
// path). The returned State and slice are the Path's own buffers, valid
// until the next Step or Reset. Step allocates nothing (given runners that
// do not). Stepping past the horizon is allowed but books no terminal value.
func (pp *Path) Step() (*market.State, []CashFlow) {
	pp.plan.market.StepWith(&pp.state, pp.mr, &pp.msub)
	if pp.plan.memoCurtail {
		pp.curtail.Update(&pp.state, &pp.plan.env.Facility)
	}
	for i, rn := range pp.runners {
		o := &pp.out[i]
		if sr := pp.sites[i]; sr != nil {
			*o = CashFlow{}
			sr.step(o, &pp.state, pp.rands[i]) // SiteRunner.Step without the copies
		} else {
			*o = rn.Step(&pp.state, pp.rands[i])
		}
		pp.taxes[i].Apply(o)
	}
	return &pp.state, pp.out
}
