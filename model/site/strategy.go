package site

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Strategy is a way to run the site: pure mining, a hybrid, a full AI
// conversion, a conditional switch, or a user's own.
//
// A Strategy is a description, not a simulation: it must be safe for
// concurrent use. Everything that changes along a path lives in the Runner
// that NewRunner returns, one per worker.
type Strategy interface {
	// Name is the strategy's label in results (unique within a scenario).
	Name() string
	// NewRunner returns a fresh Runner for the given environment, or an
	// error if the strategy cannot run in it.
	NewRunner(env Env) (Runner, error)
}

// Env is what a Runner is built for: the site, the finance terms and the
// time grid of the plan.
type Env struct {
	// Facility is the site (validated).
	Facility Facility
	// Finance holds the discount rate, horizon, step, tax and terminal value
	// terms (validated).
	Finance Finance
	// DtYears is the length of one step, in years.
	DtYears float64
	// Steps is the number of steps to the horizon; a Runner books terminal
	// values at the step whose market.State.Step equals Steps.
	Steps int
	// Curtail, when not nil, holds each step's curtailment of the
	// Facility's fleet, filled by the per-worker simulator before the
	// runners step; a runner's miners may read it (Miner.
	// UseCurtailMemo) instead of computing it. nil: they compute it each
	// time, with the same result.
	Curtail *CurtailMemo
	// Coupling, when not nil and not Off, is the site coupling every
	// built-in strategy's runner applies (Pivot); Facility is then already
	// Coupling.MeterFacility of the scenario's. The runners read it as
	// they run (it is not copied): it must not change while they exist.
	Coupling *Coupling
	// Grid holds each step's shed calls, drawn once per step by the
	// per-worker simulator before the runners step (required when
	// Coupling is on; nil: no calls).
	Grid *GridCalls
}

// HorizonYears returns the horizon of the environment, Steps·DtYears.
func (e Env) HorizonYears() float64 { return float64(e.Steps) * e.DtYears }

// Runner books one strategy's cash flows along one path at a time. A Runner
// is used by one goroutine at a time.
type Runner interface {
	// Reset starts a new path whose market starts at s. Path-level
	// randomness (build times, cost overruns, default clocks) is drawn here
	// from r. It must not allocate.
	Reset(s *market.State, r *dist.Rand)
	// Step books the step that produced s (s.Step runs from 1 to
	// Env.Steps) into cf, which the caller has zeroed; at s.Step ==
	// Env.Steps it also books the terminal value. It must not allocate.
	Step(s *market.State, r *dist.Rand, cf *CashFlow)
}

// Time units of the contracts. The year is the Market's (market.DaysPerYear =
// 365.25 days), so a miner with h PH/s earns exactly
// h·HashpriceUSDPerPHDay·market.DaysPerYear·DtYears in a step.
const (
	// yearHours is the number of hours in a year, 24·market.DaysPerYear = 8,766.
	yearHours = 24 * market.DaysPerYear
	// monthsPerYear converts months to years.
	monthsPerYear = 12.0
)

// stepSpan returns the start and end time (years) of the step that produced s.
func stepSpan(s *market.State) (t0, t1 float64) {
	return s.TimeYears - s.DtYears, s.TimeYears
}

// overlapYears returns the length of the intersection of [a, b] and [lo, hi]
// (0 if they do not meet). Infinite bounds are allowed.
func overlapYears(a, b, lo, hi float64) float64 {
	x := max(a, lo)
	y := min(b, hi)
	if y > x {
		return y - x
	}
	return 0
}
