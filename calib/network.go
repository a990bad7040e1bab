package calib

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
)

// ModelNetwork is the Fit.Model of FitNetwork: the scenario's hashrate
// process (model.NetworkParams).
const ModelNetwork = "network"

// Parameter names of the network fit: the JSON names of model.NetworkParams'
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
	// price and efficiency). 0 selects model.DefaultNetworkParams' value;
	// otherwise in (0, 10000].
	MarginalPowerUSDPerMWh float64 `json:"marginalPowerUSDPerMWh"`
}

// LagRSS is one point of the price-lag profile: the residual sum of squares
// of the network regression at a price lag.
type LagRSS struct {
	PriceLagYears float64 `json:"priceLagYears"`
	RSS           float64 `json:"rss"`
}

// NetworkFit is the least-squares fit of the network hashrate's
// error-correction model (model.NetworkParams) to daily history.
type NetworkFit struct {
	Fit
	// From and To are the first and last day of the fitted window.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// TrendGrowthPerYear is g, per year.
	TrendGrowthPerYear float64 `json:"trendGrowthPerYear"`
	// ErrorCorrectionPerYear is κ, per year (≥ 0).
	ErrorCorrectionPerYear float64 `json:"errorCorrectionPerYear"`
	// NoiseVolPerYear is σ, per √year (≥ 0).
	NoiseVolPerYear float64 `json:"noiseVolPerYear"`
	// PriceLagYears is τ, in years: the given value or the profile's best.
	PriceLagYears float64 `json:"priceLagYears"`
	// MarginalPowerUSDPerMWh is p, in USD/MWh, as given.
	MarginalPowerUSDPerMWh float64 `json:"marginalPowerUSDPerMWh"`
	// MarginalEfficiencyJPerTH is e at the window's last day, in J/TH: the
	// value a scenario starting then needs (e(t) = e₀·e^{−g·t}).
	MarginalEfficiencyJPerTH float64 `json:"marginalEfficiencyJPerTH"`
	// MarginalEfficiencyStartJPerTH is e at the window's first day, in J/TH.
	MarginalEfficiencyStartJPerTH float64 `json:"marginalEfficiencyStartJPerTH"`
	// PeriodDays is the averaging period, in days.
	PeriodDays int `json:"periodDays"`
	// Coef holds the regression's coefficients: "intercept", "gap" (φ =
	// 1 − e^{−κΔ}) and "trend" (φ·g per year), with their HAC standard
	// errors.
	Coef []Param `json:"coef"`
	// ErrorCorrectionBiasBoundPerYear bounds the upward small-sample bias
	// of ErrorCorrectionPerYear, per year: (2 + 4ψ)/(n·ψ·Δ) with ψ =
	// e^{−κΔ}, reached when the hashrate's own shocks rather than revenue
	// move the gap (see FitNetwork).
	ErrorCorrectionBiasBoundPerYear float64 `json:"errorCorrectionBiasBoundPerYear"`
	// FirstStageF is the F statistic of the excluded instrument in the
	// first-stage regression of the gap; below 10 the instrument is weak
	// (Staiger and Stock, Econometrica 65, 1997) and Warnings says so.
	FirstStageF float64 `json:"firstStageF"`
	// MeasurementVar is the mean variance that the measurement noise of the
	// period means of log hashrate adds to a regression residual,
	// v_{k+1} + (1 − φ)²·v_k with v_k = Σ(1/BlkCnt)/m² (about 2/(144·m)),
	// which the noise volatility is net of.
	MeasurementVar float64 `json:"measurementVar"`
	// Profile lists the residual sum of squares at each candidate price
	// lag (one entry when τ was given).
	Profile []LagRSS `json:"profile"`
}

// NetworkParams returns the fit as the scenario's network parameters.
func (f *NetworkFit) NetworkParams() model.NetworkParams {
	return model.NetworkParams{
		TrendGrowthPerYear:       f.TrendGrowthPerYear,
		ErrorCorrectionPerYear:   f.ErrorCorrectionPerYear,
		PriceLagYears:            f.PriceLagYears,
		NoiseVolPerYear:          f.NoiseVolPerYear,
		MarginalEfficiencyJPerTH: f.MarginalEfficiencyJPerTH,
		MarginalPowerUSDPerMWh:   f.MarginalPowerUSDPerMWh,
	}
}

// FitNetwork fits the hashrate error-correction model of package model
// (model.NetworkParams),
//
//	d log H = g·dt + κ·(log H* − log H)·dt + σ·dW,
//	H* = 144·(subsidy + fees)·P̄ ÷ (e(t)·24·p/1e6),  e(t) = e₀·e^{−g·t},
//
// to the days of h from from to to (both included; a zero time means h's
// first or last day), exactly as the market uses it: H in EH/s is the
// HashrateTHs column over 1e6, subsidy and fees per block are the day's
// IssuanceBTC and FeesBTC over its Blocks, and P̄ is the BTC price smoothed
// exponentially with time constant τ, log P̄ moving toward log P by
// 1 − e^{−dt/τ} each day. The smoothing starts at the first day of the
// unbroken run of priced days that leads into the window, so the days
// before from warm it up. The move of the hashrate into day j answers to
// day j's smoothed price, fees and subsidy per block, the market's timing
// (its step into day j uses the step's new price and fees and the subsidy
// of the blocks it mines; only on a halving day does the day's mean
// subsidy, which mixes two eras, differ from it). When the history has no
// IssuanceBTC column but
// starts at the genesis day (2009-01-03) with every block count, the
// subsidy comes from model.BlockSubsidy on the heights the counts give.
//
// # Identification
//
// As in the market, the marginal fleet's efficiency improves at the trend
// rate g. The model then says the hashrate outgrows revenue at g in the long
// run, so g is identified by the time trend of the gap between log revenue
// and log hashrate, κ by how fast the gap closes, and the level of H* only
// up to the product e·p: the power price p is therefore taken as given
// (NetworkOptions) and the fit reports the efficiency e that goes with it.
// A different p gives the same dynamics with e scaled by the inverse ratio.
// The efficiency is reported at the window's last day, the start of a
// scenario that follows the window. The price lag τ is either given or
// profiled over a small grid, and the standard errors of the other
// parameters are conditional on it.
//
// # Sampling and estimator
//
// Coin Metrics' daily hashrate is the day's block count times its
// difficulty: its log carries a Poisson measurement error of variance about
// 1/BlkCnt, some 8 % a day, eight times the model's daily shock. The fit
// therefore averages the days into periods of PeriodDays (default 28), whose
// mean log hashrate has an error of about 1.5 %. Averaging a continuous
// process, however, correlates the period regression's error with the
// current period's average (Working, "Note on the correlation of first
// differences of averages in a random chain", Econometrica 28, 1960): the
// averaged gap is an ARMA(1,1) whose autoregressive root is exactly
// e^{−κΔ}, and ordinary least squares is inconsistent. For a gap moved by
// the hashrate's own shocks alone it would understate κ by about a third
// (the first autocorrelation of the period means is about 1 − (2/3)κΔ, not
// e^{−κΔ}), while the measurement error biases it the other way; how much
// of either reaches the estimate depends on how much of the gap's movement
// revenue (price swings, halvings) causes. With Δ the period in years, ȳ_k
// the period-k mean of log H, Z the log break-even hashrate at e·p = 1 and
// Z̃_k the mean of Z over periods k and k+1 (the stretch the averaged
// equation integrates over), the model gives
//
//	ȳ_{k+1} − ȳ_k = a₀ + φ·(Z̃_k − ȳ_k) + φ·g·t̄_k + η_k,
//	φ = 1 − e^{−κΔ},  a₀ = g·Δ − φ·ln(e₀·p),
//
// up to terms of order (κΔ)²·ΔZ, with t̄_k the period's mean time in years
// since the window's first day. The error η_k depends on periods k and k+1
// only, so the fit estimates the equation by instrumental variables (two-
// stage least squares, which is exact here: three instruments for three
// coefficients), instrumenting the gap with the previous period's gap
// (Z̄_{k−1} − ȳ_{k−1}), which neither the period's shocks nor its
// measurement error reach; this is consistent for κ under both problems,
// and it also absorbs the correlation of the hashrate shock with the price
// shock. Standard errors are Newey–West HAC with lag
// max(2, ⌊4·(n/100)^{2/9}⌋), for η_k is MA(1) by construction, mapped to
// (g, κ, e) by the delta method: κ = −ln(1 − φ)/Δ, g = trend/φ,
// ln(e₀·p) = (g·Δ − a₀)/φ.
//
// The noise volatility comes from the residual variance s²: averaging turns
// the daily shocks' variance into σ²·W(κ, Δ), W = ∫w², w the averaging
// kernel of the ARMA(1,1) innovation (2Δ/3 for small κΔ), and the
// measurement error adds v_{k+1} + (1 − φ)²·v_k, with v_k the period mean's
// Poisson variance Σ(1/BlkCnt)/m² (which assumes, as holds for Coin
// Metrics' HashRate, that the daily hashrate is measured from that day's
// blocks; a series smoothed beforehand has less noise, and σ would come out
// too low). So σ² = (s² − v̄)/W; its standard error
// uses Bartlett's variance of a sample variance of an MA(1),
// 2s⁴(1 + 2ρ₁²)/n, and the delta method. LogLik is the Gaussian quasi-
// log-likelihood of the n period residuals; AIC and BIC count g, κ, e and
// σ, plus τ when it was profiled.
//
// Like any autoregression on a short sample, ψ̂ = 1 − φ̂ is biased down:
// by about (2 + 4ψ)/n with n regressions when the gap moves by the
// hashrate's own shocks alone and the regression has a trend (the
// intercept-only bias is (1 + 3ψ)/n: Kendall, "Note on bias in the
// estimation of autocorrelation", Biometrika 41, 1954), so κ̂ is biased up
// by up to ErrorCorrectionBiasBoundPerYear = (2 + 4ψ)/(n·ψ·Δ). Where revenue
// moves the gap, as bitcoin's price and halvings do, the bias is much
// smaller; a warning flags a bound larger than κ's standard error. A window
// of a few years determines κ only loosely, and its standard error says so.
//
// When the gap coefficient φ comes out ≤ 0 the data show no error
// correction at all and the model does not describe them: FitNetwork
// returns an error naming the coefficient (a longer window usually helps).
//
// It needs at least 14 periods (12 regressions) of consecutive days with a
// price, a positive hashrate, a positive block count, fees and issuance
// (or heights).
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
	var best *netRegression
	profile := make([]LagRSS, 0, len(o.PriceLagYears))
	for _, tau := range o.PriceLagYears {
		reg, err := d.regress(tau)
		if err != nil {
			return nil, err
		}
		profile = append(profile, LagRSS{PriceLagYears: tau, RSS: reg.rss})
		if best == nil || reg.rss < best.rss {
			best = reg
		}
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
		o.MarginalPowerUSDPerMWh = model.DefaultNetworkParams().MarginalPowerUSDPerMWh
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

// networkData is the daily input of the network fit.
type networkData struct {
	dates    []time.Time // the window's days
	logPrice []float64   // log price from the start of the smoothing (warm-up, then the window)
	warm     int         // days of warm-up before the window in logPrice
	logH     []float64   // log hashrate in EH/s, per window day
	measVar  []float64   // measurement variance of logH, 1/blocks, per window day
	logRev   []float64   // log BreakEvenHashrateEHs(subsidy + fees per block, 1, 1, 1), per window day
	m        int         // period length in days
}

// newNetworkData extracts and checks the network fit's daily inputs.
func newNetworkData(h *History, from, to time.Time, m int) (*networkData, error) {
	if h == nil || h.Len() == 0 {
		return nil, errors.New("calib: network fit: empty history")
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	i0, i1, err := h.windowIndex(from, to)
	if err != nil {
		return nil, fmt.Errorf("calib: network fit: %w", err)
	}
	if err := h.require("calib: network fit: ", colHashrate, colBlocks, colFees); err != nil {
		return nil, err
	}
	subsidy, err := h.subsidyBTC(i0, i1)
	if err != nil {
		return nil, fmt.Errorf("calib: network fit: %w", err)
	}
	// The smoothing starts at the first day of the unbroken priced run that
	// reaches the window.
	s0 := i0
	for s0 > 0 && h.PriceUSD[s0-1] > 0 && h.Dates[s0-1].AddDate(0, 0, 1).Equal(h.Dates[s0]) {
		s0--
	}
	n := i1 - i0 + 1
	d := &networkData{
		dates:   h.Dates[i0 : i1+1],
		warm:    i0 - s0,
		logH:    make([]float64, n),
		measVar: make([]float64, n),
		logRev:  make([]float64, n),
		m:       m,
	}
	for i := s0; i <= i1; i++ {
		if i > s0 && !h.Dates[i-1].AddDate(0, 0, 1).Equal(h.Dates[i]) {
			return nil, fmt.Errorf("calib: network fit: gap in the history: %s follows %s (want consecutive days)",
				dayString(h.Dates[i]), dayString(h.Dates[i-1]))
		}
		p := h.PriceUSD[i]
		if !(p > 0) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("calib: network fit: no usable price on %s (PriceUSD = %g)", dayString(h.Dates[i]), p)
		}
		d.logPrice = append(d.logPrice, math.Log(p))
	}
	for j := 0; j < n; j++ {
		i := i0 + j
		day := dayString(h.Dates[i])
		hr, blocks, fees := h.HashrateTHs[i], h.Blocks[i], h.FeesBTC[i]
		switch {
		case !(hr > 0):
			return nil, fmt.Errorf("calib: network fit: no positive hashrate on %s (HashRate %s)", day, cellString(hr))
		case !(blocks > 0):
			return nil, fmt.Errorf("calib: network fit: no blocks on %s (BlkCnt %s)", day, cellString(blocks))
		case !(fees >= 0):
			return nil, fmt.Errorf("calib: network fit: no fees on %s (FeeTotNtv %s)", day, cellString(fees))
		}
		d.logH[j] = math.Log(hr / 1e6)
		d.measVar[j] = 1 / blocks
		reward := subsidy[j] + fees/blocks
		if !(reward > 0) {
			return nil, fmt.Errorf("calib: network fit: no block reward on %s (subsidy %g + fees %g BTC per block)", day, subsidy[j], fees/blocks)
		}
		// H* at price 1 USD, e = 1 J/TH and p = 1 USD/MWh: H* is linear in
		// the price and inversely proportional to e and p.
		d.logRev[j] = math.Log(model.BreakEvenHashrateEHs(reward, 1, 1, 1))
	}
	if k := (n - 1) / m; k-2 < networkMinObs {
		return nil, fmt.Errorf("calib: network fit: %d days give %d periods of %d days, %d regressions; need at least %d regressions (%d days)",
			n, k, m, max(k-2, 0), networkMinObs, (networkMinObs+2)*m+1)
	}
	return d, nil
}

// warmupYears is the length of the price history before the window.
func (d *networkData) warmupYears() float64 { return float64(d.warm) * dt }

// netRegression is the instrumental-variables regression at one price lag.
type netRegression struct {
	tau     float64
	n       int           // regressions
	beta    [3]float64    // intercept, gap, trend
	cov     *mat.SymDense // HAC covariance of beta
	rss     float64
	rho1    float64 // lag-1 autocorrelation of the residuals
	vbar    float64 // mean measurement variance of the residuals
	firstF  float64
	periods int
}

// driver returns Z_j, the log break-even hashrate (EH/s) at e·p = 1 of
// each window day j: the log of model.BreakEvenHashrateEHs at the day's
// reward per block and 1 USD, plus the smoothed log price, which starts at
// the first price of the warm-up and moves toward each day's log price by
// 1 − e^{−dt/τ}, as the market's does in daily steps (τ = 0: no smoothing).
func (d *networkData) driver(tau float64) []float64 {
	w := 1.0
	if tau > 0 {
		w = -math.Expm1(-dt / tau)
	}
	z := make([]float64, len(d.logH))
	lag := d.logPrice[0]
	for i, lp := range d.logPrice {
		lag += w * (lp - lag)
		if j := i - d.warm; j >= 0 {
			z[j] = d.logRev[j] + lag
		}
	}
	return z
}

// regress runs the period regression at price lag tau.
func (d *networkData) regress(tau float64) (*netRegression, error) {
	n := len(d.logH)
	m := d.m
	z := d.driver(tau)
	// Period means. Period k covers days km..km+m−1; the driver of the move
	// into day j+1 is Z_{j+1}, so period k's driver mean runs over days
	// km+1..km+m.
	K := (n - 1) / m
	ybar := make([]float64, K)
	zbar := make([]float64, K)
	vbar := make([]float64, K)
	tbar := make([]float64, K)
	for k := 0; k < K; k++ {
		var sy, sz, sv float64
		for j := k * m; j < (k+1)*m; j++ {
			sy += d.logH[j]
			sz += z[j+1]
			sv += d.measVar[j]
		}
		fm := float64(m)
		ybar[k], zbar[k], vbar[k] = sy/fm, sz/fm, sv/(fm*fm)
		tbar[k] = (float64(k*m) + (fm-1)/2) * dt
	}
	nObs := K - 2
	x := mat.NewDense(nObs, 3, nil)
	inst := mat.NewDense(nObs, 3, nil)
	y := mat.NewVecDense(nObs, nil)
	for r := 0; r < nObs; r++ {
		k := r + 1
		y.SetVec(r, ybar[k+1]-ybar[k])
		x.Set(r, 0, 1)
		x.Set(r, 1, (zbar[k]+zbar[k+1])/2-ybar[k])
		x.Set(r, 2, tbar[k])
		inst.Set(r, 0, 1)
		inst.Set(r, 1, zbar[k-1]-ybar[k-1])
		inst.Set(r, 2, tbar[k])
	}
	reg := &netRegression{tau: tau, n: nObs, periods: K}
	// Just-identified IV: β = (W'X)⁻¹ W'y.
	var wx mat.Dense
	wx.Mul(inst.T(), x)
	var wy mat.VecDense
	wy.MulVec(inst.T(), y)
	var lu mat.LU
	lu.Factorize(&wx)
	if lu.Det() == 0 || lu.Cond() > 1e14 {
		return nil, errors.New("calib: network fit: the regressors are collinear (does the hashrate or the revenue never move?)")
	}
	var beta mat.VecDense
	if err := lu.SolveVecTo(&beta, false, &wy); err != nil {
		return nil, fmt.Errorf("calib: network fit: %w", err)
	}
	for i := range reg.beta {
		reg.beta[i] = beta.AtVec(i)
	}
	e := make([]float64, nObs)
	for r := range e {
		e[r] = y.AtVec(r) - mat.Dot(x.RowView(r), &beta)
		reg.rss += e[r] * e[r]
	}
	var c0, c1 float64
	for r := range e {
		c0 += e[r] * e[r]
		if r > 0 {
			c1 += e[r] * e[r-1]
		}
	}
	if c0 > 0 {
		reg.rho1 = c1 / c0
	}
	psi := 1 - reg.beta[1]
	for r := 0; r < nObs; r++ {
		k := r + 1
		reg.vbar += vbar[k+1] + psi*psi*vbar[k]
	}
	reg.vbar /= float64(nObs)

	// HAC meat S = Σ_l w_l Σ_r (W_r e_r)(W_{r−l} e_{r−l})' + transpose.
	L := max(2, int(4*math.Pow(float64(nObs)/100, 2.0/9)))
	g := mat.NewDense(nObs, 3, nil)
	for r := 0; r < nObs; r++ {
		for c := 0; c < 3; c++ {
			g.Set(r, c, inst.At(r, c)*e[r])
		}
	}
	meat := mat.NewDense(3, 3, nil)
	for l := 0; l <= L; l++ {
		wl := 1 - float64(l)/float64(L+1)
		for r := l; r < nObs; r++ {
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					v := wl * g.At(r, a) * g.At(r-l, b)
					meat.Set(a, b, meat.At(a, b)+v)
					if l > 0 {
						meat.Set(b, a, meat.At(b, a)+v)
					}
				}
			}
		}
	}
	// (W'X)⁻¹ S (X'W)⁻¹, with the small-sample factor n/(n − 3).
	var inv mat.Dense
	if err := inv.Inverse(&wx); err != nil {
		return nil, fmt.Errorf("calib: network fit: %w", err)
	}
	var tmp, full mat.Dense
	tmp.Mul(&inv, meat)
	full.Mul(&tmp, inv.T())
	full.Scale(float64(nObs)/float64(nObs-3), &full)
	reg.cov = mat.NewSymDense(3, nil)
	for a := 0; a < 3; a++ {
		for b := a; b < 3; b++ {
			reg.cov.SetSym(a, b, (full.At(a, b)+full.At(b, a))/2)
		}
	}
	reg.firstF = firstStageF(x, inst)
	return reg, nil
}

// firstStageF returns the F statistic (one restriction: a squared t) of the
// excluded instrument (column 1 of inst) in the OLS regression of the
// endogenous regressor (column 1 of x) on all instruments.
func firstStageF(x, inst *mat.Dense) float64 {
	n, _ := inst.Dims()
	var qr mat.QR
	qr.Factorize(inst)
	target := mat.NewVecDense(n, nil)
	for r := 0; r < n; r++ {
		target.SetVec(r, x.At(r, 1))
	}
	var coef mat.VecDense
	if err := qr.SolveVecTo(&coef, false, target); err != nil {
		return 0
	}
	var rss float64
	for r := 0; r < n; r++ {
		d := target.AtVec(r) - mat.Dot(inst.RowView(r), &coef)
		rss += d * d
	}
	s2 := rss / float64(n-3)
	var wtw mat.SymDense
	wtw.SymOuterK(1, inst.T())
	var ch mat.Cholesky
	if !ch.Factorize(&wtw) {
		return 0
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return 0
	}
	b := coef.AtVec(1)
	return b * b / (s2 * inv.At(1, 1))
}

// kernelW returns W(κ, Δ) = ∫w², the variance, per unit σ², of the
// innovation η_k = Ḡ_{k+1} − e^{−κΔ}·Ḡ_k of the period averages Ḡ of an
// Ornstein–Uhlenbeck process (speed κ per year, period Δ years). Over the
// first period the kernel is w(Δ−u) = e^{−κu}·(1 − e^{−κ(Δ−u)})/(κΔ), over
// the second w(Δ+s) = (1 − e^{−κ(Δ−s)})/(κΔ), u, s ∈ [0, Δ]; it tends to the
// triangle of height 1 as κ → 0, where W = 2Δ/3. Simpson's rule on 400
// intervals (the integrand is smooth).
func kernelW(kappa, delta float64) float64 {
	f := func(u float64) float64 {
		var a, b float64 // first and second period's kernel at distance u
		if kappa*delta < 1e-12 {
			a = (delta - u) / delta
			b = (delta - u) / delta
		} else {
			a = -math.Exp(-kappa*u) * math.Expm1(-kappa*(delta-u)) / (kappa * delta)
			b = -math.Expm1(-kappa*(delta-u)) / (kappa * delta)
		}
		return a*a + b*b
	}
	const steps = 400
	h := delta / steps
	s := f(0) + f(delta)
	for i := 1; i < steps; i++ {
		wt := 2.0
		if i%2 == 1 {
			wt = 4
		}
		s += wt * f(float64(i)*h)
	}
	return s * h / 3
}

// fit turns the regression into the model's parameters.
func (d *networkData) fit(reg *netRegression, power float64) *NetworkFit {
	n := len(d.logH)
	delta := float64(d.m) * dt
	tEnd := float64(n-1) * dt
	f := &NetworkFit{
		Fit: Fit{
			Model:        ModelNetwork,
			StdErrMethod: StdErrHAC,
			N:            reg.n,
			DaysPerYear:  DaysPerYear,
			Converged:    true,
		},
		From:                   d.dates[0],
		To:                     d.dates[n-1],
		PriceLagYears:          reg.tau,
		MarginalPowerUSDPerMWh: power,
		PeriodDays:             d.m,
		FirstStageF:            reg.firstF,
		MeasurementVar:         reg.vbar,
	}
	f.Coef = make([]Param, 3)
	for i, name := range []string{"intercept", "gap", "trend"} {
		f.Coef[i] = Param{Name: name, Value: reg.beta[i], StdErr: math.Sqrt(math.Max(reg.cov.At(i, i), 0))}
	}
	if reg.firstF < 10 {
		f.warn("weak instrument: first-stage F = %.3g < 10; κ and g are poorly determined", reg.firstF)
	}
	s2 := reg.rss / float64(reg.n-3)
	f.LogLik = -float64(reg.n) / 2 * (math.Log(2*math.Pi*reg.rss/float64(reg.n)) + 1)
	varS2 := 2 * s2 * s2 * (1 + 2*reg.rho1*reg.rho1) / float64(reg.n)

	a0, phi, a2 := reg.beta[0], reg.beta[1], reg.beta[2]
	if phi >= 1 {
		f.warn("gap coefficient φ = %.3g ≥ 1: the hashrate overshoots its break-even within a period; κ is set to its bound", phi)
		phi = 1 - 1e-12
	}
	kappa := -math.Log1p(-phi) / delta
	g := a2 / phi
	logEP := (g*delta - a0) / phi // ln(e₀·p)
	logEEnd := logEP - g*tEnd - math.Log(power)
	w := kernelW(kappa, delta)
	sig2 := (s2 - reg.vbar) / w
	if !(sig2 > 0) {
		f.warn("residual variance %.3g is below the measurement noise %.3g: noise volatility set to 0", s2, reg.vbar)
		sig2 = 0
	}
	sigma := math.Sqrt(sig2)

	// Delta method over (a0, φ, trend, s²).
	dKappa := 1 / ((1 - phi) * delta)
	dG := [4]float64{0, -a2 / (phi * phi), 1 / phi, 0}
	dLogEP := [4]float64{
		-1 / phi,
		delta*dG[1]/phi - (g*delta-a0)/(phi*phi),
		delta * dG[2] / phi,
		0,
	}
	var dLogE [4]float64
	for i := range dLogE {
		dLogE[i] = dLogEP[i] - tEnd*dG[i]
	}
	eEnd := math.Exp(logEEnd)
	var dSigma [4]float64
	if sigma > 0 {
		h := 1e-4 * math.Max(kappa, 1)
		dW := (kernelW(kappa+h, delta) - kernelW(math.Max(kappa-h, 0), delta)) / (kappa + h - math.Max(kappa-h, 0))
		dSigma[1] = -sigma / (2 * w) * dW * dKappa
		dSigma[3] = 1 / (2 * sigma * w)
	}
	jac := mat.NewDense(4, 4, nil)
	for i := 0; i < 4; i++ {
		jac.Set(0, i, dG[i])
		jac.Set(2, i, eEnd*dLogE[i])
		jac.Set(3, i, dSigma[i])
	}
	jac.Set(1, 1, dKappa)
	in := mat.NewSymDense(4, nil)
	for a := 0; a < 3; a++ {
		for b := a; b < 3; b++ {
			in.SetSym(a, b, reg.cov.At(a, b))
		}
	}
	in.SetSym(3, 3, varS2)
	cov := sandwich(jac, in)

	psi := 1 - phi
	f.ErrorCorrectionBiasBoundPerYear = (2 + 4*psi) / (float64(reg.n) * psi * delta)
	f.TrendGrowthPerYear = g
	f.ErrorCorrectionPerYear = kappa
	f.NoiseVolPerYear = sigma
	f.MarginalEfficiencyJPerTH = eEnd
	f.MarginalEfficiencyStartJPerTH = math.Exp(logEP - math.Log(power))
	f.setParams([]string{ParamTrendGrowth, ParamErrorCorrection, ParamMarginalEfficiency, ParamNoiseVol},
		[]float64{g, kappa, eEnd, sigma}, cov)
	if sigma == 0 {
		f.Params[3].StdErr = math.NaN()
	}
	if se := f.Params[1].StdErr; f.ErrorCorrectionBiasBoundPerYear > se {
		f.warn("errorCorrectionPerYear may be biased up by as much as %.2g a year in %d periods (more than its standard error %.2g); "+
			"less where price swings and halvings move the gap", f.ErrorCorrectionBiasBoundPerYear, reg.n, se)
	}
	f.setFixed(reg.tau, power)
	return f
}

// setFixed records the given or profiled inputs of the network fit.
func (f *NetworkFit) setFixed(tau, power float64) {
	f.Fixed = []Param{
		{Name: ParamPriceLag, Value: tau, StdErr: math.NaN()},
		{Name: ParamMarginalPower, Value: power, StdErr: math.NaN()},
	}
}

// sandwich returns J·C·Jᵀ, symmetrised.
func sandwich(j *mat.Dense, c *mat.SymDense) *mat.SymDense {
	r, _ := j.Dims()
	var tmp, full mat.Dense
	tmp.Mul(j, c)
	full.Mul(&tmp, j.T())
	out := mat.NewSymDense(r, nil)
	for a := 0; a < r; a++ {
		for b := a; b < r; b++ {
			out.SetSym(a, b, (full.At(a, b)+full.At(b, a))/2)
		}
	}
	return out
}

// dayString formats a date as 2006-01-02.
func dayString(t time.Time) string { return t.Format(time.DateOnly) }
