package main

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// LeaseBeatsMining is a strategy the library does not ship: mine on the
// whole site, and convert Share of it to AI colocation one phase at a time,
// each phase once a lease would have out-earned mining for ForMonths in a
// row. Per MWh of the site's power, a lease earns the colocation rent's net
// operating income on the IT load a MW carries,
//
//	lease = rent USD/kW-month · 1,000 · 12 / 8,766 h · IT fraction · NOI margin,
//
// and mining earns its revenue less the power it buys,
//
//	mining = hashprice · PH/s per MW / 24 · (1 − pool fee) − power price,
//
// so the rule watches three market series at once (hashprice, power and
// colocation rent) and converts in stages: something no single trigger
// of a scenario file says. Premium is how much more the lease must earn
// (0.2: 20 % more).
//
// It is the library's site.Pivot (parcels that mine until they convert,
// then lease) with the policy below. A strategy is a description and must
// be safe for concurrent use: the policy's state lives in the runner that
// NewRunner returns, one per worker.
type LeaseBeatsMining struct {
	// Share is the share of the site's MW that may convert, in (0, 1].
	Share float64
	// Phases splits Share into equal parcels converted one at a time, ≥ 1.
	Phases int
	// Premium is the lease's required margin over mining, ≥ 0.
	Premium float64
	// ForMonths is how long the lease must beat mining before a phase
	// starts, in months, ≥ 0.
	ForMonths float64
	// Conversion and Lease are the build and the colocation lease terms.
	Conversion site.Conversion
	Lease      site.Lease
}

// Name implements site.Strategy.
func (lb LeaseBeatsMining) Name() string {
	return fmt.Sprintf("lease when it beats mining by %g%% for %g mo, %d phases", 100*lb.Premium, lb.ForMonths, lb.Phases)
}

// NewRunner implements site.Strategy: a site.Pivot of Share of the site
// in Phases parcels under the lease, converting as the policy says.
func (lb LeaseBeatsMining) NewRunner(env site.Env) (site.Runner, error) {
	if lb.Phases < 1 || !(lb.Premium >= 0) || !(lb.ForMonths >= 0) {
		return nil, fmt.Errorf("lease beats mining: phases = %d, premium = %g, forMonths = %g: must be ≥ 1, ≥ 0 and ≥ 0", lb.Phases, lb.Premium, lb.ForMonths)
	}
	pv := site.Pivot{Label: lb.Name(), Share: lb.Share, Phases: lb.Phases, Terms: lb.Lease, Conversion: lb.Conversion,
		NewPolicy: func() site.Policy { return &leaseBeatsMining{lb: lb, f: env.Facility} }}
	return pv.NewRunner(env)
}

// leaseBeatsMining is the decision rule; the 20 lines a new policy takes.
type leaseBeatsMining struct {
	lb     LeaseBeatsMining
	f      site.Facility
	months float64 // consecutive months the lease has beaten mining
}

func (p *leaseBeatsMining) Reset(*market.State, *site.PivotRunner) { p.months = 0 }

func (p *leaseBeatsMining) Observe(s *market.State, pr *site.PivotRunner) {
	mining := site.MiningRevenuePerMWh(s.HashpriceUSDPerPHDay, p.f.EfficiencyJPerTH, p.f.PoolFee) - s.PowerUSDPerMWh
	lease := s.ColoRentUSDPerKWMonth * 1000 * 12 / (24 * market.DaysPerYear) * p.f.ITFraction * p.lb.Lease.NOIMargin
	if lease > mining+p.lb.Premium*max(mining, 0) {
		p.months += 12 * s.DtYears
	} else {
		p.months = 0
	}
	if p.months >= p.lb.ForMonths-1e-9 && pr.Unscheduled() > 0 {
		pr.Schedule(1, s.TimeYears)
		p.months = 0
	}
}
