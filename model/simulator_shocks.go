package model

import (
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// StepShocks is Step with the market's five correlated diffusion shocks
// given (market.Market.StepShocks) instead of drawn from the market stream:
// the quasi-Monte Carlo step (QMCPath.Shocks gives z). The market's
// discrete draws (jumps, regimes, spikes) stay on its forked sub-streams
// and the strategies draw from their own streams exactly as in Step; with
// z = Plan().Market().Correlated().Fill drawn from the market stream it is
// Step bit for bit. It allocates nothing.
func (pp *Simulator) StepShocks(z *[market.NumShocks]float64) (*market.State, []site.CashFlow) {
	pp.plan.market.StepShocks(pp.state, z, pp.mr, &pp.msub)
	if pp.plan.memoCurtail {
		pp.curtail.Update(pp.state, &pp.plan.env.Facility)
	}
	return pp.book()
}

// book draws the step's grid calls and books every strategy's cash flows
// for the step that produced the simulator's state, the curtailment memo
// already filled (the per-path half of StepShocks, which a BatchSimulator
// runs after stepping all its paths' markets).
func (pp *Simulator) book() (*market.State, []site.CashFlow) {
	if pp.grid != nil {
		pp.grid.Draw()
	}
	for i, rn := range pp.runners {
		o := &pp.out[i]
		*o = site.CashFlow{}
		rn.Step(pp.state, pp.rands[i], o)
		pp.taxes[i].Apply(o)
	}
	return pp.state, pp.out
}
