package sim

import "math"

// irrPeriodYears is the shortest period a path's IRR is taken over, in
// years: a month. Steps shorter than that are summed into periods of about
// a month (see Result.IRRPerYear).
const irrPeriodYears = 1.0 / 12

// irrPeriodSteps returns m, the number of steps summed into one period of a
// path's IRR: 1 for steps of a month or longer, ⌈(1/12)/dt⌉ for shorter
// ones (31 for daily steps, 365 a year). The slack absorbs the rounding of
// dt, so that a step of exactly a month gives 1.
func irrPeriodSteps(dt float64) int {
	return max(1, int(math.Ceil(irrPeriodYears/dt-1e-9)))
}

// irrFlows gathers one strategy's free cash flows along a path, summed by
// periods of m steps (irrPeriodSteps), and decides whether the path's IRR
// is defined: the first period with positive capex or positive free cash
// must have positive capex (investsFirst). Its buffer is allocated once per
// worker; a path allocates nothing.
type irrFlows struct {
	flows []float64 // flows[b]: free cash of period b = 1, 2, …; flows[0] = 0
	inv   int8      // +1 once a period invests first, −1 once one earns first, 0 while neither
	f, c  float64   // free cash and capex of the period under way (m > 1)
}

// newIRRFlows returns an irrFlows for paths of steps steps.
func newIRRFlows(steps int) irrFlows { return irrFlows{flows: make([]float64, steps+1)} }

// reset starts a path.
func (x *irrFlows) reset() {
	x.flows[0], x.inv, x.f, x.c = 0, 0, 0, 0
}

// add books step k (1..steps) with its capex and free cash f, for periods
// of m steps: period b holds steps (b−1)·m+1 … b·m (the last one fewer
// when m does not divide steps).
func (x *irrFlows) add(k, m, steps int, capex, f float64) {
	if m == 1 {
		x.flows[k] = f
		if x.inv == 0 {
			x.inv = investsFirst(capex, f)
		}
		return
	}
	x.f += f
	x.c += capex
	if k%m != 0 && k != steps {
		return
	}
	x.flows[(k+m-1)/m] = x.f
	if x.inv == 0 {
		x.inv = investsFirst(x.c, x.f)
	}
	x.f, x.c = 0, 0
}

// irr returns the path's annualized IRR, NaN when undefined, for periods
// periods (⌈steps/m⌉) of perYear a year.
func (x *irrFlows) irr(periods int, perYear float64) float64 {
	if x.inv <= 0 {
		return math.NaN()
	}
	return annualIRR(IRR(x.flows[:periods+1]), perYear)
}

// investsFirst classifies a period of a strategy's flows for its IRR, until
// a period decides: +1 if it invests (capex > 0), whatever it earns in the
// period; −1 if it earns (free cash f > 0) without investing; 0 otherwise.
// A path's IRR is that of its free cash flows when the first deciding
// period is +1, and undefined (NaN) otherwise: a strategy that earns before
// it puts capital in (pure mining of a site already built) has no
// investment to earn a return on, and a root of its NPV (there often is
// one, when the income later turns to losses) is the rate at which it
// borrows, where lower is better; averaged with the returns of
// investments such rates would mislead. For the return on an investment
// made later (mine, then convert) take IRR of the difference of two
// strategies' flows.
func investsFirst(capex, f float64) int8 {
	switch {
	case capex > 0:
		return 1
	case f > 0:
		return -1
	}
	return 0
}

// annualIRR annualizes a per-step IRR (NaN stays NaN), keeping the result
// inside what Summarize accepts: above −1 and finite.
func annualIRR(perStep, perYear float64) float64 {
	if math.IsNaN(perStep) {
		return perStep
	}
	a := AnnualizeRate(perStep, perYear)
	switch {
	case a <= -1:
		return math.Nextafter(-1, 0)
	case a > math.MaxFloat64:
		return math.MaxFloat64
	}
	return a
}
