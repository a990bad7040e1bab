package sim_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/sim"
)

// dips counts, per strategy, the paths on which the cumulative
// undiscounted cash ever falls below levelUSD: how often a strategy needs
// more funding than a credit line of −levelUSD would give. Counts are
// integers, so atomic additions give the same result for any worker count.
type dips struct {
	levelUSD float64
	paths    []atomic.Int64 // per strategy
}

func (d *dips) NewPathObserver() sim.PathObserver {
	return &dipsPath{d: d, below: make([]bool, len(d.paths))}
}

// dipsPath watches one path at a time for dips.
type dipsPath struct {
	d     *dips
	below []bool // per strategy: the cash has fallen below the level on this path
}

func (p *dipsPath) Begin(sim.PathInfo, *market.State, *sim.PathPricer) error {
	clear(p.below)
	return nil
}

func (p *dipsPath) Step(_ int, _ *market.State, _ []site.CashFlow, pr *sim.PathPricer) error {
	for j := range p.below {
		p.below[j] = p.below[j] || pr.CumulativeCashUSD(j) < p.d.levelUSD
	}
	return nil
}

func (p *dipsPath) End(*sim.PathPricer) error {
	for j, b := range p.below {
		if b {
			p.d.paths[j].Add(1)
		}
	}
	return nil
}

// Count the paths on which each strategy's cumulative cash falls below
// −100 M USD at some step, with an observer attached to the run: a figure
// the Result does not hold, gathered as the paths run. Pure mining of the
// built site needs the money only on paths where its take-or-pay power
// contract (site.Coupling) bills power it cannot use at a profit; both
// conversions spend more than that before their tenants pay.
func ExampleObserver() {
	sc := model.DefaultScenario()
	d := &dips{levelUSD: -100e6, paths: make([]atomic.Int64, len(sc.Strategies))}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 7, Observers: []sim.Observer{d}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range res.StrategyNames() {
		fmt.Printf("%-22s %3d of %d paths below −100 M USD\n", name, d.paths[j].Load(), res.Run.Paths)
	}
	// Output:
	// pure mining             57 of 400 paths below −100 M USD
	// hybrid 50% colocation  400 of 400 paths below −100 M USD
	// full AI colocation     400 of 400 paths below −100 M USD
}
