package calib

import (
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Parameter names of the two-regime fit: the JSON names of the regime
// fields of the scenario's BTC price model (market.PriceModel with model
// "regime"), indexed. Regime 0 is always the calmer one (lower volatility).
const (
	ParamDrift0     = "regimeDriftsPerYear[0]"       // arithmetic drift per year in regime 0
	ParamVol0       = "regimeVolsPerYear[0]"         // volatility per √year in regime 0
	ParamDrift1     = "regimeDriftsPerYear[1]"       // arithmetic drift per year in regime 1
	ParamVol1       = "regimeVolsPerYear[1]"         // volatility per √year in regime 1
	ParamSwitch01   = "regimeGeneratorPerYear[0][1]" // rate of switching from regime 0 to 1, per year
	ParamSwitch10   = "regimeGeneratorPerYear[1][0]" // rate of switching from regime 1 to 0, per year
	regimeMinReturn = 30
)

// RegimeFit is the maximum-likelihood fit of a two-regime Markov-switching
// GBM to daily log returns. Regimes are labelled by volatility: regime 0 is
// the calmer, regime 1 the more volatile (this fixes the labels, which the
// likelihood alone leaves free).
type RegimeFit struct {
	Fit
	// DriftsPerYear[j] is the expected arithmetic return per year while in
	// regime j (E[X_t] = X_0·e^{μ_j t} if the regime stayed j).
	DriftsPerYear []float64 `json:"driftsPerYear"`
	// VolsPerYear[j] is the volatility per √year in regime j (> 0).
	VolsPerYear []float64 `json:"volsPerYear"`
	// GeneratorPerYear is the regime chain's generator Q (rates per year;
	// rows sum to 0), as dist.NewRegimeGBM takes it.
	GeneratorPerYear [][]float64 `json:"generatorPerYear"`
	// TransitionPerDay is P = e^{Q·dt}: TransitionPerDay[i][j] is the
	// probability of being in regime j one day after being in regime i.
	TransitionPerDay [][]float64 `json:"transitionPerDay"`
	// TransitionPerYear is e^{Q}, the same over one year.
	TransitionPerYear [][]float64 `json:"transitionPerYear"`
	// Stationary is the long-run share of time in each regime.
	Stationary []float64 `json:"stationary"`
	// Filtered[t][j] is the probability that return t (the returns passed
	// to FitRegimeGBM, in order) was drawn in regime j given returns 0..t
	// (Hamilton's filter).
	Filtered [][2]float64 `json:"filtered"`
	// Smoothed[t][j] is the same given all returns (Kim's smoother).
	Smoothed [][2]float64 `json:"smoothed"`
}

// FitRegimeGBM fits a GBM whose drift and volatility switch between two
// regimes that follow a continuous-time Markov chain (generator Q, rates per
// year), observed daily, to daily log returns by maximum likelihood. Within
// regime j a daily log return is N((μ_j − σ_j²/2)·dt, σ_j²·dt); the regime
// of successive days moves by P = e^{Q·dt}, for two regimes with switching
// rates q01, q10 and q = q01 + q10
//
//	P = I + (1 − e^{−q·dt})/q · Q,
//
// so every fitted P is embeddable in continuous time and the generator is
// identified. Each regime must last RegimeMinMeanDays on average (both
// rates at most 18.25 a year); a rate at that bound (within 1e-4 of it,
// relatively) is flagged: Param.AtBound, a warning, a NaN standard error,
// and the others' standard errors conditional on it.
//
// Method: the likelihood is Hamilton's filter ("A new approach to the
// economic analysis of nonstationary time series and the business cycle",
// Econometrica 57, 1989) started from the chain's stationary distribution,
// maximised by BFGS with the analytic gradient (the filter's forward
// sensitivities) from two starts that classify days by a 21-day rolling
// volatility above or below its median. Standard errors come from the
// observed information (else the outer product of the daily conditional
// scores, with a warning) by the delta method. Smoothed probabilities use
// Kim's smoother ("Dynamic linear models with Markov-switching", J.
// Econometrics 60, 1994).
//
// It needs at least 30 finite returns that are not all equal. It is an
// error when half of the returns or more are equal, when a regime's daily
// standard deviation collapses below 1e-6 of the sample's (where the
// likelihood grows without bound), or when an estimate is not a finite
// number.
func FitRegimeGBM(returns []float64) (*RegimeFit, error) {
	if err := checkReturns(returns, regimeMinReturn); err != nil {
		return nil, err
	}
	if err := checkSpread(ModelRegimeGBM, ParamVol0, returns); err != nil {
		return nil, err
	}
	lik := newRegimeLik(returns)
	m := &mle{
		n:       len(returns),
		nll:     lik.nll,
		grad:    lik.grad,
		perObs:  lik.perObs,
		natural: lik.natural,
		k:       6,
	}
	theta, fbest, gnorm, err := m.minimize(lik.starts())
	if err != nil {
		return nil, err
	}
	// Label regimes by volatility: regime 0 the calmer.
	if theta[3] < theta[1] {
		theta = []float64{theta[2], theta[3], theta[0], theta[1], theta[5], theta[4]}
	}
	if err := lik.degenerate(theta); err != nil {
		return nil, err
	}
	nat := make([]float64, 6)
	lik.natural(nat, theta)
	held := regimeAtBound(theta)
	cov, method, notes := m.covarianceHeld(theta, held)

	q01, q10 := nat[4], nat[5]
	f := &RegimeFit{
		Fit: Fit{
			Model:        ModelRegimeGBM,
			StdErrMethod: method,
			LogLik:       -fbest * float64(len(returns)),
			N:            len(returns),
			DaysPerYear:  DaysPerYear,
			Converged:    gnorm <= gradTol,
			Warnings:     notes,
		},
		DriftsPerYear:     []float64{nat[0], nat[2]},
		VolsPerYear:       []float64{nat[1], nat[3]},
		GeneratorPerYear:  [][]float64{{-q01, q01}, {q10, -q10}},
		TransitionPerDay:  twoStateTransition(q01, q10, dt),
		TransitionPerYear: twoStateTransition(q01, q10, 1),
		Stationary:        []float64{q10 / (q01 + q10), q01 / (q01 + q10)},
	}
	if !f.Converged {
		f.warn("optimiser stopped with gradient norm %.3g (want ≤ %.1g): the estimates may not be the maximum", gnorm, gradTol)
	}
	f.Filtered, f.Smoothed = lik.smooth(theta)
	f.setParams([]string{ParamDrift0, ParamVol0, ParamDrift1, ParamVol1, ParamSwitch01, ParamSwitch10}, nat, cov)
	f.flagBounds(held)
	f.setCriteria()
	if err := f.checkFinite(); err != nil {
		return nil, err
	}
	return f, nil
}

// twoStateTransition returns e^{Q·t} for the two-state generator with rates
// q01 and q10 (closed form: I + (1 − e^{−qt})/q · Q with q = q01 + q10).
func twoStateTransition(q01, q10, t float64) [][]float64 {
	q := q01 + q10
	h := -math.Expm1(-q*t) / q
	return [][]float64{
		{1 - h*q01, h * q01},
		{h * q10, 1 - h*q10},
	}
}

// regimeLik is the two-regime log-likelihood of fixed returns in working
// parameters θ = (m0/s̄, ln(s0/s̄), m1/s̄, ln(s1/s̄), √ln(A/(q01·dt)),
// √ln(A/(q10·dt))), with m_j and s_j the daily mean and standard deviation
// in regime j, s̄ the sample standard deviation and A = 1/RegimeMinMeanDays
// the largest switching rate per day (see switchRate).
type regimeLik struct {
	r     []float64
	scale float64
}

func newRegimeLik(r []float64) *regimeLik {
	_, sd := meanSD(r)
	return &regimeLik{r: r, scale: sd}
}

// unpack returns the daily means, variances and one-day transition
// probabilities p01 (0 → 1) and p10 (1 → 0).
func (q *regimeLik) unpack(theta []float64) (m, v [2]float64, p01, p10 float64) {
	s := q.scale
	m = [2]float64{theta[0] * s, theta[2] * s}
	v = [2]float64{s * s * math.Exp(2*theta[1]), s * s * math.Exp(2*theta[3])}
	a, b := switchRate(theta[4]), switchRate(theta[5]) // switching rates per day
	h := -math.Expm1(-(a + b)) / (a + b)
	return m, v, h * a, h * b
}

// switchRate maps a working parameter to a switching rate per day,
// A·e^{−θ²} with A = 1/RegimeMinMeanDays: at most A, reached at θ = 0,
// where the likelihood is stationary in θ (a minimum of the negative
// log-likelihood when the bound binds, so the optimiser settles on it).
func switchRate(theta float64) float64 {
	return math.Exp(-theta*theta) / RegimeMinMeanDays
}

// switchTheta is the inverse of switchRate for a rate a per day in
// (0, A]: √ln(A/a).
func switchTheta(a float64) float64 {
	return math.Sqrt(max(-math.Log(a*RegimeMinMeanDays), 0))
}

// natural maps θ to (drift0, vol0, drift1, vol1, q01, q10), annualised.
func (q *regimeLik) natural(dst, theta []float64) {
	m, v, _, _ := q.unpack(theta)
	for j := 0; j < 2; j++ {
		dst[2*j] = (m[j] + v[j]/2) / dt
		dst[2*j+1] = math.Sqrt(v[j] / dt)
	}
	dst[4] = switchRate(theta[4]) / dt
	dst[5] = switchRate(theta[5]) / dt
}

// filter runs Hamilton's filter at θ. It returns the log-likelihood and,
// when the slices are non-nil, stores each return's conditional log
// density, and the predicted and filtered probabilities of regime 1.
func (q *regimeLik) filter(theta []float64, logf, pred1, filt1 []float64) float64 {
	m, v, p01, p10 := q.unpack(theta)
	if !(v[0] > 0 && v[1] > 0 && p01+p10 > 0) || math.IsInf(v[0]+v[1], 0) {
		return math.Inf(-1)
	}
	c0, c1 := -0.5*math.Log(2*math.Pi*v[0]), -0.5*math.Log(2*math.Pi*v[1])
	pr1 := p01 / (p01 + p10) // stationary start
	var ll float64
	for t, r := range q.r {
		d0, d1 := r-m[0], r-m[1]
		l0 := c0 - d0*d0/(2*v[0])
		l1 := c1 - d1*d1/(2*v[1])
		top := max(l0, l1)
		w0 := (1 - pr1) * math.Exp(l0-top)
		w1 := pr1 * math.Exp(l1-top)
		lf := top + math.Log(w0+w1)
		ll += lf
		f1 := w1 / (w0 + w1)
		if logf != nil {
			logf[t] = lf
		}
		if pred1 != nil {
			pred1[t] = pr1
			filt1[t] = f1
		}
		pr1 = (1-f1)*p01 + f1*(1-p10)
	}
	return ll
}

// nll returns the negative log-likelihood per return at θ.
func (q *regimeLik) nll(theta []float64) float64 {
	f := -q.filter(theta, nil, nil, nil) / float64(len(q.r))
	if math.IsNaN(f) {
		return math.Inf(1)
	}
	return f
}

// grad stores the gradient of nll with respect to θ in g. It runs the
// filter once and carries the derivatives of the predicted probability
// along (forward sensitivities of Hamilton's recursion):
//
//	π' = p01 + f1·(1 − p01 − p10),  f1 = π·e1/f,  f = (1 − π)·e0 + π·e1,
//
// with e_j the density of the return in regime j, differentiated by the
// product and quotient rules.
func (q *regimeLik) grad(g, theta []float64) {
	for i := range g[:6] {
		g[i] = 0
	}
	m, v, p01, p10 := q.unpack(theta)
	if !(v[0] > 0 && v[1] > 0 && p01+p10 > 0) || math.IsInf(v[0]+v[1], 0) {
		return
	}
	s := q.scale
	a, b := switchRate(theta[4]), switchRate(theta[5])
	da, db := -2*theta[4]*a, -2*theta[5]*b // ∂a/∂θ4, ∂b/∂θ5
	sum := a + b
	h := -math.Expm1(-sum) / sum
	hp := (math.Exp(-sum) - h) / sum // dh/da = dh/db
	// Derivatives of p01 = h·a and p10 = h·b with respect to θ4 and θ5.
	dp01 := [2]float64{(h + a*hp) * da, a * hp * db}
	dp10 := [2]float64{b * hp * da, (h + b*hp) * db}

	c0, c1 := -0.5*math.Log(2*math.Pi*v[0]), -0.5*math.Log(2*math.Pi*v[1])
	pr1 := a / sum // stationary start, = p01/(p01 + p10)
	var dpr [6]float64
	dpr[4], dpr[5] = b/(sum*sum)*da, -a/(sum*sum)*db
	var acc [6]float64
	for _, r := range q.r {
		d0, d1 := r-m[0], r-m[1]
		l0 := c0 - d0*d0/(2*v[0])
		l1 := c1 - d1*d1/(2*v[1])
		top := max(l0, l1)
		e0, e1 := math.Exp(l0-top), math.Exp(l1-top)
		f := (1-pr1)*e0 + pr1*e1
		f1 := pr1 * e1 / f
		// Gradients of ln e0 (θ0, θ1) and ln e1 (θ2, θ3).
		dl := [4]float64{s * d0 / v[0], d0*d0/v[0] - 1, s * d1 / v[1], d1*d1/v[1] - 1}
		var dlf [6]float64
		for i := range dlf {
			x := (e1 - e0) * dpr[i]
			switch i {
			case 0, 1:
				x += (1 - pr1) * e0 * dl[i]
			case 2, 3:
				x += pr1 * e1 * dl[i]
			}
			dlf[i] = x / f
			acc[i] += dlf[i]
		}
		// Next predicted probability and its derivatives.
		k := 1 - p01 - p10
		for i := range dpr {
			df1 := dpr[i]*e1/f - f1*dlf[i]
			if i == 2 || i == 3 {
				df1 += f1 * dl[i]
			}
			next := df1 * k
			if i >= 4 {
				next += dp01[i-4] - f1*(dp01[i-4]+dp10[i-4])
			}
			dpr[i] = next
		}
		pr1 = p01 + f1*k
	}
	n := float64(len(q.r))
	for i := range acc {
		g[i] = -acc[i] / n
	}
}

// perObs stores each return's conditional log density at θ in dst.
func (q *regimeLik) perObs(dst, theta []float64) {
	q.filter(theta, dst, nil, nil)
}

// smooth returns the filtered and smoothed regime probabilities at θ.
func (q *regimeLik) smooth(theta []float64) (filtered, smoothed [][2]float64) {
	n := len(q.r)
	pred1 := make([]float64, n)
	filt1 := make([]float64, n)
	q.filter(theta, nil, pred1, filt1)
	_, _, p01, p10 := q.unpack(theta)
	filtered = make([][2]float64, n)
	smoothed = make([][2]float64, n)
	for t := range filt1 {
		filtered[t] = [2]float64{1 - filt1[t], filt1[t]}
	}
	smoothed[n-1] = filtered[n-1]
	for t := n - 2; t >= 0; t-- {
		// Kim: ξ_{t|T}(i) = ξ_{t|t}(i)·Σ_j P_ij ξ_{t+1|T}(j)/ξ_{t+1|t}(j).
		r0 := ratio(smoothed[t+1][0], 1-pred1[t+1])
		r1 := ratio(smoothed[t+1][1], pred1[t+1])
		s0 := filtered[t][0] * ((1-p01)*r0 + p01*r1)
		s1 := filtered[t][1] * (p10*r0 + (1-p10)*r1)
		tot := s0 + s1
		smoothed[t] = [2]float64{s0 / tot, s1 / tot}
	}
	return filtered, smoothed
}

// ratio returns a/b, or 0 when b is 0 (then a is 0 too: a regime the
// filter ruled out cannot be smoothed back in).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// starts returns starting working parameters: days are split by whether
// their centred 21-day rolling volatility is above its median, each group
// gives a regime's mean and volatility, and the switching rates start at
// 1/100 and 1/30 a day (mean durations of 100 and 30 days, inside the
// bound of RegimeMinMeanDays).
func (q *regimeLik) starts() [][]float64 {
	r := q.r
	n := len(r)
	const half = 10
	roll := make([]float64, n)
	for t := range r {
		lo, hi := max(0, t-half), min(n, t+half+1)
		_, roll[t] = meanSD(r[lo:hi])
	}
	sorted := slices.Clone(roll)
	slices.Sort(sorted)
	cut := quantileSorted(sorted, 0.5)
	var calm, wild []float64
	for t, x := range r {
		if roll[t] <= cut {
			calm = append(calm, x)
		} else {
			wild = append(wild, x)
		}
	}
	if len(calm) < 2 || len(wild) < 2 {
		calm, wild = r, r
	}
	m0, s0 := meanSD(calm)
	m1, s1 := meanSD(wild)
	s := q.scale
	if !(s0 > 0) {
		s0 = s / 2
	}
	if !(s1 > s0) {
		s1 = 2 * s0
	}
	var out [][]float64
	for _, rate := range []float64{1.0 / 100, 1.0 / 30} {
		out = append(out, []float64{m0 / s, math.Log(s0 / s), m1 / s, math.Log(s1 / s), switchTheta(rate), switchTheta(rate)})
	}
	return out
}

// Process returns the fitted process as a dist.RegimeGBM, or the error of
// dist's validation (a fitted rate beyond dist's range, for instance).
func (f *RegimeFit) Process() (dist.RegimeGBM, error) {
	return dist.NewRegimeGBM(f.DriftsPerYear, f.VolsPerYear, f.GeneratorPerYear)
}
