package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// BatchSimulator is one worker's simulator of a batch of paths stepped
// together: their market states side by side, every path's market
// advanced through one market.Batch (the exponentials and logarithms of
// all paths over contiguous slices), the curtailment of the site's fleet
// computed for every path at once (site.CurtailBatch), then each path's
// strategies booked through its own Simulator, the adapter through which
// every site.Runner, built-in or a user's, runs a path at a time.
//
// Each path draws only from its own streams, so path i of a batch steps
// exactly as a Simulator stepping that path alone (the same bits;
// TestBatchSimulatorIsSimulator): the batch changes the order of the work,
// never its numbers. It allocates nothing per step and is not safe for
// concurrent use.
type BatchSimulator struct {
	plan    *Plan
	states  []market.State
	paths   []*Simulator
	mrs     []*dist.Rand
	memos   []*site.CurtailMemo
	z       [][market.NumShocks]float64
	mkt     *market.Batch
	curtail *site.CurtailBatch
	n       int // paths in use
}

// NewBatchSimulator returns a BatchSimulator for batches of up to capacity
// paths (1 ≤ capacity ≤ MaxBatch).
func (p *Plan) NewBatchSimulator(capacity int) (*BatchSimulator, error) {
	if capacity < 1 || capacity > MaxBatch {
		return nil, fmt.Errorf("model: batch capacity %d: must be in [1, %d]", capacity, MaxBatch)
	}
	b := &BatchSimulator{
		plan:    p,
		states:  make([]market.State, capacity),
		paths:   make([]*Simulator, capacity),
		mrs:     make([]*dist.Rand, capacity),
		memos:   make([]*site.CurtailMemo, capacity),
		z:       make([][market.NumShocks]float64, capacity),
		mkt:     p.market.NewBatch(capacity),
		curtail: site.NewCurtailBatch(capacity),
	}
	for i := range b.paths {
		pp := p.newSimulatorShell()
		pp.state = &b.states[i]
		*pp.state = pp.own
		b.paths[i], b.mrs[i], b.memos[i] = pp, pp.mr, &pp.curtail
	}
	if err := b.newRunners(); err != nil {
		return nil, err
	}
	return b, nil
}

// newRunners makes every path's runners: a site.BatchStrategy's all at
// once (NewRunners), any other strategy's path by path.
func (b *BatchSimulator) newRunners() error {
	envs := make([]site.Env, len(b.paths))
	for i, pp := range b.paths {
		envs[i] = pp.runnerEnv()
	}
	for k, st := range b.plan.strategies {
		var rs []site.Runner
		var err error
		if bs, ok := st.(site.BatchStrategy); ok {
			rs, err = bs.NewRunners(envs)
		} else {
			rs = make([]site.Runner, len(envs))
			for i := range envs {
				if rs[i], err = st.NewRunner(envs[i]); err != nil {
					break
				}
			}
		}
		if err != nil {
			return fmt.Errorf("model: strategy %q: %w", st.Name(), err)
		}
		for i, pp := range b.paths {
			pp.runners[k] = rs[i]
		}
	}
	return nil
}

// MaxBatch is the largest batch a BatchSimulator steps.
const MaxBatch = 4096

// Capacity returns the largest number of paths the batch steps at once.
func (b *BatchSimulator) Capacity() int { return len(b.paths) }

// Len returns the number of paths in use (set by Resize).
func (b *BatchSimulator) Len() int { return b.n }

// Resize sets the number of paths in use to n (0 ≤ n ≤ Capacity); the
// paths in use are 0..n−1, each to be Reset before the first step.
func (b *BatchSimulator) Resize(n int) {
	if n < 0 || n > len(b.paths) {
		panic(fmt.Sprintf("model: batch size %d outside [0, %d]", n, len(b.paths)))
	}
	b.n = n
}

// Path returns the simulator of path i of the batch: its State, Runners
// and Reset are that path's.
func (b *BatchSimulator) Path(i int) *Simulator { return b.paths[i] }

// Shocks returns the batch's buffer of diffusion shocks, one row per path,
// for a caller that makes them itself (quasi-Monte Carlo) before StepMarkets.
func (b *BatchSimulator) Shocks() [][market.NumShocks]float64 { return b.z[:b.n] }

// Step advances every path in use one step, each drawing its five
// correlated shocks from its market stream as Simulator.Step does, and
// books every strategy's cash flows (Flows): DrawShocks, StepMarkets, then
// BookPath for every path.
func (b *BatchSimulator) Step() {
	b.StepMarkets(b.DrawShocks())
	for i := range b.n {
		b.BookPath(i)
	}
}

// BookPath books path i's strategies for the step its market has just
// taken (StepMarkets), as Simulator.StepShocks does after its market step.
func (b *BatchSimulator) BookPath(i int) { b.paths[i].book() }

// StepMarkets advances every path's market one step with the shocks z
// (z[i] for path i, as Simulator.StepShocks takes them) and fills every
// path's curtailment memo; BookPath then books each path's strategies.
func (b *BatchSimulator) StepMarkets(z [][market.NumShocks]float64) {
	n := b.n
	b.mkt.StepShocks(b.states[:n], z[:n], b.mrs[:n])
	if b.plan.memoCurtail {
		b.curtail.Update(b.memos[:n], b.states[:n], &b.plan.env.Facility)
	}
}

// DrawShocks fills the shock buffer from every path's market stream, as
// Simulator.Step does before its market step, and returns it.
func (b *BatchSimulator) DrawShocks() [][market.NumShocks]float64 {
	corr := b.plan.market.Correlated()
	for i := range b.n {
		corr.Fill(b.z[i][:], b.mrs[i])
	}
	return b.z[:b.n]
}

// Flows returns path i's cash flows of the last step (Simulator.Step's
// slice), valid until the next step or Reset.
func (b *BatchSimulator) Flows(i int) []site.CashFlow { return b.paths[i].out }
