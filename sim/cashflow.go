package sim

import (
	"fmt"
	"math"
)

// NPV returns the net present value, in the unit of flows (USD), of cash
// flows received at the ends of consecutive periods, discounted at
// ratePerPeriod (a fraction per period, e.g. 0.01 for 1 % a month):
//
//	NPV = Σ_k flows[k] / (1+r)^k, k = 0, 1, …, len(flows)−1,
//
// so flows[0] is not discounted (the convention of numpy-financial's npv and
// of the spreadsheet formula "=flow0 + NPV(r, flow1…)"; the spreadsheet NPV
// function alone would discount flows[0] by one period). An empty flows gives
// 0. NPV evaluates the polynomial in v = 1/(1+r) by Horner's rule, allocates
// nothing and takes one multiply-add per flow.
//
// ratePerPeriod must be greater than −1; NPV panics otherwise (a programmer
// error: validate the rate once, where the scenario is built). For rates close
// to −1 and long flows, v^k can overflow.
func NPV(ratePerPeriod float64, flows []float64) float64 {
	v := discountFactor("NPV", ratePerPeriod)
	var acc float64
	for k := len(flows) - 1; k >= 0; k-- {
		acc = acc*v + flows[k]
	}
	return acc
}

// AnnualizeRate converts a rate per period into the equivalent rate per year
// by compounding, (1+r)^periodsPerYear − 1 (e.g. a monthly IRR with
// periodsPerYear = 12). It is computed as expm1(m·log1p(r)), accurate for
// small rates. NaN stays NaN, so an undefined IRR stays undefined.
func AnnualizeRate(ratePerPeriod, periodsPerYear float64) float64 {
	return math.Expm1(periodsPerYear * math.Log1p(ratePerPeriod))
}

// discountFactor returns 1/(1+r), panicking unless r > −1.
func discountFactor(fn string, r float64) float64 {
	if !(r > -1) || math.IsInf(r, 1) {
		panic(fmt.Sprintf("sim: %s ratePerPeriod = %g: must be > -1 and finite", fn, r))
	}
	return 1 / (1 + r)
}

// Payback returns the first period at which the cumulative discounted cash
// flow recovers: with C_k = Σ_{j≤k} flows[j]/(1+r)^j (r = ratePerPeriod;
// r = 0 for undiscounted payback),
//
//   - if some C_k < 0, periods is the first k with C_k ≥ 0 that comes after a
//     negative C_j (j < k), and ok is true; a later relapse below zero (a
//     decommissioning cost, say) does not undo it;
//   - if no C_k is negative (nothing to recover), periods is 0 and ok is true;
//   - if the cumulative flow goes negative and never comes back to 0 or
//     above, or flows is empty, periods is 0 and ok is false: no payback.
//
// periods counts periods from flows[0] (period 0): flows of [−100, 60, 60]
// pay back at period 2. Payback allocates nothing. Like NPV it panics unless
// ratePerPeriod > −1.
func Payback(flows []float64, ratePerPeriod float64) (periods int, ok bool) {
	v := discountFactor("Payback", ratePerPeriod)
	d, c := 1.0, 0.0
	wasNegative := false
	for k, f := range flows {
		c += f * d
		d *= v
		if c < 0 {
			wasNegative = true
		} else if wasNegative {
			return k, true
		}
	}
	if wasNegative || len(flows) == 0 {
		return 0, false
	}
	return 0, true
}
