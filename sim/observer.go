package sim

import (
	"errors"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Observer watches the paths of a Run step by step (Config.Observers): it
// sees every path's market state, cash flows and running prices, to
// gather what the Result does not hold (the fan charts' bands are one:
// Config.Bands), such as a statistic of a market series, the paths on
// which a strategy's cash falls below a level, or per-path records.
//
// Run calls NewPathObserver on its own goroutine before any path, once for
// every path it advances at a time (each worker steps a batch of up to 32
// paths together), and each PathObserver then watches one path at a time
// on one worker, never concurrently with itself. What the PathObservers gather the Observer
// combines: behind a lock, with atomic counters, or in a slot per path
// (PathInfo.Offset), which keeps floating-point results independent of
// the worker count. An Observer serves one Run at a time. Observers do
// not change a Run's results (they must not modify what they are given);
// an error from one stops the Run.
type Observer interface {
	NewPathObserver() PathObserver
}

// PathObserver watches one path at a time for an Observer, in this order:
//
//   - Begin, after the path's start (step 0): s is the start state and pr
//     has booked nothing. Returning SkipPath leaves the path unwatched (no
//     Step, no End).
//   - Step, after step k = 1..Steps: s is the state after the step, flows
//     each strategy's cash flow of the step (the terminal value included at
//     the last), and pr has booked them.
//   - End, after the last Step: pr holds the path's final figures.
//
// s, flows and pr belong to the engine and change at the next call: read
// them, never modify them, and copy what must outlive the call. Any error but SkipPath stops the
// Run with a *PathError for the path and step: a *PathError returned is
// completed with the path's index, seed, mirror flag and step; any other
// error is kept in its Err. A path abandoned because the Run stops gets no
// End. A Run allocates nothing per path of its own; a PathObserver that
// allocates in Step or End makes the paths it watches allocate.
type PathObserver interface {
	Begin(p PathInfo, s *market.State, pr *PathPricer) error
	Step(k int, s *market.State, flows []site.CashFlow, pr *PathPricer) error
	End(pr *PathPricer) error
}

// PathInfo identifies the path a PathObserver is given.
type PathInfo struct {
	// Index is the path's index, Config.FirstPath + Offset: its random
	// streams are those of (Config.Seed, Index).
	Index uint64
	// Offset is the path's place in the run, from 0: its results are at
	// Result.NPV[j][Offset] (and IRRPerYear, PaybackMonths).
	Offset int
	// Mirror reports that the path runs the antithetic mirror of path
	// Index−1's streams (Config.Antithetic, odd Index).
	Mirror bool
}

// SkipPath is returned by a PathObserver's Begin to leave the path
// unwatched: Run does not call its Step or End for that path.
var SkipPath = errors.New("sim: skip this path")
