package sim

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Components names the parts of a step's cash flow (site.CashFlow) that
// Attribution discounts separately, in its order: revenues and the
// terminal value count positive, costs negative, so that they sum to the
// free cash flow.
var Components = []string{"mining", "demand response", "lease", "GPU rent", "recovery",
	"power", "opex", "capex", "tax", "terminal value",
	"minimum bill", "backup fuel", "SLA credits", "reliability capex", "overhead"}

// componentsOf writes into out the signed components of cf in the order of
// Components.
func componentsOf(cf *site.CashFlow, out []float64) {
	out[0], out[1], out[2], out[3], out[4] = cf.MiningUSD, cf.DemandResponseUSD, cf.LeaseUSD, cf.GPURentUSD, cf.RecoveryUSD
	out[5], out[6], out[7], out[8], out[9] = -cf.PowerUSD, -cf.OpexUSD, -cf.CapexUSD, -cf.TaxUSD, cf.TerminalUSD
	out[10], out[11], out[12], out[13], out[14] = -cf.MinimumBillUSD, -cf.BackupFuelUSD, -cf.SLACreditUSD, -cf.ReliabilityCapexUSD, -cf.OverheadUSD
}

// Attribution is an Observer that splits every path's NPV of every
// strategy by cash-flow component (Components): component c's NPV on a
// path is Σ_k x_{c,k}·(1+r)^(−k·dt), the discount factors of PathPricer,
// so the components of a path sum to its NPV up to rounding. It keeps
// len(Components) float64 per strategy per path (120 bytes), at the path's
// offset, so what it returns does not depend on the worker count.
//
// Make it with NewAttribution for the plan the run is of (the scenario of
// sim.Run, through model.NewPlan), put it in Config.Observers, and read it
// after the run.
type Attribution struct {
	names []string
	disc  []float64 // disc[k] = (1+r)^(−k·dt), as PathPricer
	slots pathSlots
}

// NewAttribution returns an Attribution for runs of plan.
func NewAttribution(plan *model.Plan) *Attribution {
	steps, dt := plan.Steps(), plan.DtYears()
	a := &Attribution{names: plan.StrategyNames(), disc: make([]float64, steps+1)}
	l := math.Log1p(plan.DiscountRatePerYear())
	for k := range a.disc {
		a.disc[k] = math.Exp(-float64(k) * dt * l)
	}
	a.slots.width = len(a.names) * len(Components)
	return a
}

// Paths returns the number of paths recorded: 1 + the highest path offset.
func (a *Attribution) Paths() int { return a.slots.count() }

// Strategies returns the strategies' names, in the run's order.
func (a *Attribution) Strategies() []string { return append([]string(nil), a.names...) }

// Component returns component c (an index of Components) of strategy j's
// NPV on every path recorded, USD, in path order.
func (a *Attribution) Component(j, c int) ([]float64, error) {
	if j < 0 || j >= len(a.names) || c < 0 || c >= len(Components) {
		return nil, fmt.Errorf("sim: Attribution.Component(%d, %d): strategy in [0, %d), component in [0, %d)", j, c, len(a.names), len(Components))
	}
	return a.slots.column(j*len(Components) + c), nil
}

// NewPathObserver implements Observer.
func (a *Attribution) NewPathObserver() PathObserver {
	return &attributionPath{a: a, row: make([]float64, a.slots.width), parts: make([]float64, len(Components))}
}

// attributionPath sums one path's discounted components.
type attributionPath struct {
	a     *Attribution
	off   int
	row   []float64 // [strategy*len(Components) + component]
	parts []float64
}

// Begin implements PathObserver.
func (p *attributionPath) Begin(info PathInfo, _ *market.State, _ *PathPricer) error {
	p.off = info.Offset
	clear(p.row)
	return nil
}

// Step implements PathObserver.
func (p *attributionPath) Step(k int, _ *market.State, flows []site.CashFlow, _ *PathPricer) error {
	d := p.a.disc[k]
	nc := len(Components)
	for j := range flows {
		componentsOf(&flows[j], p.parts)
		row := p.row[j*nc : (j+1)*nc]
		for c, x := range p.parts {
			row[c] += x * d
		}
	}
	return nil
}

// End implements PathObserver.
func (p *attributionPath) End(*PathPricer) error {
	p.a.slots.put(p.off, p.row)
	return nil
}
