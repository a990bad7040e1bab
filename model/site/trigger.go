package site

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Trigger is the condition of a conditional switch: the hashprice stays
// below a threshold for a number of consecutive months.
type Trigger struct {
	// HashpriceBelowUSDPerPHDay is the threshold, in USD per PH/s per day; > 0.
	HashpriceBelowUSDPerPHDay float64 `json:"hashpriceBelowUSDPerPHDay"`
	// ForMonths is how long the hashprice must stay below the threshold
	// (consecutive steps adding up to at least this many months); > 0.
	ForMonths float64 `json:"forMonths"`
	// LatestMonths is the last time the switch may fire, in months from the
	// start; 0 means until the horizon; ≥ 0.
	LatestMonths float64 `json:"latestMonths"`
}

// DefaultTrigger fires when the hashprice stays below 35 $/PH/day for three
// months.
func DefaultTrigger() Trigger {
	return Trigger{
		// CALIBRATION.md §B: record low 34.49 $/PH/day (late Nov 2025),
		// against a median public-miner hashcost of ~44.8 (Q3 2025).
		HashpriceBelowUSDPerPHDay: 35,
		// Assumption: a quarter of sub-record hashprices before committing.
		ForMonths: 3,
	}
}

// Validate reports every invalid field with its value and allowed range.
func (t Trigger) Validate() error {
	var c valid.Checker
	c.Positive("hashpriceBelowUSDPerPHDay", t.HashpriceBelowUSDPerPHDay)
	c.Positive("forMonths", t.ForMonths)
	c.NonNegative("latestMonths", t.LatestMonths)
	return c.Err()
}

// Threshold is the policy of a conditional switch: it watches its Trigger
// after every step and, once the condition has held for ForMonths in a row
// (consecutive steps adding up to at least ForMonths, within 1e-9), starts
// every parcel not yet scheduled at the end of that step. After
// LatestMonths (when not 0) it no longer watches.
type Threshold struct {
	tr         Trigger
	heldMonths float64 // consecutive months the condition has held
	firedYears float64 // when the condition completed its spell (+Inf: not yet)
}

// NewThreshold returns the policy of trigger t (which must be valid).
func NewThreshold(t Trigger) *Threshold {
	return &Threshold{tr: t, firedYears: math.Inf(1)}
}

// FiredYears returns when the trigger fired on this path (+Inf if it has
// not).
func (t *Threshold) FiredYears() float64 { return t.firedYears }

// Reset implements Policy.
func (t *Threshold) Reset(*market.State, *PivotRunner) {
	t.heldMonths = 0
	t.firedYears = math.Inf(1)
}

// Observe implements Policy: it updates the spell with the step that
// produced s and, when the spell is complete, schedules the remaining
// parcels at s.TimeYears.
func (t *Threshold) Observe(s *market.State, p *PivotRunner) {
	if !math.IsInf(t.firedYears, 1) {
		return
	}
	tr := &t.tr
	months := s.TimeYears * monthsPerYear
	if tr.LatestMonths > 0 && months > tr.LatestMonths+1e-9 {
		return
	}
	if s.HashpriceUSDPerPHDay < tr.HashpriceBelowUSDPerPHDay {
		t.heldMonths += s.DtYears * monthsPerYear
	} else {
		t.heldMonths = 0
	}
	if t.heldMonths >= tr.ForMonths-1e-9 {
		t.firedYears = s.TimeYears
		p.Schedule(p.Unscheduled(), s.TimeYears)
	}
}
