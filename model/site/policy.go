package site

import "github.com/pivotrisk/pivotrisk/model/market"

// Policy decides when a PivotRunner's converting parcels start their
// conversion: Reset at the start of every path (scheduling fixed dates
// there draws nothing, so it leaves every stream where it was), Observe
// after every step's books, with the State that step produced. It
// schedules through the runner (PivotRunner.Schedule); a parcel once
// scheduled stays scheduled for the path.
//
// A Policy is per-path state, made by Pivot.NewPolicy for each runner and
// used by one goroutine at a time; its methods must not allocate. Built in:
// nil (never convert: pure mining), AtDates (fixed dates: a hybrid, a full
// conversion, phases) and Threshold (a Trigger held for some months: a
// conditional switch).
type Policy interface {
	// Reset starts a new path whose market starts at s; the runner's
	// parcels have been reset, nothing is scheduled.
	Reset(s *market.State, p *PivotRunner)
	// Observe looks at the state s the step just booked produced (at time
	// s.TimeYears) and may schedule conversions from then on.
	Observe(s *market.State, p *PivotRunner)
}

// AtDates is the policy of fixed construction dates: at the start of each
// path the i-th converting parcel (in order) is scheduled at StartYears[i],
// years from the start; parcels beyond the list are never scheduled.
type AtDates struct {
	// StartYears are the construction start dates, in years from the
	// start, one per converting parcel in order.
	StartYears []float64
}

// Reset implements Policy: it schedules every date.
func (a AtDates) Reset(_ *market.State, p *PivotRunner) {
	for _, t := range a.StartYears {
		p.Schedule(1, t)
	}
}

// Observe implements Policy: dates do not depend on the path.
func (a AtDates) Observe(*market.State, *PivotRunner) {}
