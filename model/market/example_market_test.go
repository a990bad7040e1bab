package market_test

import (
	"fmt"
	"log"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// A market path of monthly steps from January 2026 under the default
// parameters: one seeded stream, one State value stepped in place.
func ExampleNewMarket() {
	m, err := market.NewMarket(market.DefaultMarketParams(), 1.0/12)
	if err != nil {
		log.Fatal(err)
	}
	r := dist.New(2026, 0) // run seed 2026, path 0
	s := m.Start()
	show := func(s market.State) {
		fmt.Printf("month %2d: BTC %6.0f USD, %4.0f EH/s, height %d, hashprice %4.1f USD/PH/day, H100 %.2f USD/h (%s), colo %3.0f USD/kW-mo, rated-neocloud hazard %.1f%%/yr\n",
			s.Step, s.BTCPriceUSD, s.HashrateEHs, s.Height, s.HashpriceUSDPerPHDay,
			s.GPURentUSDPerHour, s.GPURegime, s.ColoRentUSDPerKWMonth, 100*s.TenantHazardPerYear[market.RatedNeocloud])
	}
	show(s)
	for range 3 {
		m.Step(&s, r)
		show(s)
	}
	for range 9 {
		m.Step(&s, r)
	}
	show(s)
	fmt.Printf("blocks in month %d: %.0f, reward %.0f BTC\n", s.Step, s.BlocksMined, s.RewardBTC)
	// Output:
	// month  0: BTC  87000 USD, 1050 EH/s, height 930355, hashprice 36.9 USD/PH/day, H100 2.35 USD/h (tight), colo 150 USD/kW-mo, rated-neocloud hazard 5.0%/yr
	// month  1: BTC  80109 USD, 1073 EH/s, height 934735, hashprice 34.2 USD/PH/day, H100 2.46 USD/h (tight), colo 155 USD/kW-mo, rated-neocloud hazard 5.0%/yr
	// month  2: BTC  79947 USD, 1108 EH/s, height 939182, hashprice 33.8 USD/PH/day, H100 2.24 USD/h (tight), colo 149 USD/kW-mo, rated-neocloud hazard 5.2%/yr
	// month  3: BTC  75159 USD, 1182 EH/s, height 943692, hashprice 30.0 USD/PH/day, H100 2.19 USD/h (tight), colo 148 USD/kW-mo, rated-neocloud hazard 5.2%/yr
	// month 12: BTC  75999 USD, 1000 EH/s, height 982784, hashprice 34.8 USD/PH/day, H100 1.76 USD/h (tight), colo 143 USD/kW-mo, rated-neocloud hazard 6.0%/yr
	// blocks in month 12: 4370, reward 13954 BTC
}
