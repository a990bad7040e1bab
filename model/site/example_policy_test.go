package site_test

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// rentChaser is a user's own decision rule: convert as soon as the
// market's colocation rent exceeds a threshold, a trigger the built-in
// policies do not offer in this form. It has no per-path state.
type rentChaser struct{ above float64 } // USD per kW-month

func (rc rentChaser) Reset(*market.State, *site.PivotRunner) {}

func (rc rentChaser) Observe(s *market.State, p *site.PivotRunner) {
	if s.ColoRentUSDPerKWMonth > rc.above {
		p.Schedule(p.Unscheduled(), s.TimeYears) // does nothing once all are scheduled
	}
}

// A user's own policy in a site.Pivot joins a scenario through
// Scenario.Custom and is run, taxed and compared like the built-in
// strategies. Here its runner is driven by hand-built market states so the
// books can be checked by hand. The whole site mines at first: 100 MW of
// 18 J/TH gear is 5,555.6 PH/s, earning 40 $/PH/day × 30.4375 days × 0.99
// (pool fee) × 0.9968 (the share of hours spot power stays below its
// 91.7 $/MWh) = 6.67 M$ a month. 20 MW convert once the colocation rent
// tops 150 $/kW-month (end of month 2): mining falls to 80 %, the
// one-month build costs 15 MW IT × 9 M$ = 135 M$ less 2.22 M$ for the
// 20 MW of gear sold, and from month 4 the lease pays 15,000 kW ×
// 160 $/kW-month = 2.4 M$ a month.
func ExamplePolicy() {
	conv := site.DefaultConversion()
	conv.BuildMonths, conv.CapexOverrun = dist.Fixed(1), dist.Fixed(1)
	lease := site.DefaultLease()
	lease.RentUSDPerKWMonth = 0 // market rent when rent starts
	mine := site.Pivot{Label: "rent chaser", Share: 0.2, Terms: lease, Conversion: conv,
		NewPolicy: func() site.Policy { return rentChaser{above: 150} }}

	sc := model.DefaultScenario()
	sc.Coupling = site.NoCoupling() // the parcels alone, as computed above
	sc.Custom = append(sc.Custom, mine)
	plan, err := model.NewPlan(&sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.StrategyNames())

	rn, err := mine.NewRunner(plan.Env())
	if err != nil {
		fmt.Println(err)
		return
	}
	rng := dist.New(1, 0)
	start := plan.Market().Start()
	rn.Reset(&start, rng)
	for k, rent := range []float64{140, 160, 160, 160} {
		s := market.State{Step: k + 1, TimeYears: float64(k+1) / 12, DtYears: 1.0 / 12,
			HashpriceUSDPerPHDay: 40, PowerUSDPerMWh: 37.5, ColoRentUSDPerKWMonth: rent}
		var cf site.CashFlow
		rn.Step(&s, rng, &cf)
		fmt.Printf("month %d: mining %5.2f, capex %7.2f, lease %4.2f M$\n", s.Step,
			cf.MiningUSD/1e6, math.Round(cf.CapexUSD/1e4)/1e2, cf.LeaseUSD/1e6)
	}
	// Output:
	// [pure mining hybrid 50% colocation full AI colocation rent chaser]
	// month 1: mining  6.67, capex    0.00, lease 0.00 M$
	// month 2: mining  6.67, capex    0.00, lease 0.00 M$
	// month 3: mining  5.34, capex  132.78, lease 0.00 M$
	// month 4: mining  5.34, capex    0.00, lease 2.40 M$
}
