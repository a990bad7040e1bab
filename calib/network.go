package calib

import (
	"fmt"
	"math"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// ModelNetwork is the Fit.Model of FitNetwork: the scenario's hashrate
// process (market.NetworkParams).
const ModelNetwork = "network"

// Parameter names of the network fit: the JSON names of market.NetworkParams'
// fields.
const (
	ParamTrendGrowth        = "trendGrowthPerYear"       // g, log growth of the hashrate at constant revenue, per year
	ParamErrorCorrection    = "errorCorrectionPerYear"   // κ, speed of closing the gap to the break-even hashrate, per year
	ParamNoiseVol           = "noiseVolPerYear"          // σ, volatility of the hashrate's own shocks, per √year
	ParamMarginalEfficiency = "marginalEfficiencyJPerTH" // e, marginal fleet efficiency at the window's last day, J/TH
	ParamPriceLag           = "priceLagYears"            // τ, time constant of the price smoothing, years (given or profiled)
	ParamMarginalPower      = "marginalPowerUSDPerMWh"   // p, marginal power price, USD/MWh (given)
)

// StdErrHAC is the StdErrMethod of FitNetwork: heteroskedasticity- and
// autocorrelation-consistent standard errors of Newey and West ("A simple,
// positive semi-definite, heteroskedasticity and autocorrelation consistent
// covariance matrix", Econometrica 55, 1987), Bartlett kernel.
const StdErrHAC = "hac"

// DefaultPeriodDays is the averaging period of FitNetwork: four weeks, about
// two difficulty epochs, 13 periods a year.
const DefaultPeriodDays = 28

// DefaultPriceLagGrid returns the price lags, in years, over which FitNetwork
// profiles τ unless told otherwise: 0, 1, 2, 3, 4, 6, 9 and 12 months.
func DefaultPriceLagGrid() []float64 {
	return []float64{0, 1.0 / 12, 2.0 / 12, 3.0 / 12, 4.0 / 12, 6.0 / 12, 9.0 / 12, 1}
}

// networkMinObs is the fewest period regressions FitNetwork accepts.
const networkMinObs = 12

// NetworkOptions are the choices FitNetwork leaves to the user. The zero
// value selects the defaults.
type NetworkOptions struct {
	// PeriodDays is the length, in days, of the periods whose averages the
	// regression uses. 0 selects DefaultPeriodDays; otherwise in [7, 91].
	PeriodDays int `json:"periodDays"`
	// PriceLagYears lists the candidate price lags τ in years, each in
	// [0, 10]. One value fixes τ; several are profiled (the one with the
	// smallest residual sum of squares is kept); nil selects
	// DefaultPriceLagGrid.
	PriceLagYears []float64 `json:"priceLagYears,omitempty"`
	// MarginalPowerUSDPerMWh is p, the marginal miner's power price in
	// USD/MWh, taken as given (the data identify only the product of power
	// price and efficiency). 0 selects market.DefaultNetworkParams' value;
	// otherwise in (0, 10000].
	MarginalPowerUSDPerMWh float64 `json:"marginalPowerUSDPerMWh"`
}

// FitNetwork fits the market's hashrate error-correction model
// (market.NetworkParams) to the days of h from from to to (both included; a
// zero time means h's first or last day):
//
//	d log H = g·dt + κ·(log H* − log H)·dt + σ·dW,
//	H* = 144·(subsidy + fees)·P̄ ÷ (e(t)·24·p/1e6),  e(t) = e₀·e^{−g·t},
//
// H in EH/s, subsidy and fees in BTC per block, P̄ the USD price smoothed
// with time constant τ (warmed up on the priced days before from), e in
// J/TH and p in USD/MWh, as the market builds them. Only e·p is identified:
// p is given (NetworkOptions), e is reported at the window's last day, and
// τ is given or profiled over a grid.
//
// Method: two-stage least squares of the change of PeriodDays-day means of
// log H on the gap log H* − log H, instrumented by the previous period's
// gap (consistent under averaging, Working, Econometrica 28, 1960, and under
// the Poisson noise of block counts), Newey–West standard errors
// (Econometrica 55, 1987) and the delta method; network_iv.go derives it.
// It needs 12 regressions (14 periods) of consecutive days with a price,
// hashrate, blocks, fees and issuance (or every block count from the
// genesis day); data with no error correction (φ ≤ 0) are an error.
func FitNetwork(h *History, from, to time.Time, opts *NetworkOptions) (*NetworkFit, error) {
	var o NetworkOptions
	if opts != nil {
		o = *opts
	}
	if err := o.normalise(); err != nil {
		return nil, err
	}
	d, err := newNetworkData(h, from, to, o.PeriodDays)
	if err != nil {
		return nil, err
	}
	best, profile, err := d.profileLags(o.PriceLagYears)
	if err != nil {
		return nil, err
	}
	if phi := best.beta[1]; !(phi > 0) {
		return nil, fmt.Errorf("calib: network fit: no error correction in these data (gap coefficient φ = %.3g ± %.2g, want > 0): "+
			"the hashrate does not move toward the break-even hashrate; try a longer window", phi, math.Sqrt(best.cov.At(1, 1)))
	}
	f := d.fit(best, o.MarginalPowerUSDPerMWh)
	f.Profile = profile
	extraK := 0
	if len(o.PriceLagYears) > 1 {
		extraK = 1
		if best.tau == maxOf(o.PriceLagYears) {
			f.warn("price lag at the top of its grid (%.3g years): the profile may want a longer lag", best.tau)
		}
	}
	if warm := d.warmupYears(); best.tau > 0 && warm < 3*best.tau {
		f.warn("only %.2g years of prices before the window warm up a price smoothing of %.2g years", warm, best.tau)
	}
	f.setCriteriaExtra(extraK)
	return f, nil
}

// profileLags runs the regression at each price lag in lags and returns the
// one with the smallest residual sum of squares (the first on a tie) and
// the profile of every lag's.
func (d *networkData) profileLags(lags []float64) (*netRegression, []LagRSS, error) {
	var best *netRegression
	profile := make([]LagRSS, 0, len(lags))
	for _, tau := range lags {
		reg, err := d.regress(tau)
		if err != nil {
			return nil, nil, err
		}
		profile = append(profile, LagRSS{PriceLagYears: tau, RSS: reg.rss})
		if best == nil || reg.rss < best.rss {
			best = reg
		}
	}
	return best, profile, nil
}

// maxOf returns the largest element of x.
func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

// normalise fills the defaults of o and checks its values.
func (o *NetworkOptions) normalise() error {
	if o.PeriodDays == 0 {
		o.PeriodDays = DefaultPeriodDays
	}
	if o.PriceLagYears == nil {
		o.PriceLagYears = DefaultPriceLagGrid()
	}
	if o.MarginalPowerUSDPerMWh == 0 {
		o.MarginalPowerUSDPerMWh = market.DefaultNetworkParams().MarginalPowerUSDPerMWh
	}
	var c valid.Checker
	c.Int("periodDays", int64(o.PeriodDays), 7, 91)
	if len(o.PriceLagYears) == 0 {
		c.Add("priceLagYears", "[]", "at least one price lag (nil for the default grid)")
	}
	for i, tau := range o.PriceLagYears {
		c.Range(fmt.Sprintf("priceLagYears[%d]", i), tau, 0, 10)
	}
	if c.Positive("marginalPowerUSDPerMWh", o.MarginalPowerUSDPerMWh) {
		c.Range("marginalPowerUSDPerMWh", o.MarginalPowerUSDPerMWh, 0, 10000)
	}
	if err := c.Err(); err != nil {
		return fmt.Errorf("calib: network options: %w", err)
	}
	return nil
}
