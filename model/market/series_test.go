package market

import (
	"math"
	"strings"
	"testing"
)

// TestSeriesReadTheirFields checks every series against the State field it
// documents, on a State whose fields all differ.
func TestSeriesReadTheirFields(t *testing.T) {
	s := State{TimeYears: 2.5, BTCPriceUSD: 90_000, HashrateEHs: 1100, FeesPerBlockBTC: 0.04, HashpriceUSDPerPHDay: 41,
		PowerUSDPerMWh: 37, GPURentUSDPerHour: 2.25, GPUTrendUSDPerHour: 1.5, ColoRentUSDPerKWMonth: 151}
	want := map[Series]float64{
		SeriesHashprice: 41, SeriesBTCPrice: 90_000, SeriesGPURent: 2.25, SeriesGPURentToTrend: 1.5,
		SeriesColoRent: 151, SeriesPower: 37, SeriesFees: 0.04, SeriesHashrate: 1100, SeriesMonths: 30,
	}
	if len(AllSeries()) != len(want) {
		t.Fatalf("%d series, the test knows %d", len(AllSeries()), len(want))
	}
	for _, x := range AllSeries() {
		w, ok := want[x]
		if !ok {
			t.Errorf("series %s not tested", x)
			continue
		}
		if got := x.Value(&s); got != w {
			t.Errorf("%s = %g, want %g", x, got, w)
		}
		if x.Name() == "" || x.Unit() == "" || !strings.Contains(SeriesNames(), x.Name()) {
			t.Errorf("%d: name %q, unit %q", int(x), x.Name(), x.Unit())
		}
	}
	if v := Series(0).Value(&s); !math.IsNaN(v) || Series(0).Valid() || Series(99).Name() != "" {
		t.Errorf("an invalid series: value %g, valid %v", v, Series(0).Valid())
	}
}

func TestSeriesText(t *testing.T) {
	for _, x := range AllSeries() {
		b, err := x.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var y Series
		if err := y.UnmarshalText(b); err != nil || y != x {
			t.Errorf("%s: read back %v, %v", x, y, err)
		}
	}
	var y Series
	if err := y.UnmarshalText([]byte("btcprice")); err == nil || !strings.Contains(err.Error(), `did you mean "btcPrice"`) ||
		!strings.Contains(err.Error(), SeriesNames()) {
		t.Errorf("btcprice: %v", err)
	}
	if err := y.UnmarshalText([]byte("weather")); err == nil || !strings.Contains(err.Error(), "must be one of hashprice, btcPrice") {
		t.Errorf("weather: %v", err)
	}
	if _, err := Series(0).MarshalText(); err == nil {
		t.Error("the zero series marshalled")
	}
}
