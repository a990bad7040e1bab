package site

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Pivot is the built-in strategy: the site is split into parcels, Share of
// its grid MW in Phases equal converting parcels and the rest in one parcel
// that only mines; every parcel mines until a Policy schedules its
// conversion (Conversion), after which it earns under a contract on Terms.
// Pure mining is a Pivot with Share 0; a hybrid or a full conversion
// schedules fixed dates (AtDates); a conditional switch watches a Trigger
// (Threshold). A user's own decision rule is a Policy of their own.
//
// A Pivot is a description and safe for concurrent use; NewRunner makes a
// PivotRunner (and a Policy) per worker.
type Pivot struct {
	// Label names the strategy in results.
	Label string
	// Share is the share of the site's grid MW that can convert, in [0, 1].
	Share float64
	// Phases is the number of equal converting parcels Share is split
	// into; 0 means 1; in [0, 120].
	Phases int
	// Terms are the converted parcels' contract terms (required when Share
	// > 0).
	Terms ContractTerms
	// Conversion is how a parcel is converted.
	Conversion Conversion
	// NewPolicy makes the policy of one runner; nil never converts.
	NewPolicy func() Policy
}

// Name implements Strategy: Label.
func (pv Pivot) Name() string { return pv.Label }

// NewRunner implements Strategy: the parcels on env's site, converting ones
// first, and the policy.
func (pv Pivot) NewRunner(env Env) (Runner, error) {
	pr := new(PivotRunner)
	if err := pv.initRunner(pr, env, nil); err != nil {
		return nil, err
	}
	return pr, nil
}

// initRunner makes pr the runner of pv on env, taking its parcels, their
// contracts and its coupling books from slab (nil: allocating each).
func (pv Pivot) initRunner(pr *PivotRunner, env Env, slab *runnerSlab) error {
	if err := pv.checkShape(env); err != nil {
		return err
	}
	f := env.Facility
	grid := f.GridMW
	frac := pv.Share
	n := pv.converting()
	*pr = PivotRunner{env: env, exitMultiple: env.Finance.ExitMultipleNOI, converting: n}
	pr.parcels = slab.parcelsFor(pv.parcels())
	for range n {
		p, err := newConvertingParcel(f, grid*frac/float64(n), pv.Terms, pv.Conversion, slab)
		if err != nil {
			return err
		}
		pr.parcels = append(pr.parcels, p)
	}
	if frac < 1 {
		p, err := NewMiningParcel(f, grid*(1-frac))
		if err != nil {
			return err
		}
		pr.parcels = append(pr.parcels, p)
	}
	if n > 0 && pv.NewPolicy != nil {
		pr.policy = pv.NewPolicy()
	}
	for i := range pr.parcels {
		pr.parcels[i].Miner.UseCurtailMemo(env.Curtail)
	}
	if env.Coupling.On() {
		if err := env.Coupling.Validate(); err != nil {
			return fmt.Errorf("site: strategy %q: coupling: %w", pv.Label, err)
		}
		pr.site = slab.booksFor()
		*pr.site = newSiteBooks(env.Coupling, env.Grid, f, pr.parcels, n, slab.backupFor(len(pr.parcels)))
	}
	return nil
}

// checkShape reports an environment without steps, or a share or a number
// of phases out of range, before any parcel is sized from them.
func (pv Pivot) checkShape(env Env) error {
	if !(env.DtYears > 0) || env.Steps < 1 {
		return fmt.Errorf("site: strategy %q: environment with dtYears = %g and steps = %d: must be > 0 and ≥ 1", pv.Label, env.DtYears, env.Steps)
	}
	if !(pv.Share >= 0 && pv.Share <= 1) || pv.Phases < 0 || pv.Phases > 120 {
		return fmt.Errorf("site: strategy %q: share = %g, phases = %d: must be in [0, 1] and [0, 120]", pv.Label, pv.Share, pv.Phases)
	}
	return nil
}

// converting returns the number of converting parcels of pv's runners:
// Phases (at least 1), or none when Share is 0.
func (pv Pivot) converting() int {
	if pv.Share == 0 {
		return 0
	}
	return max(pv.Phases, 1)
}

// parcels returns the number of parcels of pv's runners: its converting
// parcels, and one that only mines if Share < 1.
func (pv Pivot) parcels() int {
	if pv.Share < 1 {
		return pv.converting() + 1
	}
	return pv.converting()
}

// PivotRunner is the Runner of a Pivot: its parcels (the converting ones
// first) and its policy's state.
type PivotRunner struct {
	env          Env
	exitMultiple float64
	parcels      []Parcel
	converting   int // parcels[:converting] can convert
	policy       Policy
	now          float64    // the end of the last step booked (0 after Reset)
	site         *siteBooks // the site coupling (nil: off)
	siteStep     siteStep
}

// Parcels returns the runner's parcels (the converting ones first), for
// inspection; changing them changes the runner.
func (pr *PivotRunner) Parcels() []Parcel { return pr.parcels }

// Policy returns the runner's policy (nil: it never converts).
func (pr *PivotRunner) Policy() Policy { return pr.policy }

// Unscheduled returns the number of converting parcels whose conversion is
// not scheduled yet.
func (pr *PivotRunner) Unscheduled() int {
	n := 0
	for i := range pr.parcels[:pr.converting] {
		if !pr.parcels[i].Build.Started() {
			n++
		}
	}
	return n
}

// Schedule starts the conversion of the next n converting parcels not yet
// scheduled (in order) at atYears, years from the start of the path. A
// time before the end of the last step booked (or NaN) is taken as that
// end: construction cannot start in the past.
func (pr *PivotRunner) Schedule(n int, atYears float64) {
	if !(atYears >= pr.now) {
		atYears = pr.now
	}
	for i := range pr.parcels[:pr.converting] {
		if n <= 0 {
			return
		}
		if p := &pr.parcels[i]; !p.Build.Started() {
			p.Schedule(atYears)
			n--
		}
	}
}

// Reset implements Runner: the parcels are reset (each forking its stream
// from r), then the policy.
func (pr *PivotRunner) Reset(s *market.State, r *dist.Rand) {
	for i := range pr.parcels {
		pr.parcels[i].Reset(r)
	}
	pr.now = 0
	if s != nil {
		pr.now = s.TimeYears
	}
	if pr.policy != nil {
		pr.policy.Reset(s, pr)
	}
}

// Step implements Runner: the parcels' books, the site coupling (when
// Env.Coupling is on: take-or-pay shortfall absorbed first by idle miners,
// demand-response credits on the mining MW enrolled, shed calls met by
// mining, then by AI load on backup generation, the rest as SLA credits,
// reliability capex when AI capacity is ready, fixed overhead), the
// terminal value at the horizon, then the policy observes s (a conversion it schedules starts at
// the end of the step, s.TimeYears, at the earliest).
func (pr *PivotRunner) Step(s *market.State, r *dist.Rand, cf *CashFlow) {
	// cf = 0 + parcel 0 + parcel 1 + …, each parcel summed on its own;
	// 0 + x is x for every x that is not −0, which a parcel's field never
	// is, so parcel 0 is booked straight into cf.
	if len(pr.parcels) > 0 {
		pr.parcels[0].Step(s, r, cf)
	}
	for i := 1; i < len(pr.parcels); i++ {
		var pc CashFlow
		pr.parcels[i].Step(s, r, &pc)
		cf.Add(pc)
	}
	if pr.site != nil {
		pr.site.read(pr.parcels, s, &pr.siteStep)
		pr.site.book(s, &pr.siteStep, cf)
	}
	if s.Step == pr.env.Steps {
		for i := range pr.parcels {
			cf.TerminalUSD += pr.parcels[i].TerminalUSD(s, pr.exitMultiple)
		}
	}
	pr.now = s.TimeYears
	if pr.policy != nil {
		pr.policy.Observe(s, pr)
	}
}
