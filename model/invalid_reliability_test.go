package model

import (
	"errors"
	"strings"
	"testing"
)

// Invalid scenarios TestLoadScenarioErrors does not hold: absurd sizes and
// amounts, probabilities and rates out of range in the parts it does not
// reach. Each gives an error naming the field; none panics.
func TestLoadScenarioMoreInvalid(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"a grid of a million GW", `{"facility": {"gridMW": 1e9}}`, "facility.gridMW = 1e+09"},
		{"IT fraction above one", `{"facility": {"itFraction": 1.5}}`, "facility.itFraction = 1.5"},
		{"negative efficiency", `{"facility": {"efficiencyJPerTH": -18}}`, "facility.efficiencyJPerTH = -18"},
		{"absurd ASIC price", `{"facility": {"asicPriceUSDPerTH": 1e300}}`, "facility.asicPriceUSDPerTH = 1e+300"},
		{"a BTC price of a trillion dollars", `{"market": {"start": {"btcPriceUSD": 1e12}}}`, "market.start.btcPriceUSD = 1e+12"},
		{"negative hashrate", `{"market": {"start": {"hashrateEHs": -1}}}`, "market.start.hashrateEHs = -1"},
		{"BTC jumps above one a day", `{"market": {"btcPrice": {"jumpsPerYear": 400}}}`, "market.btcPrice.jumpsPerYear = 400"},
		{"BTC volatility above five", `{"market": {"btcPrice": {"volPerYear": 5.5}}}`, "market.btcPrice.volPerYear = 5.5"},
		{"negative regime switching", `{"market": {"btcPrice": {"model": "regime", "regimeDriftsPerYear": [0.1, -0.3], "regimeVolsPerYear": [0.4, 0.8],
			"regimeGeneratorPerYear": [[0.5, -0.5], [1, -1]]}}}`, "market.btcPrice.regimeGeneratorPerYear[0][1] = -0.5"},
		{"Kou down probability", `{"market": {"btcPrice": {"model": "kou", "upProb": -0.2, "upMeanLog": 0.1, "downMeanLog": 0.1}}}`, "market.btcPrice.upProb = -0.2"},
		{"negative hazard", `{"market": {"credit": {"baseHazardPerYear": {"hyperscaler": -0.01}}}}`, "market.credit.baseHazardPerYear.hyperscaler = -0.01"},
		{"GPU volatility above three", `{"market": {"gpu": {"tight": {"volPerYear": 4}}}}`, "market.gpu.tight.volPerYear = 4"},
		{"negative power level", `{"market": {"power": {"levelUSDPerMWh": -5}}}`, "market.power.levelUSDPerMWh = -5"},
		{"tax rate of one", `{"finance": {"taxRate": 1}}`, "finance.taxRate = 1"},
		{"exit at 60 times NOI", `{"finance": {"exitMultipleNOI": 60}}`, "finance.exitMultipleNOI = 60"},
		{"a million steps and more", `{"finance": {"horizonYears": 100, "stepMonths": 0.0001}}`, "finance.stepMonths = 0.0001"},
		{"negative lease escalator rent", `{"strategies": [{"kind": "fullAI", "lease": {"rentUSDPerKWMonth": -150}}]}`, "strategies[0].lease.rentUSDPerKWMonth = -150"},
		{"contract longer than the GPUs", `{"strategies": [{"kind": "fullAI", "business": "gpuCloud", "gpuCloud": {"lifeYears": 3, "contractYears": 5}}]}`, "strategies[0].gpuCloud.contractYears = 5"},
		{"phases beyond one a month", `{"strategies": [{"kind": "hybrid", "fraction": 0.5, "phases": 121}]}`, "strategies[0].phases = 121"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadString(tc.doc)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant one containing %q", err, tc.want)
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *LoadError", err)
			}
		})
	}
}
