package site_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// ExampleCoupling books the first month of a full conversion of the
// default 100 MW site under the default site coupling and with it off. The
// site draws nothing while it is built, so it pays its take-or-pay minimum,
// 80 % of 100 MW × 730.5 h at 37.5 USD/MWh = 2.19 M USD; with the
// coupling off it pays nothing.
func ExampleCoupling() {
	for _, c := range []site.Coupling{site.DefaultCoupling(), site.NoCoupling()} {
		pv := site.Pivot{Label: "full AI", Share: 1, Terms: site.DefaultLease(), Conversion: site.DefaultConversion(),
			NewPolicy: func() site.Policy { return site.AtDates{StartYears: []float64{0}} }}
		env := site.Env{Facility: c.MeterFacility(site.DefaultFacility()), Finance: site.DefaultFinance(),
			DtYears: 1.0 / 12, Steps: 120, Coupling: &c, Grid: &site.GridCalls{}}
		rn, err := pv.NewRunner(env)
		if err != nil {
			fmt.Println(err)
			return
		}
		start := market.State{}
		rn.Reset(&start, dist.New(1, 0))
		s := market.State{Step: 1, TimeYears: 1.0 / 12, DtYears: 1.0 / 12, HashpriceUSDPerPHDay: 40, PowerUSDPerMWh: 37.5}
		var cf site.CashFlow
		rn.Step(&s, nil, &cf)
		fmt.Printf("coupling on: %-5v minimum bill %.4f M USD\n", c.On(), cf.MinimumBillUSD/1e6)
	}
	// Output:
	// coupling on: true  minimum bill 2.1915 M USD
	// coupling on: false minimum bill 0.0000 M USD
}
