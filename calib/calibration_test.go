package calib

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// calibrated returns, once per test binary, a calibration of five years of
// a simulated default market whose price switches between a calm and a
// volatile regime, so that every price model's fit lies inside the
// scenario's ranges (a regime fit to jump data can find a regime of a few
// days with a drift far beyond ±2 a year, which Scenario rejects; see
// TestScenarioOutOfRange).
var calibrated = sync.OnceValues(func() (*Calibration, error) {
	p := market.DefaultMarketParams()
	p.BTCPrice = market.PriceModel{
		Model:                  market.PriceRegime,
		RegimeDriftsPerYear:    []float64{0.5, -0.3},
		RegimeVolsPerYear:      []float64{0.35, 0.9},
		RegimeGeneratorPerYear: [][]float64{{-3, 3}, {8, -8}},
	}
	h, err := simMarket(p, 5*365, 42, false)
	if err != nil {
		return nil, err
	}
	return Calibrate(h, h.Dates[0], h.Dates[h.Len()-1], nil)
})

func testCalibration(t *testing.T) *Calibration {
	t.Helper()
	c, err := calibrated()
	require.NoError(t, err)
	require.NotNil(t, c.Network, "network fit failed: %v", c.Errors)
	require.NotNil(t, c.Fees, "fee fit failed: %v", c.Errors)
	require.NotNil(t, c.Price.Merton)
	require.NotNil(t, c.Price.Regime)
	return c
}

func TestParsePriceModelChoice(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want PriceModelChoice
	}{
		{"", ChooseBest}, {"best", ChooseBest}, {"BEST", ChooseBest}, {" gbm ", ChooseGBM},
		{"merton", ChooseMerton}, {"Regime", ChooseRegime},
	} {
		got, err := ParsePriceModelChoice(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	_, err := ParsePriceModelChoice("kou")
	require.ErrorContains(t, err, `price model "kou": want best, gbm, merton or regime`)
}

// TestScenarioRuns: for every price choice the calibrated scenario carries
// the fitted numbers, passes Validate and NewPlan, and a path steps.
func TestScenarioRuns(t *testing.T) {
	c := testCalibration(t)
	base := model.DefaultScenario()
	base.Market.BTCPrice.Shocks = []market.PriceShock{{TimeYears: 0.5, LogSize: -0.5}}
	for _, choose := range []PriceModelChoice{ChooseBest, ChooseGBM, ChooseMerton, ChooseRegime} {
		t.Run(string(choose), func(t *testing.T) {
			sc, err := c.Scenario(base, choose, nil)
			require.NoError(t, err)
			require.NoError(t, sc.Validate())
			plan, err := model.NewPlan(&sc)
			require.NoError(t, err)
			path, err := plan.NewSimulator()
			require.NoError(t, err)
			path.Reset(1, 0, false)
			s, flows := path.Step()
			assert.Equal(t, 1, s.Step)
			assert.True(t, s.BTCPriceUSD > 0 && s.HashrateEHs > 0 && s.FeesPerBlockBTC > 0)
			assert.Len(t, flows, len(sc.Strategies))

			f, err := c.PriceFit(choose)
			require.NoError(t, err)
			assert.Equal(t, f.Model, string(sc.Market.BTCPrice.Model))
			assert.Equal(t, base.Market.BTCPrice.Shocks, sc.Market.BTCPrice.Shocks, "scheduled shocks are the base's")
			assert.Equal(t, c.Network.NetworkParams(), sc.Market.Network)
			assert.Equal(t, c.Fees.FeeParams(math.Min(base.Market.Fees.FloorBTC, c.Fees.LevelBTC)), sc.Market.Fees)
			assert.Equal(t, base.Market.Start, sc.Market.Start)
			assert.Contains(t, sc.Name, dayString(c.From)+".."+dayString(c.To))
		})
	}
	best, err := c.PriceFit(ChooseBest)
	require.NoError(t, err)
	assert.Same(t, c.Price.Best(ByBIC), best)
	// The base is not changed, and the result does not alias its slices.
	assert.Equal(t, model.DefaultScenario().Market.Network, base.Market.Network)
	sc, err := c.Scenario(base, ChooseRegime, nil)
	require.NoError(t, err)
	sc.Market.Correlation.Pairs[0].Rho = 0.9
	sc.Market.BTCPrice.Shocks[0].LogSize = 0.1
	sc.Strategies[0] = model.FullAI(0, nil)
	assert.Equal(t, model.DefaultScenario().Market.Correlation, base.Market.Correlation)
	assert.Equal(t, -0.5, base.Market.BTCPrice.Shocks[0].LogSize)
	assert.Equal(t, model.DefaultScenario().Strategies[0].Name(), base.Strategies[0].Name())
}

// TestScenarioJSONRoundTrip: the calibrated scenario survives JSON (the
// form examples/calibrate writes) and still plans.
func TestScenarioJSONRoundTrip(t *testing.T) {
	c := testCalibration(t)
	for _, choose := range []PriceModelChoice{ChooseMerton, ChooseRegime} {
		sc, err := c.Scenario(model.DefaultScenario(), choose, nil)
		require.NoError(t, err)
		b, err := json.Marshal(sc)
		require.NoError(t, err)
		var back model.Scenario
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, sc.Market.Network, back.Market.Network)
		assert.Equal(t, sc.Market.Fees, back.Market.Fees)
		assert.Equal(t, sc.Market.BTCPrice.Model, back.Market.BTCPrice.Model)
		_, err = model.NewPlan(&back)
		require.NoError(t, err)
	}
}

// TestTableNamesAreScenarioFields: every parameter of the fit table is the
// JSON field of the calibrated scenario at the entry's path, holding the
// same value (the price models each in the scenario that chooses them,
// with the fitted drift).
func TestTableNamesAreScenarioFields(t *testing.T) {
	c := testCalibration(t)
	index := regexp.MustCompile(`\[(\d+)\]`)
	for _, choose := range []PriceModelChoice{ChooseGBM, ChooseMerton, ChooseRegime} {
		sc, err := c.Scenario(model.DefaultScenario(), choose, &ScenarioOptions{FitDrift: true})
		require.NoError(t, err)
		b, err := json.Marshal(sc)
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b, &doc))
		entries, err := c.Table(choose)
		require.NoError(t, err)
		require.Len(t, entries, 5)
		for _, e := range entries {
			if !e.InScenario {
				continue
			}
			node := any(doc)
			for _, key := range strings.Split(e.ScenarioPath, ".") {
				node = node.(map[string]any)[key]
			}
			obj := node.(map[string]any)
			for name, p := range e.Params {
				field := name[:strings.IndexByte(name+"[", '[')]
				v, ok := obj[field]
				require.True(t, ok, "%s: no field %q at %s", e.Model, field, e.ScenarioPath)
				for _, m := range index.FindAllStringSubmatch(name, -1) {
					i, _ := strconv.Atoi(m[1])
					v = v.([]any)[i]
				}
				mctest.WithinRel(t, e.Model+" "+name, v.(float64), p.Value, 1e-15)
			}
		}
		// Exactly the chosen price model is marked.
		marked := 0
		for _, e := range entries[:3] {
			if e.InScenario {
				marked++
				assert.Equal(t, string(choose), e.Model)
			}
		}
		assert.Equal(t, 1, marked)
	}
}

// TestTableJSON: the table's JSON form is an array of {model, params: name →
// {value, stderr}, logLik, aic, bic}, with null standard errors for the
// inputs held fixed.
func TestTableJSON(t *testing.T) {
	c := testCalibration(t)
	entries, err := c.Table(ChooseBest)
	require.NoError(t, err)
	b, err := json.Marshal(entries)
	require.NoError(t, err)
	var doc []map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Len(t, doc, 5)
	for i, e := range doc {
		for _, key := range []string{"model", "params", "logLik", "aic", "bic"} {
			assert.Contains(t, e, key, "entry %d", i)
		}
		assert.Equal(t, entries[i].AIC, e["aic"])
	}
	net := doc[3]["params"].(map[string]any)
	assert.Nil(t, net[ParamPriceLag].(map[string]any)["stderr"])
	assert.Equal(t, entries[3].Params[ParamTrendGrowth].StdErr, net[ParamTrendGrowth].(map[string]any)["stderr"])

	var back []TableEntry
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, math.IsNaN(back[3].Params[ParamPriceLag].StdErr))
	assert.Equal(t, entries[4].Params[ParamFeeVol], back[4].Params[ParamFeeVol])
}

func TestWriteTable(t *testing.T) {
	c := testCalibration(t)
	var b strings.Builder
	require.NoError(t, c.WriteTable(&b, ChooseGBM))
	out := b.String()
	for _, e := range []string{"window 2001-01-01..2005-12-31", "gbm", "merton", "regime", "network", "fees",
		ParamTrendGrowth, ParamFeeJumps, "regimeGeneratorPerYear[1][0]", "(given)", "±"} {
		assert.Contains(t, out, e)
	}
	_, err := c.Table("kou")
	require.Error(t, err)
	require.Error(t, c.WriteTable(&b, "kou"))
}

// TestScenarioOutOfRange: a fitted value outside the scenario's range is an
// error naming the field, not a silently clipped number.
func TestScenarioOutOfRange(t *testing.T) {
	c := testCalibration(t)
	bad := *c
	reg := *c.Price.Regime
	reg.DriftsPerYear = []float64{0.1, -3.5}
	price := *c.Price
	price.Regime = &reg
	bad.Price = &price
	_, err := bad.Scenario(model.DefaultScenario(), ChooseRegime, &ScenarioOptions{FitDrift: true})
	require.ErrorContains(t, err, "market.btcPrice.regimeDriftsPerYear[1] = -3.5")
}

// TestCalibratePriceOnly: a plain date,price history calibrates the price
// and leaves the network and fees to the base scenario, saying why.
func TestCalibratePriceOnly(t *testing.T) {
	h := simMarketHistory(t, market.DefaultMarketParams(), 400, 7, false)
	plain := &History{Dates: h.Dates, PriceUSD: h.PriceUSD}
	c, err := Calibrate(plain, time.Time{}, time.Time{}, nil)
	require.NoError(t, err)
	assert.Nil(t, c.Network)
	assert.Nil(t, c.Fees)
	assert.Contains(t, c.Errors[ModelNetwork], "the history has no hash-rate column (HashRate)")
	assert.Contains(t, c.Errors[ModelFees], "the history has no fee column (FeeTotNtv)")
	base := model.DefaultScenario()
	sc, err := c.Scenario(base, ChooseGBM, nil)
	require.NoError(t, err)
	assert.Equal(t, base.Market.Network, sc.Market.Network)
	assert.Equal(t, base.Market.Fees, sc.Market.Fees)
	var b strings.Builder
	require.NoError(t, c.WriteTable(&b, ChooseBest))
	assert.Contains(t, b.String(), "network not fitted (the scenario keeps its base parameters)")
	// The table holds the price fits only (a Merton fit that finds no
	// jumps in these 400 days is an error in Price.Errors).
	entries, err := c.Table(ChooseBest)
	require.NoError(t, err)
	assert.Len(t, entries, len(c.Price.Fits()))
	for _, e := range entries {
		assert.Equal(t, "market.btcPrice", e.ScenarioPath)
	}
}

func TestCalibrateErrors(t *testing.T) {
	h := simMarketHistory(t, market.DefaultMarketParams(), 100, 7, false)
	_, err := Calibrate(nil, time.Time{}, time.Time{}, nil)
	require.Error(t, err)
	_, err = Calibrate(h, h.Dates[50], h.Dates[10], nil)
	require.ErrorContains(t, err, "ends before it starts")
	_, err = Calibrate(h, h.Dates[0], h.Dates[10], nil)
	require.ErrorContains(t, err, "at least 30")
	_, err = Calibrate(h, time.Time{}, time.Time{}, &Options{Network: NetworkOptions{PeriodDays: 1}})
	require.ErrorContains(t, err, "periodDays = 1")
	_, err = Calibrate(h, h.Dates[0].AddDate(-1, 0, 0), h.Dates[0].AddDate(0, 0, -1), nil)
	require.ErrorContains(t, err, "no day of the history")
}
