package model

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestRiskNeutralForward checks the risk-neutral measure's consistency:
// with no jumps, no fee moves and a constant hashrate, the BTC price
// discounted at the plan's (risk-free) rate has expectation S_0·e^(basis·t)
// at every date. The Monte Carlo mean over 20,000 paths must be within
// four standard errors (the sample SD over √n) at years 1, 3, 5 and 10.
func TestRiskNeutralForward(t *testing.T) {
	sc := DefaultScenario()
	sc.Measure.Mode = market.RiskNeutral
	sc.Market.BTCPrice.Model = market.PriceGBM
	sc.Market.BTCPrice.JumpsPerYear = 0
	sc.Market.Fees.VolPerYear, sc.Market.Fees.JumpsPerYear = 0, 0
	sc.Market.Network = sc.Market.Network.WithConstantHashrate()
	sc.Strategies = sc.Strategies[:1]
	plan, err := NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.DiscountRatePerYear(); got != sc.Measure.RiskFreeRatePerYear {
		t.Fatalf("plan discounts at %g, want the risk-free %g", got, sc.Measure.RiskFreeRatePerYear)
	}
	sim, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	const n = 20000
	dates := []int{12, 36, 60, 120}
	sum, sum2 := make([]float64, len(dates)), make([]float64, len(dates))
	s0, h0 := sc.Market.Start.BTCPriceUSD, 0.0
	for i := range n {
		sim.Reset(99, uint64(i), false)
		h0 = sim.State().HashrateEHs
		d := 0
		for k := 1; k <= dates[len(dates)-1]; k++ {
			st, _ := sim.Step()
			if k == dates[d] {
				x := st.BTCPriceUSD * math.Pow(1+plan.DiscountRatePerYear(), -float64(k)/12) / s0
				sum[d] += x
				sum2[d] += x * x
				d++
			}
			if st.HashrateEHs != h0 {
				t.Fatalf("path %d step %d: hashrate %g moved from %g", i, k, st.HashrateEHs, h0)
			}
		}
	}
	for d, k := range dates {
		mean := sum[d] / n
		se := math.Sqrt((sum2[d]/n - mean*mean) / (n - 1))
		want := math.Exp(sc.Measure.BTCBasisPerYear * float64(k) / 12)
		if math.Abs(mean-want) > 4*se {
			t.Errorf("year %g: E[discounted S]/S0 = %.5f ± %.5f, want e^(basis·t) = %.5f", float64(k)/12, mean, se, want)
		}
	}
}

// A risk-neutral measure whose market is invalid is refused, naming the
// measure; a capital structure must name a strategy, once.
func TestScenarioValidateMeasureAndFunding(t *testing.T) {
	sc := DefaultScenario()
	sc.Measure.Mode = market.RiskNeutral
	sc.Measure.GPURentRiskPrice = 5 // drifts far below −5
	sc.Market.GPU.Glut.VolPerYear = 3
	if err := sc.Validate(); err == nil || !strings.Contains(err.Error(), "measure (the risk-neutral market)") {
		t.Errorf("Validate() = %v, want the risk-neutral market refused", err)
	}
	sc = DefaultScenario()
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	sc.Funding = append(sc.Funding, defaultStructure("nope"), defaultStructure("pure mining"), defaultStructure("pure mining"))
	err := sc.Validate()
	for _, want := range []string{`funding[0].strategy = "nope"`, `funding[2].strategy = "pure mining": must be unique`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want %q", err, want)
		}
	}
}

// defaultStructure is funding.DefaultStructure, spelled short.
var defaultStructure = funding.DefaultStructure
