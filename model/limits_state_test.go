package model

import (
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// A market that Validate would reject (only a Scenario knows its horizon,
// so NewMarket accepts it) and that is stepped anyway: CheckState names
// the series that left its range and the fields that drive it, from the
// step it leaves on.
func TestCheckStateNamesTheSeries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		set     func(sc *Scenario)
		mention []string
	}{
		{"fee spikes 365 a year", func(sc *Scenario) { sc.Market.Fees.JumpsPerYear = 365 },
			[]string{"the fee level", "BTC per block", "beyond 2.1e+07 BTC", "market.fees and market.start.feesPerBlockBTC"}},
		{"Kou up-jump mean near 1", func(sc *Scenario) { kouPrice(sc, 0.99) },
			[]string{"the BTC price", "below 1e-250 USD", "market.btcPrice and market.start.btcPriceUSD"}},
		{"power spikes that pile up", func(sc *Scenario) { sc.Market.Power.JumpsPerYear, sc.Market.Power.JumpMeanLog = 365, 1 },
			[]string{"the power price", "beyond e^40 times 37.5", "market.power"}},
		{"GPU decay path underflowing to a zero floor", func(sc *Scenario) {
			g := &sc.Market.GPU
			g.Floor.PowerUSDPerMWh, g.Floor.CashOpexUSDPerGPUHour, g.GenerationDecayPerYear = 0, 0, 5
			sc.Market.Start.GPURentUSDPerHour = 1e-300
		}, []string{"the colocation rent = NaN", "not a finite number", "market.colo.elasticityToGPU", "market.gpu"}},
		{"GPU rent rising 4.5 a year", func(sc *Scenario) { sc.Market.GPU.Tight.DriftPerYear, sc.Market.GPU.TightToGlutPerYear = 4.5, 0 },
			[]string{"the GPU rent", "beyond e^40 times its start 2.35", "market.gpu"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := DefaultScenario()
			tc.set(&sc)
			m, err := market.NewMarket(sc.Market, 1.0/12)
			if err != nil {
				t.Fatal(err)
			}
			s, r := m.Start(), dist.New(3, 0)
			if err := m.CheckState(&s); err != nil {
				t.Fatalf("start: %v", err)
			}
			for range 12 * 30 {
				m.Step(&s, r)
				if err := m.CheckState(&s); err != nil {
					for _, w := range tc.mention {
						if !strings.Contains(err.Error(), w) {
							t.Errorf("does not mention %q: %v", w, err)
						}
					}
					return
				}
			}
			t.Fatalf("still in range after 30 years: %+v", s)
		})
	}
}

// No false alarm: on a thousand paths of the default market over ten
// years, and of a market at its validated extremes, CheckState finds
// every series in range at every step.
func TestCheckStateQuietInRange(t *testing.T) {
	wild := DefaultScenario()
	wild.Market.BTCPrice.VolPerYear, wild.Market.BTCPrice.DriftPerYear, wild.Market.BTCPrice.JumpsPerYear = 5, 2, 365
	wild.Market.Fees.JumpsPerYear = 10
	wild.Market.Power.VolPerYear = 10
	for name, sc := range map[string]Scenario{"default": DefaultScenario(), "wild": wild} {
		if err := sc.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m, err := market.NewMarket(sc.Market, sc.Finance.DtYears())
		if err != nil {
			t.Fatal(err)
		}
		for path := range uint64(1000) {
			s, r := m.Start(), dist.New(5, path)
			for range sc.Finance.Steps() {
				m.Step(&s, r)
				if err := m.CheckState(&s); err != nil {
					t.Fatalf("%s path %d: %v", name, path, err)
				}
			}
		}
	}
}
