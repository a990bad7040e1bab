package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Finance holds the terms on which cash flows are valued: the discount rate,
// the horizon and time step, income tax and the terminal value.
type Finance struct {
	// DiscountRatePerYear is the annual discount rate (effective, compounded
	// yearly) the engine applies to free cash flows; in [0, 1].
	DiscountRatePerYear float64 `json:"discountRatePerYear"`
	// HorizonYears is the horizon of the valuation, in years; in (0, 100].
	HorizonYears float64 `json:"horizonYears"`
	// StepMonths is the length of one simulation step, in months; in
	// (0, 12] and such that the horizon is a whole number of steps
	// (12·HorizonYears / StepMonths within 1e-9 of an integer) of at most
	// one year each (HorizonYears/Steps ≤ 1).
	StepMonths float64 `json:"stepMonths"`
	// TaxRate is the income tax rate; in [0, 1). See TaxBook.
	TaxRate float64 `json:"taxRate"`
	// ExitMultipleNOI is the terminal value of leased AI capacity at the
	// horizon, as a multiple of its annual net operating income in force
	// then; in [0, 50].
	ExitMultipleNOI float64 `json:"exitMultipleNOI"`
}

// DefaultFinance returns an 11 % discount rate, a 10-year horizon, monthly
// steps, no tax and an exit multiple of 5× NOI.
func DefaultFinance() Finance {
	return Finance{
		// docs/CALIBRATION.md §G miner HPC financing: secured notes 7.125–8 %,
		// high-yield 7–10 %; a miner funding a pivot with about half debt at
		// ≈8 % and half equity at ≈14 % has a cost of capital near 11 %.
		DiscountRatePerYear: 0.11,
		// The base terms of the §F colocation deals are 10–15 years.
		HorizonYears: 10,
		// Monthly steps, as the design asks: fine enough for curtailment
		// and retargets, 120 steps over ten years.
		StepMonths: 1,
		// Off by default: results are pre-tax unless a rate is given.
		TaxRate: 0,
		// docs/CALIBRATION.md §F: rent ≈ 154 $/kW-month (TeraWulf) at an 85 %
		// NOI margin is ≈ 1.57 M$ NOI per MW IT-year; 5× that is ≈ 7.9 M$
		// per MW, §F "Market value of AI capacity" (≈ 8 M USD per MW).
		ExitMultipleNOI: 5,
	}
}

// Validate reports every invalid field with its value and allowed range.
func (f Finance) Validate() error {
	var c valid.Checker
	c.Range("discountRatePerYear", f.DiscountRatePerYear, 0, 1)
	if !(f.HorizonYears > 0 && f.HorizonYears <= 100) {
		c.Add("horizonYears", f.HorizonYears, "in (0, 100]")
	}
	if c.Positive("stepMonths", f.StepMonths) && f.HorizonYears > 0 && f.HorizonYears <= 100 {
		months := f.HorizonYears * monthsPerYear
		n := months / f.StepMonths
		switch {
		case f.StepMonths > months:
			c.Add("stepMonths", f.StepMonths, fmt.Sprintf("≤ the horizon of %g months", months))
		case math.Abs(n-math.Round(n)) > 1e-9*math.Max(1, n):
			c.Add("stepMonths", f.StepMonths, fmt.Sprintf("a divisor of the horizon of %g months (it gives %.4g steps)", months, n))
		case n > 1e6:
			c.Add("stepMonths", f.StepMonths, "large enough for at most 1e6 steps")
		case f.HorizonYears/math.Round(n) > 1:
			c.Add("stepMonths", f.StepMonths, fmt.Sprintf("≤ 12 (the market moves at most a year per step; it gives steps of %g years)", f.HorizonYears/math.Round(n)))
		}
	}
	if !(f.TaxRate >= 0 && f.TaxRate < 1) {
		c.Add("taxRate", f.TaxRate, "in [0, 1)")
	}
	c.Range("exitMultipleNOI", f.ExitMultipleNOI, 0, 50)
	return c.Err()
}

// Steps returns the number of steps to the horizon, 12·HorizonYears/StepMonths
// rounded to the nearest integer (Validate requires it to be within 1e-9 of
// one).
func (f Finance) Steps() int {
	return int(math.Round(f.HorizonYears * monthsPerYear / f.StepMonths))
}

// DtYears returns the step length in years, HorizonYears/Steps (so Steps
// steps end exactly at the horizon).
func (f Finance) DtYears() float64 { return f.HorizonYears / float64(f.Steps()) }
