package main

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// RentRebound is a strategy the library does not ship, written with model's
// exported building blocks: mine on the whole site, and convert Share of it
// to AI colocation once the GPU rent has stayed above RentAboveUSDPerHour
// for ForMonths in a row — a bet that a GPU market that recovers is one
// worth building for — but only until LatestMonths, after which a build
// would have too little of the horizon left to pay back.
//
// A model.Strategy is a description and must be safe for concurrent use:
// RentRebound is a plain value, and everything that changes along a path
// lives in the runner that NewRunner returns, one per worker.
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
	// (model.DefaultConversion and model.DefaultLease in this example).
	Conversion model.Conversion
	Lease      model.Lease
}

// Name implements model.Strategy.
func (rr RentRebound) Name() string {
	return fmt.Sprintf("mine, convert %g%% if GPU rent > %g for %g mo", 100*rr.Share, rr.RentAboveUSDPerHour, rr.ForMonths)
}

// NewRunner implements model.Strategy: one converting parcel of Share of
// the site, which mines until it converts, and one parcel that only mines.
func (rr RentRebound) NewRunner(env model.Env) (model.Runner, error) {
	if !(rr.Share > 0 && rr.Share <= 1) || !(rr.ForMonths >= 0) || !(rr.LatestMonths >= 0) {
		return nil, fmt.Errorf("rent rebound: share = %g, forMonths = %g, latestMonths = %g: must be in (0, 1], ≥ 0 and ≥ 0",
			rr.Share, rr.ForMonths, rr.LatestMonths)
	}
	f := env.Facility
	convert, err := model.NewConvertingParcel(f, rr.Share*f.GridMW, model.BusinessColocation, rr.Conversion, rr.Lease, model.GPUCloud{})
	if err != nil {
		return nil, err
	}
	r := &rentReboundRunner{rr: rr, steps: env.Steps, exitMultiple: env.Finance.ExitMultipleNOI, n: 1}
	r.parcels[0] = convert
	if rr.Share < 1 {
		if r.parcels[1], err = model.NewMiningParcel(f, (1-rr.Share)*f.GridMW); err != nil {
			return nil, err
		}
		r.n = 2
	}
	return r, nil
}

// rentReboundRunner is one worker's state. Its parcels sit in a fixed-size
// array, so Reset and Step allocate nothing (the engine requires it).
type rentReboundRunner struct {
	rr           RentRebound
	steps        int
	exitMultiple float64
	parcels      [2]model.Parcel
	n            int // parcels in use

	aboveMonths float64 // consecutive months the rent has been above the threshold
	firedYears  float64 // when the conversion started (+Inf: not yet)
}

// Reset implements model.Runner: a new path.
func (r *rentReboundRunner) Reset(rng *dist.Rand) {
	for i := range r.n {
		r.parcels[i].Reset(rng)
	}
	r.aboveMonths, r.firedYears = 0, math.Inf(1)
}

// Step implements model.Runner: book the step, then look at the rent; the
// conversion starts at the end of the step that completes the spell.
func (r *rentReboundRunner) Step(s *market.State, rng *dist.Rand) model.CashFlow {
	var cf model.CashFlow
	for i := range r.n {
		cf.Add(r.parcels[i].Step(s, rng))
	}
	if s.Step == r.steps {
		for i := range r.n {
			cf.TerminalUSD += r.parcels[i].TerminalUSD(s, r.exitMultiple)
		}
	}
	if math.IsInf(r.firedYears, 1) && 12*s.TimeYears <= r.rr.LatestMonths+1e-9 {
		if s.GPURentUSDPerHour > r.rr.RentAboveUSDPerHour {
			r.aboveMonths += 12 * s.DtYears
		} else {
			r.aboveMonths = 0
		}
		if r.aboveMonths >= r.rr.ForMonths-1e-9 {
			r.firedYears = s.TimeYears
			r.parcels[0].Schedule(s.TimeYears)
		}
	}
	return cf
}
