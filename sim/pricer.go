package sim

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// PathPricer prices one path's cash flows, step by step, for every
// strategy of a plan, exactly as Run prices them. Step k = 1..Steps is at
// time k·dt years; its free cash flow f_k (site.CashFlow.FreeCashUSD, the
// terminal value included at the last step) is discounted at the
// scenario's DiscountRatePerYear r:
//
//	NPV_k = Σ_{i≤k} f_i·(1+r)^(−i·dt)
//
// which over a whole path is NPV(ρ, [0, f_1, …, f_Steps]) with the rate
// per step ρ = (1+r)^dt − 1. The pricer also keeps each strategy's
// undiscounted cumulative cash Σ_{i≤k} f_i, its discounted payback and
// the flows of its IRR (see PaybackMonths and IRRPerYear).
//
// Use: NewPathPricer once per goroutine, then for each path Reset and
// Book every step in order. A PathPricer is not safe for concurrent use;
// Reset and Book allocate nothing.
type PathPricer struct {
	plan    *model.Plan // its names and discount factors, shared by every pricer of the plan
	steps   int
	perYear float64 // steps per year, 1/dt
	months  float64 // months per step, 12·dt
	// irrSteps is the number of steps in a period of the IRR
	// (irrPeriodSteps) and irrPeriods the number of periods,
	// ⌈steps/irrSteps⌉.
	irrSteps, irrPeriods int

	step int        // the last step booked, 0 after Reset
	acc  []float64  // discounted cumulative cash per strategy (the NPV so far)
	cum  []float64  // undiscounted cumulative cash per strategy
	neg  []bool     // the discounted cumulative cash has been negative
	pb   []int      // payback step, −1 while none
	irr  []irrFlows // per strategy: the flows of its IRR, by period
}

// NewPathPricer returns a pricer for the paths of plan: its steps, step
// length, discount rate and strategies (in plan.StrategyNames order).
func NewPathPricer(plan *model.Plan) *PathPricer {
	steps, dt := plan.Steps(), plan.DtYears()
	n := plan.NumStrategies()
	p := &PathPricer{
		plan:     plan,
		steps:    steps,
		perYear:  1 / dt,
		months:   12 * dt,
		irrSteps: irrPeriodSteps(dt),
		acc:      make([]float64, n),
		cum:      make([]float64, n),
		neg:      make([]bool, n),
		pb:       make([]int, n),
		irr:      make([]irrFlows, n),
	}
	p.irrPeriods = (steps + p.irrSteps - 1) / p.irrSteps
	for j := range p.irr {
		p.irr[j] = newIRRFlows(steps)
	}
	p.Reset()
	return p
}

// Reset starts a new path: nothing booked, every figure 0.
func (p *PathPricer) Reset() {
	p.step = 0
	for j := range p.acc {
		p.acc[j], p.cum[j], p.neg[j], p.pb[j] = 0, 0, false, -1
		p.irr[j].reset()
	}
}

// Book prices step k of the path (k = 1..Steps, each once and in order
// after Reset) given every strategy's cash flow of the step, in the plan's
// strategy order (what model.Simulator.Step returns). It returns a
// *PathError when a strategy's free cash flow or NPV is not a finite
// number, naming the strategy, the step and the quantity ("free cash flow"
// or "NPV"); its Path, Seed, Mirror and Cause are left for the caller (Run
// fills them). The path's figures are then meaningless. A k out of order
// or a flows of the wrong length is an error too.
func (p *PathPricer) Book(k int, flows []site.CashFlow) error {
	if k != p.step+1 || k > p.steps || len(flows) != len(p.acc) {
		return p.misuse(k, len(flows))
	}
	p.step = k
	d := p.plan.DiscountFactor(k)
	acc, cum, neg, pb, irr := p.acc[:len(flows)], p.cum[:len(flows)], p.neg[:len(flows)], p.pb[:len(flows)], p.irr[:len(flows)]
	for j := range flows {
		f := flows[j].FreeCashUSD()
		a := acc[j] + f*d
		if (a-a)+(f-f) != 0 { // a or f is ±Inf or NaN
			return p.notFinite(k, j, f, a)
		}
		acc[j] = a
		cum[j] += f
		irr[j].add(k, p.irrSteps, p.steps, flows[j].CapexUSD, f)
		if a < 0 {
			neg[j] = true
		} else if neg[j] && pb[j] < 0 {
			pb[j] = k
		}
	}
	return nil
}

// notFinite returns the PathError of strategy j at step k, where the free
// cash f or the NPV a is not finite.
func (p *PathPricer) notFinite(k, j int, f, a float64) error {
	name := p.plan.StrategyNames()[j]
	if !finite(f) {
		return &PathError{Strategy: name, Step: k, Quantity: "free cash flow", Value: f}
	}
	return &PathError{Strategy: name, Step: k, Quantity: "NPV", Value: a}
}

// misuse returns the error of a Book call out of order or with n flows.
func (p *PathPricer) misuse(k, n int) error {
	if n != len(p.acc) {
		return fmt.Errorf("sim: PathPricer.Book: %d cash flows, want %d (one per strategy of the plan)", n, len(p.acc))
	}
	if p.step == p.steps {
		return fmt.Errorf("sim: PathPricer.Book: step %d after the last step %d (Reset starts a new path)", k, p.steps)
	}
	return fmt.Errorf("sim: PathPricer.Book: step %d, want %d (steps are booked in order from 1 after Reset)", k, p.step+1)
}

// Steps returns the number of steps of a path.
func (p *PathPricer) Steps() int { return p.steps }

// Step returns the last step booked: 0 after Reset, Steps once the path is
// complete.
func (p *PathPricer) Step() int { return p.step }

// NumStrategies returns the number of strategies priced.
func (p *PathPricer) NumStrategies() int { return len(p.acc) }

// NPVUSD returns strategy j's discounted cumulative free cash up to the
// last step booked, USD: over a complete path, its NPV.
func (p *PathPricer) NPVUSD(j int) float64 { return p.acc[j] }

// CumulativeCashUSD returns strategy j's undiscounted cumulative free cash
// up to the last step booked, USD (the fan charts' cash series).
func (p *PathPricer) CumulativeCashUSD(j int) float64 { return p.cum[j] }

// PaybackMonths returns strategy j's discounted payback as of the last
// step booked, in months: the first step k at which the discounted
// cumulative cash turns non-negative after having been negative, as
// k·dt·12 (a later relapse does not undo it; see Payback); 0 if it has
// never been negative; NaN if it has not recovered.
func (p *PathPricer) PaybackMonths(j int) float64 {
	switch {
	case !p.neg[j]:
		return 0
	case p.pb[j] < 0:
		return math.NaN()
	}
	return float64(p.pb[j]) * p.months
}

// paybackStep returns strategy j's payback step: 0 if the discounted
// cumulative cash was never negative, −1 if it never recovered.
func (p *PathPricer) paybackStep(j int) int {
	if !p.neg[j] {
		return 0
	}
	return p.pb[j]
}

// IRRPerYear returns strategy j's IRR on the complete path, annualized
// (0.12 is 12 % a year), NaN when undefined or before the last step is
// booked. It is the IRR of the strategy's free cash flows summed by
// periods of about a month (one step when steps are a month or longer,
// ⌈(1/12)/dt⌉ steps otherwise, the last period holding the rest), with a
// flow of 0 at time 0, annualized by AnnualizeRate. It is defined when
// the strategy invests no later than it earns: the first period with
// positive CapexUSD or positive free cash has positive CapexUSD (see
// Result.IRRPerYear). An annual rate that rounds to −100 % is kept just
// above it (−1+2⁻⁵³), one that overflows at the largest float64, so that
// Summarize accepts them. It solves for the root each time it is called.
func (p *PathPricer) IRRPerYear(j int) float64 {
	if p.step != p.steps {
		return math.NaN()
	}
	return p.irr[j].irr(p.irrPeriods, p.perYear/float64(p.irrSteps))
}
