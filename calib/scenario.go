package calib

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// ScenarioOptions are the choices Calibration.Scenario leaves to the user;
// the zero value, or nil, selects the defaults.
type ScenarioOptions struct {
	// FitDrift puts the window's fitted drift into the scenario in place of
	// the base scenario's drift view. By default the view is kept: a drift
	// fitted to T years of prices is history's average, with a standard
	// error of about σ/√T, not a forecast, and the scenario's drift is a
	// view (market.PriceModel).
	FitDrift bool `json:"fitDrift"`
}

// Scenario returns base with the fitted processes in its market: the price
// model that choose selects (ChooseBest: the lowest BIC of the fits within
// their bounds) in Market.BTCPrice, keeping base's scheduled price shocks;
// the network fit in Market.Network; the fee fit in Market.Fees, with
// base's fee floor (at most the fitted level). A network or fee fit that
// failed leaves base's parameters in place. Everything else (the start
// state, the site, the finance terms, the strategies) is base's. The
// result shares with base only what the strategy specs point to (their
// sub-configurations) and the custom strategies.
//
// The price drift stays base's view unless opts.FitDrift is set (see
// DriftNote): a GBM or Merton model gets base's view as its drift; a
// regime model gets its fitted drifts shifted by one amount so that their
// long-run mean, weighted by the chain's stationary distribution, is the
// view, keeping the fitted differences between regimes. Base's view is its
// DriftPerYear, or, for a regime model, the stationary mean of its regime
// drifts.
//
// The name says what was calibrated and to which window; the description
// says the same in prose (the models, the drift used and the one fitted,
// the parameters at a bound of their fit) and then quotes base's, which
// described base's market and no longer describes this one's. The
// network's marginal efficiency is the fit's value at the window's last
// day, so the scenario reads as starting where the window ends.
//
// It fails when the chosen price fit is not available or when the result
// does not pass model.Scenario.Validate (a fitted value outside the
// scenario's range, such as a regime drift beyond ±2 a year); the error
// names the field.
func (c *Calibration) Scenario(base model.Scenario, choose PriceModelChoice, opts *ScenarioOptions) (model.Scenario, error) {
	var o ScenarioOptions
	if opts != nil {
		o = *opts
	}
	sc := base
	sc.Strategies = slices.Clone(base.Strategies)
	sc.Custom = slices.Clone(base.Custom)
	corr := &sc.Market.Correlation
	corr.Pairs = slices.Clone(corr.Pairs)
	if corr.Matrix != nil {
		corr.Matrix = make([][]float64, len(base.Market.Correlation.Matrix))
		for i, row := range base.Market.Correlation.Matrix {
			corr.Matrix[i] = slices.Clone(row)
		}
	}
	pm, err := c.priceModel(choose, base.Market.BTCPrice)
	if err != nil {
		return model.Scenario{}, err
	}
	if !o.FitDrift {
		if err := keepDriftView(&pm, base.Market.BTCPrice); err != nil {
			return model.Scenario{}, err
		}
	}
	sc.Market.BTCPrice = pm
	parts := []string{"price " + string(pm.Model)}
	if c.Network != nil {
		sc.Market.Network = c.Network.NetworkParams()
		parts = append(parts, "network")
	}
	if c.Fees != nil {
		sc.Market.Fees = c.Fees.FeeParams(math.Min(base.Market.Fees.FloorBTC, c.Fees.LevelBTC))
		parts = append(parts, "fees")
	}
	sc.Name = fmt.Sprintf("%s, %s calibrated to %s..%s", base.Name, strings.Join(parts, ", "), dayString(c.From), dayString(c.To))
	if sc.Description, err = c.description(base, choose, o, parts); err != nil {
		return model.Scenario{}, err
	}
	if err := sc.Validate(); err != nil {
		return model.Scenario{}, fmt.Errorf("calib: the calibrated scenario is not valid: %w", err)
	}
	return sc, nil
}

// description is the calibrated scenario's description: what was fitted,
// the price model's choice and bounds, the drift, then base's own.
func (c *Calibration) description(base model.Scenario, choose PriceModelChoice, o ScenarioOptions, parts []string) (string, error) {
	note, err := c.PriceNote(choose)
	if err != nil {
		return "", err
	}
	drift, err := c.DriftNote(base.Market.BTCPrice, choose, o)
	if err != nil {
		return "", err
	}
	d := fmt.Sprintf("The scenario %q with its market's %s fitted by maximum likelihood (package calib) to daily history %s..%s; "+
		"everything else is the base scenario's. %s. %s.",
		base.Name, strings.Join(parts, ", "), dayString(c.From), dayString(c.To), upperFirst(note), upperFirst(drift))
	if base.Description != "" {
		d += fmt.Sprintf(" The base scenario's description, which describes its own market: %q", base.Description)
	}
	return d, nil
}

// DriftNote says in one line which drift Scenario puts into the price
// model that choose selects, given the base price model and opts: base's
// view, kept, with the fitted drift it leaves out, or the fitted drift
// with base's view it replaces.
func (c *Calibration) DriftNote(base market.PriceModel, choose PriceModelChoice, opts ScenarioOptions) (string, error) {
	f, err := c.PriceFit(choose)
	if err != nil {
		return "", err
	}
	view, err := driftView(base)
	if err != nil {
		return "", err
	}
	fitted := strings.TrimSuffix("the window's fitted drift, "+fittedDrift(c, f), ",")
	if opts.FitDrift {
		return fmt.Sprintf("price drift: %s, history's average and not a forecast (it replaces the base scenario's view, %.4g a year)",
			fitted, view), nil
	}
	how := ""
	if f.Model == ModelRegimeGBM {
		how = ", the fitted regime drifts shifted by one amount to have it as their stationary mean"
	}
	return fmt.Sprintf("price drift: the base scenario's view, %.4g a year%s (%s, is history's average, not a forecast, and is not used)",
		view, how, fitted), nil
}

// fittedDrift formats the drift of fit f: "μ ± se a year" for GBM and
// Merton, the stationary mean of the regime drifts for the regime model
// (ending in a comma, which closes the apposition).
func fittedDrift(c *Calibration, f *Fit) string {
	if f.Model == ModelRegimeGBM {
		r := c.Price.Regime
		return fmt.Sprintf("%.3g a year, the stationary mean of regime drifts %.3g and %.3g,",
			stationaryMean(r.Stationary, r.DriftsPerYear), r.DriftsPerYear[0], r.DriftsPerYear[1])
	}
	p, _ := f.Param(ParamDriftPerYear)
	return fmt.Sprintf("%.3g ± %.2g a year", p.Value, p.StdErr)
}

// driftView returns the drift view of a price model: DriftPerYear, or for
// a regime model the mean of its regime drifts weighted by the chain's
// stationary distribution.
func driftView(p market.PriceModel) (float64, error) {
	if p.Model != market.PriceRegime {
		return p.DriftPerYear, nil
	}
	g, err := dist.NewRegimeGBM(p.RegimeDriftsPerYear, p.RegimeVolsPerYear, p.RegimeGeneratorPerYear)
	if err != nil {
		return 0, fmt.Errorf("calib: the base scenario's regime price model: %w", err)
	}
	return stationaryMean(g.Stationary(), p.RegimeDriftsPerYear), nil
}

// keepDriftView sets the drift of the fitted price model pm to base's view.
func keepDriftView(pm *market.PriceModel, base market.PriceModel) error {
	view, err := driftView(base)
	if err != nil {
		return err
	}
	if pm.Model != market.PriceRegime {
		pm.DriftPerYear = view
		return nil
	}
	g, err := dist.NewRegimeGBM(pm.RegimeDriftsPerYear, pm.RegimeVolsPerYear, pm.RegimeGeneratorPerYear)
	if err != nil {
		return fmt.Errorf("calib: the fitted regime price model: %w", err)
	}
	shift := view - stationaryMean(g.Stationary(), pm.RegimeDriftsPerYear)
	for i := range pm.RegimeDriftsPerYear {
		pm.RegimeDriftsPerYear[i] += shift
	}
	return nil
}

// stationaryMean returns Σ π_i·μ_i.
func stationaryMean(pi, mu []float64) float64 {
	var m float64
	for i := range pi {
		m += pi[i] * mu[i]
	}
	return m
}

// upperFirst returns s with its first letter upper-cased.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// priceModel returns the chosen fit as the scenario's price model, with the
// scheduled shocks of base.
func (c *Calibration) priceModel(choose PriceModelChoice, base market.PriceModel) (market.PriceModel, error) {
	f, err := c.PriceFit(choose)
	if err != nil {
		return market.PriceModel{}, err
	}
	pm := market.PriceModel{Shocks: slices.Clone(base.Shocks)}
	switch f.Model {
	case ModelGBM:
		g := c.Price.GBM
		pm.Model, pm.DriftPerYear, pm.VolPerYear = market.PriceGBM, g.DriftPerYear, g.VolPerYear
	case ModelMerton:
		m := c.Price.Merton
		pm.Model, pm.DriftPerYear, pm.VolPerYear = market.PriceMerton, m.DriftPerYear, m.VolPerYear
		pm.JumpsPerYear, pm.JumpMeanLog, pm.JumpSDLog = m.JumpsPerYear, m.JumpMeanLog, m.JumpSDLog
	case ModelRegimeGBM:
		r := c.Price.Regime
		pm.Model = market.PriceRegime
		pm.RegimeDriftsPerYear = slices.Clone(r.DriftsPerYear)
		pm.RegimeVolsPerYear = slices.Clone(r.VolsPerYear)
		pm.RegimeGeneratorPerYear = make([][]float64, len(r.GeneratorPerYear))
		for i, row := range r.GeneratorPerYear {
			pm.RegimeGeneratorPerYear[i] = slices.Clone(row)
		}
		// Start in the regime the filter finds most likely on the last day.
		if n := len(r.Filtered); n > 0 && r.Filtered[n-1][1] > r.Filtered[n-1][0] {
			pm.StartRegime = 1
		}
	}
	return pm, nil
}
