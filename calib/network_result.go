package calib

import (
	"math"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
	"gonum.org/v1/gonum/mat"
)

// LagRSS is one point of the price-lag profile: the residual sum of squares
// of the network regression at a price lag.
type LagRSS struct {
	PriceLagYears float64 `json:"priceLagYears"`
	RSS           float64 `json:"rss"`
}

// NetworkFit is the fit of the network hashrate's error-correction model
// (market.NetworkParams) to daily history by FitNetwork. Its LogLik is the
// Gaussian quasi-log-likelihood of the n period residuals; AIC and BIC
// count g, κ, e and σ, and τ when it was profiled.
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
	// 1 − e^{−κΔ}, Δ the period in years) and "trend" (φ·g per year), with
	// their HAC standard errors.
	Coef []Param `json:"coef"`
	// ErrorCorrectionBiasBoundPerYear bounds the upward small-sample bias
	// of ErrorCorrectionPerYear, per year: (2 + 4ψ)/(n·ψ·Δ) with ψ =
	// e^{−κΔ} and n regressions, reached when the hashrate's own shocks
	// rather than revenue move the gap (after Kendall, "Note on bias in the
	// estimation of autocorrelation", Biometrika 41, 1954).
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
func (f *NetworkFit) NetworkParams() market.NetworkParams {
	return market.NetworkParams{
		TrendGrowthPerYear:       f.TrendGrowthPerYear,
		ErrorCorrectionPerYear:   f.ErrorCorrectionPerYear,
		PriceLagYears:            f.PriceLagYears,
		NoiseVolPerYear:          f.NoiseVolPerYear,
		MarginalEfficiencyJPerTH: f.MarginalEfficiencyJPerTH,
		MarginalPowerUSDPerMWh:   f.MarginalPowerUSDPerMWh,
	}
}

// fit turns the regression into the model's parameters at the power price
// power (USD/MWh).
func (d *networkData) fit(reg *netRegression, power float64) *NetworkFit {
	f := d.newNetworkFit(reg, power)
	delta := float64(d.m) * dt
	tEnd := float64(len(d.logH)-1) * dt
	est := f.estimate(reg, delta, tEnd, power)
	cov := est.covariance(reg, delta, tEnd)

	// Like any autoregression on a short sample, ψ̂ = 1 − φ̂ is biased down:
	// by about (2 + 4ψ)/n when the hashrate's own shocks alone move the gap
	// and the regression has a trend (Kendall's intercept-only bias is
	// (1 + 3ψ)/n); revenue moving the gap makes it smaller.
	psi := 1 - est.phi
	f.ErrorCorrectionBiasBoundPerYear = (2 + 4*psi) / (float64(reg.n) * psi * delta)
	f.TrendGrowthPerYear = est.g
	f.ErrorCorrectionPerYear = est.kappa
	f.NoiseVolPerYear = est.sigma
	f.MarginalEfficiencyJPerTH = est.eEnd
	f.MarginalEfficiencyStartJPerTH = math.Exp(est.logEP - math.Log(power))
	f.setParams([]string{ParamTrendGrowth, ParamErrorCorrection, ParamMarginalEfficiency, ParamNoiseVol},
		[]float64{est.g, est.kappa, est.eEnd, est.sigma}, cov)
	if est.sigma == 0 {
		f.Params[3].StdErr = math.NaN()
	}
	if se := f.Params[1].StdErr; f.ErrorCorrectionBiasBoundPerYear > se {
		f.warn("errorCorrectionPerYear may be biased up by as much as %.2g a year in %d periods (more than its standard error %.2g); "+
			"less where price swings and halvings move the gap", f.ErrorCorrectionBiasBoundPerYear, reg.n, se)
	}
	f.setFixed(reg.tau, power)
	return f
}

// newNetworkFit returns the fit's record of the regression: the window,
// the given inputs, the coefficients, the first-stage F (with a warning
// when the instrument is weak) and the Gaussian quasi-log-likelihood of
// the n period residuals.
func (d *networkData) newNetworkFit(reg *netRegression, power float64) *NetworkFit {
	f := &NetworkFit{
		Fit: Fit{
			Model:        ModelNetwork,
			StdErrMethod: StdErrHAC,
			N:            reg.n,
			DaysPerYear:  DaysPerYear,
			Converged:    true,
		},
		From:                   d.dates[0],
		To:                     d.dates[len(d.logH)-1],
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
	f.LogLik = -float64(reg.n) / 2 * (math.Log(2*math.Pi*reg.rss/float64(reg.n)) + 1)
	return f
}

// netEstimate is the model's parameters recovered from the regression's
// coefficients (a₀, φ, trend) and residual variance s².
type netEstimate struct {
	a0, phi, trend float64 // coefficients, φ kept below 1
	s2             float64 // residual variance, n − 3 degrees of freedom
	kappa, g       float64 // κ and g, per year
	logEP          float64 // ln(e₀·p), e₀ the efficiency at the window's first day
	eEnd           float64 // e at the window's last day, J/TH
	w              float64 // kernelW(κ, Δ)
	sigma          float64 // σ, per √year
}

// estimate inverts φ = 1 − e^{−κΔ}, trend = φ·g and a₀ = g·Δ − φ·ln(e₀·p)
// for κ, g and e (at time tEnd, in years, with power price power) and
// derives σ (noiseVol), warning when φ ≥ 1 sets κ to its bound.
func (f *NetworkFit) estimate(reg *netRegression, delta, tEnd, power float64) netEstimate {
	e := netEstimate{a0: reg.beta[0], phi: reg.beta[1], trend: reg.beta[2], s2: reg.rss / float64(reg.n-3)}
	if e.phi >= 1 {
		f.warn("gap coefficient φ = %.3g ≥ 1: the hashrate overshoots its break-even within a period; κ is set to its bound", e.phi)
		e.phi = 1 - 1e-12
	}
	e.kappa = -math.Log1p(-e.phi) / delta
	e.g = e.trend / e.phi
	e.logEP = (e.g*delta - e.a0) / e.phi
	logEEnd := e.logEP - e.g*tEnd - math.Log(power)
	e.w = kernelW(e.kappa, delta)
	e.sigma = f.noiseVol(e.s2, reg.vbar, e.w)
	e.eEnd = math.Exp(logEEnd)
	return e
}

// noiseVol returns σ, per √year, from the residual variance s2, the mean
// measurement variance vbar and W = kernelW(κ, Δ): averaging turns the daily
// shocks' variance into σ²·W (W = ∫w², w the averaging kernel of the
// ARMA(1,1) innovation, 2Δ/3 for small κΔ), and the measurement error adds
// vbar, the mean of v_{k+1} + (1 − φ)²·v_k with v_k the period mean's
// Poisson variance Σ(1/BlkCnt)/m². So σ² = (s² − vbar)/W, set to 0 with a
// warning when that is not positive. This assumes, as holds for Coin
// Metrics' HashRate, that a day's hashrate is measured from that day's
// blocks; a series smoothed beforehand has less noise, and σ comes out too
// low.
func (f *NetworkFit) noiseVol(s2, vbar, w float64) float64 {
	sig2 := (s2 - vbar) / w
	if !(sig2 > 0) {
		f.warn("residual variance %.3g is below the measurement noise %.3g: noise volatility set to 0", s2, vbar)
		sig2 = 0
	}
	return math.Sqrt(sig2)
}

// covariance maps the HAC covariance of (a₀, φ, trend) and the variance of
// s² to the covariance of (g, κ, e, σ) by the delta method: κ = −ln(1 −
// φ)/Δ, g = trend/φ, ln e = (g·Δ − a₀)/φ − g·tEnd − ln p and σ as in
// noiseVol. The variance of s² is Bartlett's for the sample variance of an
// MA(1), 2s⁴(1 + 2ρ₁²)/n.
func (e netEstimate) covariance(reg *netRegression, delta, tEnd float64) *mat.SymDense {
	varS2 := 2 * e.s2 * e.s2 * (1 + 2*reg.rho1*reg.rho1) / float64(reg.n)
	// Derivatives in (a₀, φ, trend, s²).
	dKappa := 1 / ((1 - e.phi) * delta)
	dG := [4]float64{0, -e.trend / (e.phi * e.phi), 1 / e.phi, 0}
	dLogEP := [4]float64{
		-1 / e.phi,
		delta*dG[1]/e.phi - (e.g*delta-e.a0)/(e.phi*e.phi),
		delta * dG[2] / e.phi,
		0,
	}
	var dLogE [4]float64
	for i := range dLogE {
		dLogE[i] = dLogEP[i] - tEnd*dG[i]
	}
	var dSigma [4]float64
	if e.sigma > 0 {
		h := 1e-4 * math.Max(e.kappa, 1)
		dW := (kernelW(e.kappa+h, delta) - kernelW(math.Max(e.kappa-h, 0), delta)) / (e.kappa + h - math.Max(e.kappa-h, 0))
		dSigma[1] = -e.sigma / (2 * e.w) * dW * dKappa
		dSigma[3] = 1 / (2 * e.sigma * e.w)
	}
	jac := mat.NewDense(4, 4, nil)
	for i := 0; i < 4; i++ {
		jac.Set(0, i, dG[i])
		jac.Set(2, i, e.eEnd*dLogE[i])
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
	return sandwich(jac, in)
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
