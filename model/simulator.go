package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Simulator is one worker's simulator: the market state, one Runner per
// strategy, the random streams, the tax books and the step's curtailment
// memo. It runs one path at a time (Reset, then Steps calls to Step) and
// is not safe for concurrent use.
type Simulator struct {
	plan    *Plan
	state   *market.State // own, or the path's slot of a BatchSimulator's states
	own     market.State
	mr      *dist.Rand
	msub    dist.Rand // the market's sub-streams, forked into in turn (see market.Market.StepWith)
	runners []site.Runner
	rands   []*dist.Rand
	taxes   []site.TaxBook
	out     []site.CashFlow
	curtail site.CurtailMemo // the step's curtailment of the site's fleet (site.Env.Curtail)
	grid    *GridSource      // the grid's shed calls (site coupling on; else nil)
}

// NewSimulator returns a Simulator for one worker. Call Reset before the
// first Step. When at least two built-in strategies may mine, their
// runners share the Simulator's curtailment memo (site.Env.Curtail), which
// Step fills once per step.
func (p *Plan) NewSimulator() (*Simulator, error) {
	pp := p.newSimulatorShell()
	env := pp.runnerEnv()
	for i, st := range p.strategies {
		r, err := st.NewRunner(env)
		if err != nil {
			return nil, fmt.Errorf("model: strategy %q: %w", st.Name(), err)
		}
		pp.runners[i] = r
	}
	return pp, nil
}

// newSimulatorShell returns a Simulator without its runners.
func (p *Plan) newSimulatorShell() *Simulator {
	pp := &Simulator{
		plan:    p,
		mr:      dist.New(0, 0),
		runners: make([]site.Runner, len(p.strategies)),
		rands:   make([]*dist.Rand, len(p.strategies)),
		taxes:   make([]site.TaxBook, len(p.strategies)),
		out:     make([]site.CashFlow, len(p.strategies)),
	}
	pp.grid = p.NewGridSource()
	for i := range p.strategies {
		pp.rands[i] = dist.New(0, 0)
		pp.taxes[i] = site.NewTaxBook(p.sc.Finance.TaxRate)
	}
	pp.state = &pp.own
	*pp.state = p.market.Start()
	return pp
}

// runnerEnv returns the environment of the simulator's runners: the
// plan's, with the simulator's curtailment memo and grid calls.
func (pp *Simulator) runnerEnv() site.Env {
	env := pp.plan.env
	if pp.plan.memoCurtail {
		env.Curtail = &pp.curtail
	}
	if pp.grid != nil {
		env.Grid = pp.grid.Calls()
	}
	return env
}

// Plan returns the plan the simulator belongs to.
func (pp *Simulator) Plan() *Plan { return pp.plan }

// Runner returns the runner of strategy i (in StrategyNames order), for
// inspection of its per-path state.
func (pp *Simulator) Runner(i int) site.Runner { return pp.runners[i] }

// State returns the current market state (valid until the next Step or Reset).
func (pp *Simulator) State() *market.State { return pp.state }

// Reset starts path number path of the run with seed seed. The market draws
// from the stream (seed, path); every strategy gets its own stream, all
// seeded identically from (dist.Substream(seed, 1), path), so every strategy
// sees the same strategy-side draws in the same order (common random
// numbers across strategies), and adding a strategy never changes the
// market path. mirror turns every stream into its antithetic mirror. The
// market is put at its start state and the runners (given it) and tax
// books are reset; Reset allocates nothing.
func (pp *Simulator) Reset(seed, path uint64, mirror bool) {
	pp.mr.Reset(seed, path)
	pp.mr.SetMirror(mirror)
	*pp.state = pp.plan.market.Start()
	if pp.grid != nil {
		pp.grid.Reset(seed, path, mirror)
	}
	sub := dist.Substream(seed, 1)
	for i, r := range pp.rands {
		r.Reset(sub, path)
		r.SetMirror(mirror)
		pp.runners[i].Reset(pp.state, r)
		pp.taxes[i].Reset()
	}
}

// Step advances the market one step and books every strategy's cash flows
// for it (in StrategyNames order), the last step (market.State.Step == Steps)
// including terminal values. It then applies income tax uniformly to every
// strategy, built-in or custom, with the plan's site.TaxBook rules (a cash-flow
// tax with immediate expensing and loss carry-forward, per strategy per
// path). The returned State and slice are the Simulator's own buffers,
// valid until the next Step or Reset. Step allocates nothing (given
// runners that do not). Stepping past the horizon is allowed but books no
// terminal value.
func (pp *Simulator) Step() (*market.State, []site.CashFlow) {
	var z [market.NumShocks]float64
	pp.plan.market.Correlated().Fill(z[:], pp.mr)
	return pp.StepShocks(&z)
}
