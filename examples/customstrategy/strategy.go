package main

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// RentRebound is a strategy the library does not ship: mine on the whole
// site, and convert Share of it to AI colocation once the GPU rent has
// stayed above RentAboveUSDPerHour for ForMonths in a row — a bet that a
// GPU market that recovers is one worth building for — but only until
// LatestMonths, after which a build would have too little of the horizon
// left to pay back.
//
// It is the library's site.Pivot (parcels that mine until they convert,
// then lease) with a decision rule of its own, the rentRebound policy
// below. A strategy is a description and must be safe for concurrent use:
// RentRebound is a plain value, and the policy's state lives in the
// runner that NewRunner returns, one per worker.
type RentRebound struct {
	// Share is the share of the site's MW that converts, in (0, 1].
	Share float64
	// RentAboveUSDPerHour is the GPU rent threshold, USD per GPU-hour.
	RentAboveUSDPerHour float64
	// ForMonths is how long the rent must stay above the threshold, months.
	ForMonths float64
	// LatestMonths is the last month the conversion may start.
	LatestMonths float64
	// Conversion and Lease are the build and the colocation lease terms
	// (site.DefaultConversion and site.DefaultLease in this example).
	Conversion site.Conversion
	Lease      site.Lease
}

// Name implements site.Strategy.
func (rr RentRebound) Name() string {
	return fmt.Sprintf("mine, convert %g%% if GPU rent > %g for %g mo", 100*rr.Share, rr.RentAboveUSDPerHour, rr.ForMonths)
}

// NewRunner implements site.Strategy: a site.Pivot of Share of the site
// under the lease, converting when the rentRebound policy says.
func (rr RentRebound) NewRunner(env site.Env) (site.Runner, error) {
	pv := site.Pivot{Label: rr.Name(), Share: rr.Share, Terms: rr.Lease, Conversion: rr.Conversion,
		NewPolicy: func() site.Policy { return &rentRebound{rr: rr} }}
	return pv.NewRunner(env)
}

// rentRebound is the decision rule: it counts the months in a row the GPU
// rent has been above the threshold and, once they reach ForMonths (no
// later than LatestMonths), starts the conversion at the end of that step.
type rentRebound struct {
	rr          RentRebound
	aboveMonths float64 // consecutive months the rent has been above the threshold
	firedYears  float64 // when the conversion started (+Inf: not yet)
}

func (p *rentRebound) Reset(*market.State, *site.PivotRunner) {
	p.aboveMonths, p.firedYears = 0, math.Inf(1)
}

func (p *rentRebound) Observe(s *market.State, pr *site.PivotRunner) {
	if !math.IsInf(p.firedYears, 1) || 12*s.TimeYears > p.rr.LatestMonths+1e-9 {
		return
	}
	if s.GPURentUSDPerHour > p.rr.RentAboveUSDPerHour {
		p.aboveMonths += 12 * s.DtYears
	} else {
		p.aboveMonths = 0
	}
	if p.aboveMonths >= p.rr.ForMonths-1e-9 {
		p.firedYears = s.TimeYears
		pr.Schedule(pr.Unscheduled(), s.TimeYears)
	}
}
