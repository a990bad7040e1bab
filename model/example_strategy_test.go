package model_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/model"
)

// The default scenario compares pure mining, a 50 % hybrid and a full AI
// conversion (colocation) of a 100 MW site. A Simulator runs one market path at
// a time and books every strategy on it. The capex printed here depends only
// on the strategies' own draws (build time and overrun), which every
// strategy shares: the hybrid spends exactly half of what full AI spends.
// Month 1 also books the sale of the retired mining gear as negative capex:
// 50 MW of 18 J/TH gear is 2.78 M TH/s at 2 $/TH, 5.556 M$ (the hybrid), and
// twice that for full AI.
func ExampleNewPlan() {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.StrategyNames())
	fmt.Printf("%d steps of %.4f years, discount rate %.0f%%\n", plan.Steps(), plan.DtYears(), 100*plan.DiscountRatePerYear())

	sim, err := plan.NewSimulator() // one per worker
	if err != nil {
		fmt.Println(err)
		return
	}
	sim.Reset(2026, 0, false) // seed, path number, antithetic mirror
	for k := 0; k < 3; k++ {
		s, flows := sim.Step()
		fmt.Printf("month %d capex (M$):", s.Step)
		for _, cf := range flows {
			fmt.Printf(" %8.3f", cf.CapexUSD/1e6)
		}
		fmt.Println()
	}
	// Output:
	// [pure mining hybrid 50% colocation full AI colocation]
	// 120 steps of 0.0833 years, discount rate 11%
	// month 1 capex (M$):    0.000   21.552   43.103
	// month 2 capex (M$):    0.000   26.843   53.685
	// month 3 capex (M$):    0.000   26.843   53.685
}
