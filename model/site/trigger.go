package site

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Trigger is the condition of a conditional switch: a market series stays
// below (or above) a threshold for a number of consecutive months, no
// later than a deadline. In a scenario file:
//
//	{"series": "btcPrice", "below": 50000, "forMonths": 3, "latestMonths": 60}
//	{"series": "gpuRent", "above": 2.5, "forMonths": 6}
//	{"series": "months", "above": 23.5, "forMonths": 1}
//
// The series are market.AllSeries (the calendar is "months"). The form
// {"hashpriceBelowUSDPerPHDay": 35, "forMonths": 3} names no series and
// means the hashprice below 35; it is the default's.
type Trigger struct {
	// Series is the market series watched; unset (0) for the hashprice
	// form (HashpriceBelowUSDPerPHDay).
	Series market.Series `json:"series,omitempty"`
	// Below is the threshold the series must stay below, in its unit; with
	// a Series, exactly one of Below and Above is given (≠ 0).
	Below float64 `json:"below,omitempty"`
	// Above is the threshold the series must stay above, in its unit.
	Above float64 `json:"above,omitempty"`
	// HashpriceBelowUSDPerPHDay is the hashprice threshold of the form
	// without a Series, in USD per PH/s per day; > 0 there, 0 with a Series.
	HashpriceBelowUSDPerPHDay float64 `json:"hashpriceBelowUSDPerPHDay,omitempty"`
	// ForMonths is how long the condition must hold (consecutive steps
	// adding up to at least this many months); > 0.
	ForMonths float64 `json:"forMonths"`
	// LatestMonths is the last time the switch may fire, in months from the
	// start; 0 means until the horizon; ≥ 0.
	LatestMonths float64 `json:"latestMonths"`
}

// DefaultTrigger fires when the hashprice stays below 35 $/PH/day for three
// months.
func DefaultTrigger() Trigger {
	return Trigger{
		// docs/CALIBRATION.md §B: record low 34.49 $/PH/day (late Nov 2025),
		// against a median public-miner hashcost of ~44.8 (Q3 2025).
		HashpriceBelowUSDPerPHDay: 35,
		// Assumption: a quarter of sub-record hashprices before committing.
		ForMonths: 3,
	}
}

// UnmarshalJSON decodes t over its current value (so fields left out keep
// it), except that a trigger naming a "series" does not keep a current
// hashprice threshold it does not name itself: {"series": "btcPrice",
// "below": 50000} over DefaultTrigger watches the BTC price alone. Unknown
// fields are errors; JSON null leaves t unchanged.
func (t *Trigger) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Trigger
	p := plain(*t)
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	_, series := keys["series"]
	_, hashprice := keys["hashpriceBelowUSDPerPHDay"]
	if series && !hashprice {
		p.HashpriceBelowUSDPerPHDay = 0
	}
	*t = Trigger(p)
	return nil
}

// JSONFields implements strictjson.Object: a trigger's JSON members are its
// struct fields.
func (t Trigger) JSONFields() []strictjson.Field { return strictjson.StructFields(t) }

// Validate reports every invalid field with its value and allowed range.
func (t Trigger) Validate() error {
	var c valid.Checker
	if t.Series == 0 {
		c.Positive("hashpriceBelowUSDPerPHDay", t.HashpriceBelowUSDPerPHDay)
		if t.Below != 0 {
			c.Add("below", t.Below, `0 (unset) without a "series" (one of `+market.SeriesNames()+`)`)
		}
		if t.Above != 0 {
			c.Add("above", t.Above, `0 (unset) without a "series" (one of `+market.SeriesNames()+`)`)
		}
	} else {
		if !t.Series.Valid() {
			c.Add("series", int(t.Series), "one of "+market.SeriesNames())
		}
		if t.HashpriceBelowUSDPerPHDay != 0 {
			c.Add("hashpriceBelowUSDPerPHDay", t.HashpriceBelowUSDPerPHDay, `0 (unset) with a "series": give "below" instead`)
		}
		switch {
		case t.Below != 0 && t.Above != 0:
			c.Add("above", t.Above, `0 (unset) when "below" is given: one threshold`)
		case t.Below == 0 && t.Above == 0:
			c.Add("below", t.Below, `a threshold ≠ 0, or give "above"`)
		}
		c.Finite("below", t.Below)
		c.Finite("above", t.Above)
	}
	c.Positive("forMonths", t.ForMonths)
	c.NonNegative("latestMonths", t.LatestMonths)
	return c.Err()
}

// condition returns the watched series, the threshold and whether the
// series must stay below it.
func (t Trigger) condition() (market.Series, float64, bool) {
	switch {
	case t.Series == 0:
		return market.SeriesHashprice, t.HashpriceBelowUSDPerPHDay, true
	case t.Below != 0:
		return t.Series, t.Below, true
	}
	return t.Series, t.Above, false
}

// String describes the condition: "hashprice < 35 for 3 mo",
// "gpuRent > 2.5 for 6 mo".
func (t Trigger) String() string {
	series, level, below := t.condition()
	op := ">"
	if below {
		op = "<"
	}
	return fmt.Sprintf("%s %s %g for %g mo", series, op, level, t.ForMonths)
}

// Threshold is the policy of a conditional switch: it watches its
// Trigger's series after every step and, once the condition has held for
// ForMonths in a row (consecutive steps adding up to at least ForMonths,
// within 1e-9; a step whose value is not strictly beyond the threshold
// breaks the spell), starts every parcel not yet scheduled at the end of
// that step. After LatestMonths (when not 0) it no longer watches.
type Threshold struct {
	tr         Trigger
	series     market.Series // the series watched
	level      float64       // its threshold
	below      bool          // it must stay below (else above) the threshold
	heldMonths float64       // consecutive months the condition has held
	firedYears float64       // when the condition completed its spell (+Inf: not yet)
}

// NewThreshold returns the policy of trigger t (which must be valid).
func NewThreshold(t Trigger) *Threshold {
	th := &Threshold{tr: t, firedYears: math.Inf(1)}
	th.series, th.level, th.below = t.condition()
	return th
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
	v := t.series.Value(s)
	if t.below && v < t.level || !t.below && v > t.level {
		t.heldMonths += s.DtYears * monthsPerYear
	} else {
		t.heldMonths = 0
	}
	if t.heldMonths >= tr.ForMonths-1e-9 {
		t.firedYears = s.TimeYears
		p.Schedule(p.Unscheduled(), s.TimeYears)
	}
}
