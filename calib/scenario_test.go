package calib

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestScenarioKeepsDriftView: by default the calibrated scenario keeps the
// base scenario's drift view (the default's 0.04 a year), for every price
// model; with FitDrift the fitted drift replaces it. A regime model keeps
// its fitted drift differences and has the view as its stationary mean.
func TestScenarioKeepsDriftView(t *testing.T) {
	c := testCalibration(t)
	base := model.DefaultScenario()
	view := base.Market.BTCPrice.DriftPerYear
	for _, choose := range []PriceModelChoice{ChooseGBM, ChooseMerton} {
		sc, err := c.Scenario(base, choose, nil)
		require.NoError(t, err)
		assert.Equal(t, view, sc.Market.BTCPrice.DriftPerYear, "%s keeps the view", choose)
		f, err := c.PriceFit(choose)
		require.NoError(t, err)
		fitted, _ := f.Param(ParamDriftPerYear)
		require.NotEqual(t, view, fitted.Value)
		sc, err = c.Scenario(base, choose, &ScenarioOptions{FitDrift: true})
		require.NoError(t, err)
		assert.Equal(t, fitted.Value, sc.Market.BTCPrice.DriftPerYear, "%s with FitDrift", choose)
	}

	r := c.Price.Regime
	sc, err := c.Scenario(base, ChooseRegime, nil)
	require.NoError(t, err)
	mu := sc.Market.BTCPrice.RegimeDriftsPerYear
	mctest.WithinAbs(t, "stationary mean drift", stationaryMean(r.Stationary, mu), view, 1e-12)
	mctest.WithinAbs(t, "drift difference", mu[1]-mu[0], r.DriftsPerYear[1]-r.DriftsPerYear[0], 1e-12)
	sc, err = c.Scenario(base, ChooseRegime, &ScenarioOptions{FitDrift: true})
	require.NoError(t, err)
	assert.Equal(t, r.DriftsPerYear, sc.Market.BTCPrice.RegimeDriftsPerYear)

	// A regime base: its view is the stationary mean of its drifts.
	rb := base
	rb.Market.BTCPrice = market.PriceModel{
		Model:                  market.PriceRegime,
		RegimeDriftsPerYear:    []float64{0.2, -0.4},
		RegimeVolsPerYear:      []float64{0.4, 0.8},
		RegimeGeneratorPerYear: [][]float64{{-1, 1}, {3, -3}},
	}
	want := 0.75*0.2 + 0.25*(-0.4) // stationary (3/4, 1/4)
	sc, err = c.Scenario(rb, ChooseMerton, nil)
	require.NoError(t, err)
	mctest.WithinAbs(t, "regime base's view", sc.Market.BTCPrice.DriftPerYear, want, 1e-12)
	g, err := dist.NewRegimeGBM(rb.Market.BTCPrice.RegimeDriftsPerYear, rb.Market.BTCPrice.RegimeVolsPerYear, rb.Market.BTCPrice.RegimeGeneratorPerYear)
	require.NoError(t, err)
	mctest.WithinAbs(t, "stationary[0]", g.Stationary()[0], 0.75, 1e-12)
}

// TestScenarioDescription: the calibrated scenario's description says
// what was fitted, to which window, which drift it uses and which it
// leaves out, and quotes the base's description as the base's.
func TestScenarioDescription(t *testing.T) {
	c := testCalibration(t)
	base := model.DefaultScenario()
	window := dayString(c.From) + ".." + dayString(c.To)
	g := c.Price.GBM
	fitted := fmt.Sprintf("%.3g ± %.2g a year", g.DriftPerYear, g.Params[0].StdErr)

	sc, err := c.Scenario(base, ChooseGBM, nil)
	require.NoError(t, err)
	for _, want := range []string{
		`The scenario "default" with its market's price gbm, network, fees fitted by maximum likelihood (package calib) to daily history ` + window,
		"Price model: gbm, as chosen, with no parameter at a bound.",
		"Price drift: the base scenario's view, 0.04 a year (the window's fitted drift, " + fitted + ", is history's average, not a forecast, and is not used).",
		`The base scenario's description, which describes its own market: "The calibrated market of January 2026`,
	} {
		assert.Contains(t, sc.Description, want)
	}
	sc, err = c.Scenario(base, ChooseGBM, &ScenarioOptions{FitDrift: true})
	require.NoError(t, err)
	assert.Contains(t, sc.Description, "Price drift: the window's fitted drift, "+fitted+", history's average and not a forecast (it replaces the base scenario's view, 0.04 a year).")

	sc, err = c.Scenario(base, ChooseRegime, nil)
	require.NoError(t, err)
	assert.Contains(t, sc.Description, "the fitted regime drifts shifted by one amount to have it as their stationary mean")
	assert.Contains(t, sc.Description, "the stationary mean of regime drifts")
	sc, err = c.Scenario(base, ChooseRegime, &ScenarioOptions{FitDrift: true})
	require.NoError(t, err)
	assert.Regexp(t, `Price drift: the window.s fitted drift, \S+ a year, the stationary mean of regime drifts \S+ and \S+, history.s average`, sc.Description)
	// A base without a description gets none quoted.
	base.Description = ""
	sc, err = c.Scenario(base, ChooseBest, nil)
	require.NoError(t, err)
	assert.NotContains(t, sc.Description, "The base scenario's description")
	assert.Contains(t, sc.Description, "Price model: BIC chooses")
}
