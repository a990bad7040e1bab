package model_test

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// The default scenario compares pure mining, a 50 % hybrid and a full AI
// conversion (colocation) of a 100 MW site. A Path runs one market path at
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

	path, err := plan.NewPath() // one per worker
	if err != nil {
		fmt.Println(err)
		return
	}
	path.Reset(2026, 0, false) // seed, path number, antithetic mirror
	for k := 0; k < 3; k++ {
		s, flows := path.Step()
		fmt.Printf("month %d capex (M$):", s.Step)
		for _, cf := range flows {
			fmt.Printf(" %8.3f", cf.CapexUSD/1e6)
		}
		fmt.Println()
	}
	// Output:
	// [pure mining hybrid 50% colocation full AI colocation]
	// 120 steps of 0.0833 years, discount rate 11%
	// month 1 capex (M$):    0.000   21.287   42.574
	// month 2 capex (M$):    0.000   26.843   53.685
	// month 3 capex (M$):    0.000   26.843   53.685
}

// rentChaser is a user's own strategy: it mines on the whole site and
// converts a share of it to colocation as soon as the market's colocation
// rent exceeds a threshold, a trigger the built-in strategies do not offer.
// It is built from the package's exported parcels.
type rentChaser struct {
	share        float64 // share of the site's MW that converts
	rentAbove    float64 // USD per kW-month
	conv         model.Conversion
	lease        model.Lease
	exitMultiple float64
}

func (rc rentChaser) Name() string { return "rent chaser" }

func (rc rentChaser) NewRunner(env model.Env) (model.Runner, error) {
	f := env.Facility
	convert, err := model.NewConvertingParcel(f, rc.share*f.GridMW, model.BusinessColocation, rc.conv, rc.lease, model.GPUCloud{})
	if err != nil {
		return nil, err
	}
	keep, err := model.NewMiningParcel(f, (1-rc.share)*f.GridMW)
	if err != nil {
		return nil, err
	}
	return &rentChaserRunner{rc: rc, steps: env.Steps, parcels: [2]model.Parcel{convert, keep}}, nil
}

// rentChaserRunner keeps its per-path state in fixed-size fields, so Reset
// and Step allocate nothing.
type rentChaserRunner struct {
	rc      rentChaser
	steps   int
	parcels [2]model.Parcel
}

func (r *rentChaserRunner) Reset(rng *dist.Rand) {
	for i := range r.parcels {
		r.parcels[i].Reset(rng)
	}
}

func (r *rentChaserRunner) Step(s *market.State, rng *dist.Rand) model.CashFlow {
	var cf model.CashFlow
	for i := range r.parcels {
		cf.Add(r.parcels[i].Step(s, rng))
	}
	if s.ColoRentUSDPerKWMonth > r.rc.rentAbove {
		r.parcels[0].Schedule(s.TimeYears) // does nothing once started
	}
	if s.Step == r.steps {
		for i := range r.parcels {
			cf.TerminalUSD += r.parcels[i].TerminalUSD(s, r.rc.exitMultiple)
		}
	}
	return cf
}

// A custom Strategy joins a scenario through Scenario.Custom and is run,
// taxed and compared like the built-in ones. Here its runner is driven by
// hand-built market states so the books can be checked by hand. The whole
// site mines at first: 100 MW of 18 J/TH gear is 5,555.6 PH/s, earning
// 40 $/PH/day × 30.4375 days × 0.99 (pool fee) × 0.9968 (the share of
// hours spot power stays below its 91.7 $/MWh) = 6.67 M$ a month. 20 MW
// convert once the colocation rent tops 150 $/kW-month (end of month 2):
// mining falls to 80 %, the one-month build costs 15 MW IT × 9 M$ = 135 M$
// less 2.22 M$ for the 20 MW of gear sold, and from month 4 the lease pays
// 15,000 kW × 160 $/kW-month = 2.4 M$ a month.
func ExampleStrategy() {
	conv := model.DefaultConversion()
	conv.BuildMonths, conv.CapexOverrun = dist.Fixed(1), dist.Fixed(1)
	lease := model.DefaultLease()
	lease.RentUSDPerKWMonth = 0 // market rent when rent starts
	mine := rentChaser{share: 0.2, rentAbove: 150, conv: conv, lease: lease, exitMultiple: 5}

	sc := model.DefaultScenario()
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
	rn.Reset(rng)
	for k, rent := range []float64{140, 160, 160, 160} {
		s := market.State{Step: k + 1, TimeYears: float64(k+1) / 12, DtYears: 1.0 / 12,
			HashpriceUSDPerPHDay: 40, PowerUSDPerMWh: 37.5, ColoRentUSDPerKWMonth: rent}
		cf := rn.Step(&s, rng)
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
