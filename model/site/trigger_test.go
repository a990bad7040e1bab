package site

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// firesAt runs a conditional switch of half the site on trigger tr through
// the months whose states set makes, and returns the month it fired in (0:
// never), checking the converting half stops mining at once.
func firesAt(t *testing.T, tr Trigger, months int, set func(s *market.State, k int)) int {
	t.Helper()
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	pv := Pivot{Label: "switch", Share: 0.5, Terms: fixedLease(), Conversion: fixedConversion(6, 1), NewPolicy: onTrigger(tr)}
	sr := newPivotRunner(t, pv, testEnv(24))
	fired := 0
	for k := 1; k <= months; k++ {
		s := coloState(k, 170, 0)
		s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = 40, 10
		set(&s, k)
		cf := book(sr, &s, dist.New(1, 0))
		// 100 MW at 20 J/TH: 5,000 PH/s at 40 $/PH/day while the whole
		// site mines, half of that after the switch.
		want := 5000 * 40 * 365.25 / 12
		if fired > 0 {
			want /= 2
		}
		if math.Abs(cf.MiningUSD-want) > 1e-6*want {
			t.Fatalf("month %d: mining %g, want %g (fired in month %d)", k, cf.MiningUSD, want, fired)
		}
		if fired == 0 && !math.IsInf(firedYears(sr), 1) {
			fired = k
			if got := firedYears(sr); got != s.TimeYears {
				t.Fatalf("fired at %g, the end of month %d is %g", got, k, s.TimeYears)
			}
		}
	}
	return fired
}

// TestThresholdOnAnySeries runs the conditional switch on the BTC price,
// the GPU rent and the calendar: each fires at the end of the month that
// completes its spell, and a value equal to the threshold breaks one.
func TestThresholdOnAnySeries(t *testing.T) {
	btc := []float64{60, 45, 45, 50, 45, 45, 45, 60} // thousand USD
	rent := []float64{2, 2.6, 2.5, 2.6, 2.7, 3, 2, 2}
	for _, tc := range []struct {
		name   string
		tr     Trigger
		months int
		set    func(s *market.State, k int)
		want   int
	}{
		// Below 50,000 for 2 months: months 2–3 complete the spell.
		{"btc below", Trigger{Series: market.SeriesBTCPrice, Below: 50_000, ForMonths: 2}, 8,
			func(s *market.State, k int) { s.BTCPriceUSD = 1000 * btc[k-1] }, 3},
		// ... but for 3 months: month 4 sits exactly on the threshold and
		// breaks the first spell; months 5–7 complete the second.
		{"btc below, longer", Trigger{Series: market.SeriesBTCPrice, Below: 50_000, ForMonths: 3}, 8,
			func(s *market.State, k int) { s.BTCPriceUSD = 1000 * btc[k-1] }, 7},
		// The same with a deadline of 6 months: never.
		{"btc below, too late", Trigger{Series: market.SeriesBTCPrice, Below: 50_000, ForMonths: 3, LatestMonths: 6}, 8,
			func(s *market.State, k int) { s.BTCPriceUSD = 1000 * btc[k-1] }, 0},
		// Above 2.5 for 3 months: month 3 sits on it; months 4–6.
		{"gpu rent above", Trigger{Series: market.SeriesGPURent, Above: 2.5, ForMonths: 3}, 8,
			func(s *market.State, k int) { s.GPURentUSDPerHour = rent[k-1] }, 6},
		// The calendar: past month 4.5 for a month, i.e. at the end of month 5.
		{"months", Trigger{Series: market.SeriesMonths, Above: 4.5, ForMonths: 1}, 8,
			func(*market.State, int) {}, 5},
		// The hashprice form and its series form agree.
		{"hashprice form", Trigger{HashpriceBelowUSDPerPHDay: 45, ForMonths: 2}, 8,
			func(s *market.State, k int) {}, 2},
		{"hashprice series", Trigger{Series: market.SeriesHashprice, Below: 45, ForMonths: 2}, 8,
			func(s *market.State, k int) {}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := firesAt(t, tc.tr, tc.months, tc.set); got != tc.want {
				t.Errorf("fired in month %d, want %d", got, tc.want)
			}
		})
	}
}

func TestTriggerValidate(t *testing.T) {
	ok := []Trigger{
		DefaultTrigger(),
		{Series: market.SeriesBTCPrice, Below: 50_000, ForMonths: 3, LatestMonths: 60},
		{Series: market.SeriesGPURentToTrend, Above: 1.2, ForMonths: 1},
	}
	for _, tr := range ok {
		if err := tr.Validate(); err != nil {
			t.Errorf("%+v: %v", tr, err)
		}
	}
	for _, tc := range []struct {
		tr   Trigger
		want string
	}{
		{Trigger{Series: market.SeriesBTCPrice, ForMonths: 3}, `below = 0: must be a threshold ≠ 0, or give "above"`},
		{Trigger{Series: market.SeriesBTCPrice, Below: 1, Above: 2, ForMonths: 3}, `above = 2: must be 0 (unset) when "below" is given`},
		{Trigger{Series: market.SeriesBTCPrice, Below: 1, HashpriceBelowUSDPerPHDay: 35, ForMonths: 3}, "hashpriceBelowUSDPerPHDay = 35: must be 0 (unset) with a \"series\""},
		{Trigger{Series: 42, Below: 1, ForMonths: 3}, "series = 42: must be one of hashprice, btcPrice"},
		{Trigger{HashpriceBelowUSDPerPHDay: 35, Above: 2, ForMonths: 3}, `above = 2: must be 0 (unset) without a "series"`},
		{Trigger{Series: market.SeriesBTCPrice, Below: math.Inf(-1), ForMonths: 3}, "below = -Inf"},
		{Trigger{HashpriceBelowUSDPerPHDay: 35}, "forMonths = 0"},
	} {
		if err := tc.tr.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.tr, err, tc.want)
		}
	}
}

// TestTriggerJSON checks both forms and that a trigger naming a series
// decoded over the default does not keep the default's hashprice
// threshold.
func TestTriggerJSON(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want Trigger
		text string
	}{
		{`{"series": "btcPrice", "below": 50000}`, Trigger{Series: market.SeriesBTCPrice, Below: 50_000, ForMonths: 3}, "btcPrice < 50000 for 3 mo"},
		{`{"series": "gpuRent", "above": 2.5, "forMonths": 6, "latestMonths": 60}`,
			Trigger{Series: market.SeriesGPURent, Above: 2.5, ForMonths: 6, LatestMonths: 60}, "gpuRent > 2.5 for 6 mo"},
		{`{"hashpriceBelowUSDPerPHDay": 30}`, Trigger{HashpriceBelowUSDPerPHDay: 30, ForMonths: 3}, "hashprice < 30 for 3 mo"},
		{`{"forMonths": 2}`, Trigger{HashpriceBelowUSDPerPHDay: 35, ForMonths: 2}, "hashprice < 35 for 2 mo"},
	} {
		tr := DefaultTrigger()
		if err := json.Unmarshal([]byte(tc.doc), &tr); err != nil {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		if tr != tc.want || tr.String() != tc.text {
			t.Errorf("%s: %+v (%s), want %+v (%s)", tc.doc, tr, tr, tc.want, tc.text)
		}
		b, err := json.Marshal(tr)
		if err != nil {
			t.Fatal(err)
		}
		var back Trigger
		if err := json.Unmarshal(b, &back); err != nil || back != tr {
			t.Errorf("%s: saved as %s, read back %+v, %v", tc.doc, b, back, err)
		}
	}
	if b, _ := json.Marshal(DefaultTrigger()); string(b) != `{"hashpriceBelowUSDPerPHDay":35,"forMonths":3,"latestMonths":0}` {
		t.Errorf("the default trigger is written %s", b)
	}
}
