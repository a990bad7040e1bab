package calib

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// ModelFees is the Fit.Model of FitFees: the scenario's fee process
// (market.FeeParams).
const ModelFees = "fees"

// Parameter names of the fee fit: the JSON names of market.FeeParams'
// fields.
const (
	ParamFeeLevel     = "levelBTC"     // L, long-run median of fees per block without spikes, BTC
	ParamFeeSpeed     = "speedPerYear" // κ, mean-reversion speed of log fees, per year
	ParamFeeVol       = "volPerYear"   // σ, volatility of log fees, per √year
	ParamFeeJumps     = "jumpsPerYear" // λ, fee spikes per year
	ParamFeeJumpMean  = "jumpMeanLog"  // mean log size of a spike
	ParamFeeJumpSD    = "jumpSDLog"    // standard deviation of a spike's log size
	feeMinDays        = 60
	feeMaxSpeedPerDay = 1.0 // κ·dt bound of the fit (365 a year, the scenario's range)
)

// FeeFit is the maximum-likelihood fit of the scenario's fee process
// (market.FeeParams: an exponential Ornstein–Uhlenbeck process with spikes) to
// daily fees per block.
type FeeFit struct {
	Fit
	// From and To are the first and last day of the fitted window.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// LevelBTC is L, BTC per block (> 0).
	LevelBTC float64 `json:"levelBTC"`
	// SpeedPerYear is κ, per year (> 0).
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, per √year (> 0).
	VolPerYear float64 `json:"volPerYear"`
	// JumpsPerYear is λ, spikes per year (in (0, 365)).
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is the mean log size of a spike.
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is the standard deviation of a spike's log size (> 0).
	JumpSDLog float64 `json:"jumpSDLog"`
	// SpeedBiasPerYear is the approximate upward small-sample bias of
	// SpeedPerYear, per year: (1 + 3b)/(n·b·dt) with b = e^{−κ·dt} (Kendall
	// 1954), about 4/T over T years.
	SpeedBiasPerYear float64 `json:"speedBiasPerYear"`
	// MinFeesPerBlockBTC is the smallest daily fee per block in the window,
	// BTC: a scenario's fee floor should not exceed it.
	MinFeesPerBlockBTC float64 `json:"minFeesPerBlockBTC"`
}

// FeeParams returns the fit as the scenario's fee parameters, with the
// given floor (BTC per block), which the data do not determine.
func (f *FeeFit) FeeParams(floorBTC float64) market.FeeParams {
	return market.FeeParams{
		LevelBTC:     f.LevelBTC,
		SpeedPerYear: f.SpeedPerYear,
		VolPerYear:   f.VolPerYear,
		FloorBTC:     floorBTC,
		JumpsPerYear: f.JumpsPerYear,
		JumpMeanLog:  f.JumpMeanLog,
		JumpSDLog:    f.JumpSDLog,
	}
}

// FitFees fits the scenario's fee process (market.FeeParams),
//
//	d log F = κ·(log L − log F)·dt + σ·dW + dJ,
//
// J compound Poisson of rate λ with N(m, s²) log-jumps, to the daily fees
// per block F (FeesBTC over Blocks, BTC) of the days of h from from to to
// (both included; a zero time means h's first or last day).
//
// Method: maximum likelihood, exact for the diffusion: with x = log F and
// dt = 1/365, a day is the AR(1) x_{t+1} = (1 − b)·log L + b·x_t + e,
// b = e^{−κ·dt}, e ~ N(0, σ²(1 − b²)/(2κ)), plus the day's spikes, whose
// decay within the day (a factor off 1 by κ·dt) is neglected, so the
// innovation is Merton's Poisson mixture of normals (see FitMerton). BFGS
// runs from two starts that split an OLS AR(1)'s residuals into diffusion
// and spikes at 3 and 4 robust standard deviations; standard errors come
// from the observed information (else the outer product of the daily
// scores, with a warning) by the delta method. Spikes are the days whose
// log change, up or down, the diffusion cannot explain; fees' weekly cycle
// and slowly decaying bursts are read as noise and spikes, which a long
// window averages over. κ̂ is biased up by
// about 4/T a year over T years (SpeedBiasPerYear; Kendall, Biometrika 41,
// 1954), with a warning when that exceeds half its standard error.
//
// It needs at least 60 consecutive days with blocks and positive fees.
func FitFees(h *History, from, to time.Time) (*FeeFit, error) {
	w, err := feeDays(h, from, to)
	if err != nil {
		return nil, err
	}
	lik, err := newFeeLik(w.x)
	if err != nil {
		return nil, err
	}
	m := &mle{
		n:       len(w.x) - 1,
		nll:     lik.nll,
		grad:    lik.grad,
		perObs:  lik.perObs,
		natural: lik.natural,
		k:       6,
	}
	theta, fbest, gnorm, err := m.minimize([][]float64{lik.start(3), lik.start(4)})
	if err != nil {
		return nil, fmt.Errorf("calib: fee fit: %w", err)
	}
	f := newFeeFit(w, lik, m, theta, fbest, gnorm)
	f.diagnose(lik, theta)
	f.setCriteria()
	return f, nil
}

// feeWindow is the fee fit's data.
type feeWindow struct {
	from, to time.Time // the window's first and last day
	x        []float64 // log fees per block (BTC) of each day
	minFee   float64   // smallest fees per block, BTC
}

// feeDays checks the days of h from from to to (see FitFees) and returns
// their log fees per block.
func feeDays(h *History, from, to time.Time) (feeWindow, error) {
	if h == nil || h.Len() == 0 {
		return feeWindow{}, errors.New("calib: fee fit: empty history")
	}
	if err := h.check(); err != nil {
		return feeWindow{}, err
	}
	i0, i1, err := h.windowIndex(from, to)
	if err != nil {
		return feeWindow{}, fmt.Errorf("calib: fee fit: %w", err)
	}
	if err := h.require("calib: fee fit: ", colFees, colBlocks); err != nil {
		return feeWindow{}, err
	}
	w := feeWindow{from: h.Dates[i0], to: h.Dates[i1], x: make([]float64, 0, i1-i0+1), minFee: math.Inf(1)}
	for i := i0; i <= i1; i++ {
		day := dayString(h.Dates[i])
		if i > i0 && !h.Dates[i-1].AddDate(0, 0, 1).Equal(h.Dates[i]) {
			return feeWindow{}, fmt.Errorf("calib: fee fit: gap in the history: %s follows %s (want consecutive days)", day, dayString(h.Dates[i-1]))
		}
		fees, blocks := h.FeesBTC[i], h.Blocks[i]
		if !(blocks > 0) {
			return feeWindow{}, fmt.Errorf("calib: fee fit: no blocks on %s (BlkCnt %s)", day, cellString(blocks))
		}
		if !(fees > 0) {
			return feeWindow{}, fmt.Errorf("calib: fee fit: no positive fees on %s (FeeTotNtv %s)", day, cellString(fees))
		}
		f := fees / blocks
		w.minFee = min(w.minFee, f)
		w.x = append(w.x, math.Log(f))
	}
	if len(w.x) < feeMinDays {
		return feeWindow{}, fmt.Errorf("calib: fee fit: need at least %d days, have %d", feeMinDays, len(w.x))
	}
	return w, nil
}

// newFeeFit returns the fit at the optimum theta of m (nll fbest, gradient
// norm gnorm) with its parameters and their covariance, and a warning when
// the optimiser did not converge.
func newFeeFit(w feeWindow, lik *feeLik, m *mle, theta []float64, fbest, gnorm float64) *FeeFit {
	nat := make([]float64, 6)
	lik.natural(nat, theta)
	cov, method, notes := m.covariance(theta)
	n := len(w.x) - 1
	f := &FeeFit{
		Fit: Fit{
			Model:        ModelFees,
			StdErrMethod: method,
			LogLik:       -fbest * float64(n),
			N:            n,
			DaysPerYear:  DaysPerYear,
			Converged:    gnorm <= gradTol,
			Warnings:     notes,
		},
		From:               w.from,
		To:                 w.to,
		LevelBTC:           nat[0],
		SpeedPerYear:       nat[1],
		VolPerYear:         nat[2],
		JumpsPerYear:       nat[3],
		JumpMeanLog:        nat[4],
		JumpSDLog:          nat[5],
		MinFeesPerBlockBTC: w.minFee,
	}
	if !f.Converged {
		f.warn("optimiser stopped with gradient norm %.3g (want ≤ %.1g): the estimates may not be the maximum", gnorm, gradTol)
	}
	f.setParams([]string{ParamFeeLevel, ParamFeeSpeed, ParamFeeVol, ParamFeeJumps, ParamFeeJumpMean, ParamFeeJumpSD}, nat, cov)
	return f
}

// diagnose sets the speed's bias and warns when the spikes sit at their
// intensity bound or are not identified, and when the bias exceeds half
// the speed's standard error.
func (f *FeeFit) diagnose(lik *feeLik, theta []float64) {
	n := f.N
	_, b, _, l, _, _ := lik.daily(theta)
	f.SpeedBiasPerYear = (1 + 3*b) / (float64(n) * b * dt)
	switch {
	case l > 0.99*mertonMaxJumpsPerDay:
		f.warn("spike intensity at its bound of %g a year: spikes are not distinguishable from diffusion in these data", mertonMaxJumpsPerDay*DaysPerYear)
	case l*float64(n) < 1:
		f.warn("fewer than one spike expected in the whole sample (λ·N·dt = %.2g): the spike size is not identified", l*float64(n))
	}
	if se := f.Params[1].StdErr; f.SpeedBiasPerYear > se/2 {
		f.warn("speedPerYear is biased up by about %.2g a year in %d days (standard error %.2g)", f.SpeedBiasPerYear, n, se)
	}
}

// feeLik is the likelihood of the daily log fees x under the AR(1) with
// Poisson-normal innovations, in working parameters
// θ = (log L, ln(κ·dt), ln(√v/s̄), logit(λ·dt/Lmax), m, ln(s/s̄)), s̄ the
// standard deviation of the daily changes of x and Lmax =
// mertonMaxJumpsPerDay. The mixture machinery is FitMerton's.
type feeLik struct {
	x   []float64
	mix *mertonLik
}

func newFeeLik(x []float64) (*feeLik, error) {
	dx := make([]float64, len(x)-1)
	for i := range dx {
		dx[i] = x[i+1] - x[i]
	}
	if _, sd := meanSD(dx); !(sd > 0) {
		return nil, errors.New("calib: fee fit: the fees per block never change; no process can be fitted")
	}
	return &feeLik{x: x, mix: newMertonLik(dx)}, nil
}

// daily returns log L, b = e^{−κ·dt}, the diffusion variance v of a day,
// the spike probability rate l = λ·dt, the spike mean m and variance c = s².
func (q *feeLik) daily(theta []float64) (logL, b, v, l, m, c float64) {
	s := q.mix.scale
	kdt := math.Exp(theta[1])
	return theta[0], math.Exp(-kdt), s * s * math.Exp(2*theta[2]),
		mertonMaxJumpsPerDay / (1 + math.Exp(-theta[3])), theta[4], s * s * math.Exp(2*theta[5])
}

// natural maps θ to (levelBTC, speedPerYear, volPerYear, jumpsPerYear,
// jumpMeanLog, jumpSDLog).
func (q *feeLik) natural(dst, theta []float64) {
	logL, _, v, l, m, c := q.daily(theta)
	kdt := math.Exp(theta[1])
	dst[0] = math.Exp(logL)
	dst[1] = kdt / dt
	// σ² = v·2κ/(1 − b²), 1 − b² = −expm1(−2κ·dt).
	dst[2] = math.Sqrt(v * 2 * kdt / -math.Expm1(-2*kdt) / dt)
	dst[3] = l / dt
	dst[4] = m
	dst[5] = math.Sqrt(c)
}

// resid returns the innovation of day t+1.
func resid(x []float64, t int, logL, b float64) float64 {
	return x[t+1] - (1-b)*logL - b*x[t]
}

// nll returns the negative log-likelihood per daily change at θ.
func (q *feeLik) nll(theta []float64) float64 {
	logL, b, v, l, m, c := q.daily(theta)
	if !q.mix.setup(0, v, l, m, c) {
		return math.Inf(1)
	}
	var s float64
	for t := 0; t+1 < len(q.x); t++ {
		s += q.mix.obs(resid(q.x, t, logL, b), nil)
	}
	f := -s / float64(len(q.x)-1)
	if math.IsNaN(f) {
		return math.Inf(1)
	}
	return f
}

// grad stores the gradient of nll with respect to θ in g.
func (q *feeLik) grad(g, theta []float64) {
	logL, b, v, l, m, c := q.daily(theta)
	if !q.mix.setup(0, v, l, m, c) {
		for i := range g[:6] {
			g[i] = 0
		}
		return
	}
	// The mixture's gradient in its own daily parameters (mean shift,
	// v, l, m, c); the mean shift's derivative is −∂/∂r, and
	// ∂r/∂log L = −(1 − b), ∂r/∂b = log L − x_t.
	var gL, gB float64
	var gm [5]float64
	for t := 0; t+1 < len(q.x); t++ {
		var o [5]float64
		q.mix.obs(resid(q.x, t, logL, b), o[:])
		gL += o[0] * (1 - b)
		gB += o[0] * (q.x[t] - logL)
		for i := 1; i < 5; i++ {
			gm[i] += o[i]
		}
	}
	f := -1 / float64(len(q.x)-1)
	kdt := math.Exp(theta[1])
	g[0] = f * gL
	g[1] = f * gB * (-b * kdt) // db/dθ₁ = −b·κdt
	g[2] = f * gm[1] * 2 * v
	g[3] = f * gm[2] * l * (1 - l/mertonMaxJumpsPerDay)
	g[4] = f * gm[3]
	g[5] = f * gm[4] * 2 * c
}

// perObs stores the log density of each daily change at θ in dst.
func (q *feeLik) perObs(dst, theta []float64) {
	logL, b, v, l, m, c := q.daily(theta)
	if !q.mix.setup(0, v, l, m, c) {
		for i := range dst {
			dst[i] = math.Inf(-1)
		}
		return
	}
	for t := range dst {
		dst[t] = q.mix.obs(resid(q.x, t, logL, b), nil)
	}
}

// start returns working parameters from an OLS AR(1) of x whose residuals
// are split into diffusion and spikes at k robust standard deviations
// (mertonLik.start on the residuals).
func (q *feeLik) start(k float64) []float64 {
	x := q.x
	n := len(x) - 1
	var mx, my float64
	for t := 0; t < n; t++ {
		mx += x[t]
		my += x[t+1]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxy, sxx float64
	for t := 0; t < n; t++ {
		sxy += (x[t] - mx) * (x[t+1] - my)
		sxx += (x[t] - mx) * (x[t] - mx)
	}
	b := 0.99
	if sxx > 0 {
		b = sxy / sxx
	}
	// Keep the start inside the model: 0 < κ·dt ≤ feeMaxSpeedPerDay.
	b = math.Min(math.Max(b, math.Exp(-feeMaxSpeedPerDay)), math.Exp(-1e-4))
	a := my - b*mx
	logL := a / (1 - b)
	res := make([]float64, n)
	for t := range res {
		res[t] = x[t+1] - a - b*x[t]
	}
	// The residuals' own robust split, in the scale of the daily changes.
	r := &mertonLik{r: res, scale: q.mix.scale, logFact: q.mix.logFact}
	th := r.start(k)
	// th = (mean/s̄, ln(sd/s̄), logit l, jump mean, ln(b/s̄)); the mean of
	// the continuous part is absorbed by log L.
	return []float64{logL, math.Log(-math.Log(b)), th[1], th[2], th[3], th[4]}
}
