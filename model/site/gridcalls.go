package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// GridCalls is one step's shed calls from the grid operator, the same for
// every strategy of a path (the site's grid is one): Events calls lasting
// Hours in all (each call cut at the step's hours, the total too).
type GridCalls struct {
	// Events is the number of calls in the step.
	Events int
	// Hours is their total duration, in hours.
	Hours float64
}

// ShedProcess draws the GridCalls of each step: a Poisson number of calls
// with mean ShedEventsPerYear·dt, each lasting a draw of ShedEventHours
// (negative draws taken as 0). It is plain per-worker state.
type ShedProcess struct {
	meanPerStep float64
	stepHours   float64
	hours       dist.Sampler
}

// NewShedProcess returns the shed process of coupling c for steps of
// dtYears years, or an error if c is invalid or dtYears is not positive and
// finite.
func NewShedProcess(c Coupling, dtYears float64) (ShedProcess, error) {
	if !(dtYears > 0) || math.IsInf(dtYears, 0) {
		return ShedProcess{}, fmt.Errorf("site: shed process with dtYears = %g: must be > 0 and finite", dtYears)
	}
	if err := c.Validate(); err != nil {
		return ShedProcess{}, err
	}
	h, err := c.ShedEventHours.Sampler()
	if err != nil {
		return ShedProcess{}, fmt.Errorf("site: shedEventHours: %w", err)
	}
	return ShedProcess{meanPerStep: c.ShedEventsPerYear * dtYears, stepHours: dtYears * yearHours, hours: h}, nil
}

// Draw draws one step's calls from r into g. It draws the count (one
// uniform while the mean is at most 12) and then one duration per call.
func (p *ShedProcess) Draw(r *dist.Rand, g *GridCalls) {
	n := r.Poisson(p.meanPerStep)
	var h float64
	for range n {
		h += min(max(p.hours.Sample(r), 0), p.stepHours)
	}
	*g = GridCalls{Events: int(n), Hours: min(h, p.stepHours)}
}
