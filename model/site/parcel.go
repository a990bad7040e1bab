package site

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Parcel is a block of the site as the built-in strategies run it: it mines
// until its conversion starts (plus the lag), is built, and then earns
// under its Contract (a colocation lease, a GPU cloud, …). A Parcel
// without a Contract just mines. It is a reusable building block for a
// user's own strategy: keep Parcels in the runner, call Reset at the start
// of a path, Schedule to start a conversion, Step every step and
// TerminalUSD at the horizon. A Parcel holds its Contract by reference:
// make each Parcel with its own constructor call rather than copying one.
//
// A converting parcel draws from a stream of its own, forked at Reset from
// the runner's stream (one word per parcel), and splits it again between
// its build (build time, overrun) and its contract (tenants' default
// clocks, re-leasing delays), so the draws of one parcel, or of its build,
// never shift another's: a default on one block leaves every other
// block's draws where they were.
type Parcel struct {
	// GrossMW is the parcel's grid capacity, in MW.
	GrossMW float64

	// Miner is the parcel's mining until its conversion stops it.
	Miner Miner
	// Build is the parcel's conversion (unused if the parcel only mines).
	Build Build
	// Contract is what the converted parcel earns under; nil for a parcel
	// that only mines.
	Contract Contract

	rand    dist.Rand // the parcel's contract stream, forked at Reset
	build   dist.Rand // the build's stream, forked from rand at Reset
	scratch CashFlow  // the contract's books of the step
}

// NewMiningParcel returns a parcel of grossMW MW of the facility f that
// only mines.
func NewMiningParcel(f Facility, grossMW float64) (Parcel, error) {
	p := Parcel{GrossMW: grossMW}
	var err error
	if p.Miner, err = NewMiner(f, grossMW); err != nil {
		return Parcel{}, err
	}
	return p, nil
}

// NewConvertingParcel returns a parcel of grossMW MW of the facility f that
// mines until it converts (conv) and then earns under a contract on terms.
// Nothing is scheduled: call Schedule during the path (a Policy does).
func NewConvertingParcel(f Facility, grossMW float64, terms ContractTerms, conv Conversion) (Parcel, error) {
	return newConvertingParcel(f, grossMW, terms, conv, nil)
}

// newConvertingParcel is NewConvertingParcel with the contract taken from
// slab when it holds the terms' kind (nil: allocated on its own).
func newConvertingParcel(f Facility, grossMW float64, terms ContractTerms, conv Conversion, slab *runnerSlab) (Parcel, error) {
	if terms == nil {
		return Parcel{}, fmt.Errorf("site: converting parcel of %g MW: nil contract terms", grossMW)
	}
	p, err := NewMiningParcel(f, grossMW)
	if err != nil {
		return Parcel{}, err
	}
	it := f.ITMW(grossMW)
	if p.Build, err = NewBuild(conv, it); err != nil {
		return Parcel{}, err
	}
	if p.Contract, err = slab.newContract(terms, it, grossMW); err != nil {
		return Parcel{}, err
	}
	return p, nil
}

// Converts reports whether the parcel can convert.
func (p *Parcel) Converts() bool { return p.Contract != nil }

// Reset starts a new path: the blocks are reset and nothing is scheduled.
// A converting parcel forks its stream from r (one word of r), and a
// stream for its build from that, from which the conversion draws its
// build time and overrun; a parcel that only mines draws nothing.
func (p *Parcel) Reset(r *dist.Rand) {
	p.Miner.Reset()
	if p.Contract == nil {
		return
	}
	r.Fork(&p.rand)
	p.rand.Fork(&p.build)
	p.Build.Reset(&p.build)
	p.Contract.Reset()
}

// Schedule starts the parcel's conversion at tYears: mining stops at the
// conversion's mining stop time and the contract commences when the build
// ends. It does nothing for a parcel that cannot convert or has already
// started.
func (p *Parcel) Schedule(tYears float64) {
	if p.Contract == nil || p.Build.Started() {
		return
	}
	p.Build.Begin(tYears)
	p.Miner.StopAt(p.Build.MiningStopYears())
	p.Contract.Commence(p.Build.ReadyYears())
}

// Step adds the parcel's books of the step that produced s to cf: mining,
// conversion capex and the contract's books, summed on their own (into a
// scratch CashFlow the parcel holds) before they are added. The contract
// draws from the parcel's own stream (see Reset); r is not used.
//
// On a zero cf the sum is the parcel's books bit for bit: adding the
// conversion's capex alone equals adding its whole CashFlow, and adding
// the contract's fields that it leaves +0 changes nothing, since a field
// the blocks accumulate from +0 by += is never −0.
func (p *Parcel) Step(s *market.State, _ *dist.Rand, cf *CashFlow) {
	if !p.Miner.idle(s.TimeYears - s.DtYears) {
		p.Miner.step(cf, s)
	}
	if p.Contract == nil {
		return
	}
	cf.CapexUSD += p.Build.capexIn(s)
	p.scratch = CashFlow{}
	p.Contract.Step(s, &p.rand, &p.scratch)
	cf.Add(p.scratch)
}

// TerminalUSD returns the parcel's terminal value at the horizon h (the end
// of the step that produced s): the mining gear's salvage if it still
// mines, plus the converted capacity's value under its contract at
// exitMultiple times its NOI (Contract.TerminalUSD).
//
// Capacity not yet built at h (a build under way, or one scheduled to
// start after h) is valued as the project it still is: its exit value,
// discounted for the wait until it earns, minus the present value of the
// conversion capex still to be spent (Build.TerminalUSD), both at
// the exit yield 1/exitMultiple, and floored at 0, the value of
// abandoning it (capex already spent is sunk and not counted again).
func (p *Parcel) TerminalUSD(s *market.State, exitMultiple float64) float64 {
	v := p.Miner.TerminalUSD(s)
	if p.Contract == nil {
		return v
	}
	business := p.Contract.TerminalUSD(s, exitMultiple)
	if p.Build.Started() && p.Build.ReadyYears() > s.TimeYears {
		return v + max(business+p.Build.TerminalUSD(s, exitMultiple), 0)
	}
	return v + business
}
