package model

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// TestTriggerInScenarioFile loads conditional switches on a series and in
// the hashprice form: their names, and the located errors of bad ones.
func TestTriggerInScenarioFile(t *testing.T) {
	for _, tc := range []struct {
		trigger string
		want    site.Trigger
		name    string
	}{
		{`{"series": "btcPrice", "below": 50000, "forMonths": 3, "latestMonths": 60}`,
			site.Trigger{Series: market.SeriesBTCPrice, Below: 50000, ForMonths: 3, LatestMonths: 60},
			"switch 50% colocation if btcPrice < 50000 for 3 mo"},
		{`{"series": "months", "above": 23.5, "forMonths": 1}`,
			site.Trigger{Series: market.SeriesMonths, Above: 23.5, ForMonths: 1},
			"switch 50% colocation if months > 23.5 for 1 mo"},
		{`{"hashpriceBelowUSDPerPHDay": 35, "forMonths": 3}`, site.DefaultTrigger(),
			"switch 50% colocation if hashprice < 35 for 3 mo"},
	} {
		sc, err := loadString(`{"strategies": [{"kind": "conditionalSwitch", "fraction": 0.5, "trigger": ` + tc.trigger + `}]}`)
		if err != nil {
			t.Fatalf("%s: %v", tc.trigger, err)
		}
		sp := sc.Strategies[0]
		if *sp.Trigger != tc.want || sp.Name() != tc.name {
			t.Errorf("%s: trigger %+v named %q, want %+v named %q", tc.trigger, *sp.Trigger, sp.Name(), tc.want, tc.name)
		}
	}
	for _, tc := range []struct{ trigger, want string }{
		{`{"series": "btcprice", "below": 50000}`,
			`strategies[0].trigger.series: series "btcprice": must be one of hashprice, btcPrice, gpuRent, gpuRentToTrend, coloRent, power, fees, hashrate, months (did you mean "btcPrice"?`},
		{`{"series": "btcPrice", "below": 50000, "hashpriceBelowUSDPerPHDay": 35}`,
			`strategies[0].trigger.hashpriceBelowUSDPerPHDay = 35: must be 0 (unset) with a "series": give "below" instead`},
		{`{"series": "gpuRent"}`, `strategies[0].trigger.below = 0: must be a threshold ≠ 0, or give "above"`},
	} {
		_, err := loadString(`{"strategies": [{"kind": "conditionalSwitch", "fraction": 0.5, "trigger": ` + tc.trigger + `}]}`)
		var le *LoadError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &le) || le.Line != 1 {
			t.Errorf("%s: error\n%v\nwant one containing\n%s", tc.trigger, err, tc.want)
		}
	}
}

// TestTriggerSeriesFormIsTheHashpriceForm runs the default conditional
// switch in its hashprice form and as the series "hashprice" below 35 on
// the same paths: the books are bit for bit the same.
func TestTriggerSeriesFormIsTheHashpriceForm(t *testing.T) {
	run := func(tr site.Trigger) [][]site.CashFlow {
		sc := DefaultScenario()
		sc.Strategies = []StrategySpec{ConditionalSwitch(0.5, tr, nil)}
		p := newPlan(t, sc)
		x := newSimulator(t, p)
		var out [][]site.CashFlow
		for path := range uint64(60) {
			x.Reset(8, path/2, path%2 == 1)
			for range p.Steps() {
				_, cfs := x.Step()
				out = append(out, append([]site.CashFlow(nil), cfs...))
			}
		}
		return out
	}
	legacy := run(site.DefaultTrigger())
	series := run(site.Trigger{Series: market.SeriesHashprice, Below: 35, ForMonths: 3})
	fired := 0
	for i := range legacy {
		a, b := legacy[i][0], series[i][0]
		if math.Float64bits(a.FreeCashUSD()) != math.Float64bits(b.FreeCashUSD()) || a != b {
			t.Fatalf("step %d: %+v, series form %+v", i, a, b)
		}
		if a.CapexUSD > 0 {
			fired++
		}
	}
	if fired == 0 {
		t.Fatal("the switch never converted: the test compares mining alone")
	}
}
