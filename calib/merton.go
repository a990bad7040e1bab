package calib

import (
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Parameter names of the Merton fit beyond driftPerYear and volPerYear, the
// JSON names of dist.Merton's fields.
const (
	ParamJumpsPerYear = "jumpsPerYear" // Poisson jump intensity λ, jumps per year
	ParamJumpMeanLog  = "jumpMeanLog"  // mean a of the log jump size
	ParamJumpSDLog    = "jumpSDLog"    // standard deviation b of the log jump size
)

// MertonFit is the maximum-likelihood fit of Merton's jump-diffusion to
// daily log returns.
type MertonFit struct {
	Fit
	// DriftPerYear is μ, the expected arithmetic return per year including
	// the jumps (E[X_t] = X_0·e^{μt}), as in dist.Merton.
	DriftPerYear float64 `json:"driftPerYear"`
	VolPerYear   float64 `json:"volPerYear"`   // σ, diffusion volatility per √year (> 0)
	JumpsPerYear float64 `json:"jumpsPerYear"` // λ, jump intensity per year (> 0)
	JumpMeanLog  float64 `json:"jumpMeanLog"`  // a, mean log jump size
	JumpSDLog    float64 `json:"jumpSDLog"`    // b, standard deviation of the log jump size (> 0)
	// MaxJumpsPerDay is K, the number of jumps in a day at which the
	// Poisson mixture was truncated at the optimum.
	MaxJumpsPerDay int `json:"maxJumpsPerDay"`
	// NeglectedMass bounds the Poisson probability of more than K jumps in
	// a day that the truncation leaves out: (λ·dt)^{K+1}/(K+1)!.
	NeglectedMass float64 `json:"neglectedMass"`
}

// mertonTruncMass is the bound on the neglected Poisson mass P(N > K) at
// which the mixture is truncated; mertonMaxK caps K (never reached within
// the intensity bound, where K ≤ 14).
const (
	mertonTruncMass = 1e-12
	mertonMaxK      = 30
)

// mertonMaxJumpsPerDay is L, the upper bound of the jump intensity per day
// (365 a year, the upper end of the scenario's jumpsPerYear range). Jumps
// that arrive more often than daily are, at daily sampling, hard to tell
// from diffusion (a Poisson sum of many small normal jumps is nearly
// normal); the bound keeps the fit, and the mixture's truncation, finite.
const mertonMaxJumpsPerDay = 1.0

// mertonMinReturns is the fewest daily returns FitMerton accepts.
const mertonMinReturns = 30

// FitMerton fits Merton's jump-diffusion (Merton, "Option pricing when
// underlying stock returns are discontinuous", J. Financial Economics 3,
// 1976) to daily log returns by maximum likelihood:
//
//	dX/X = (μ − λκ) dt + σ dW + (e^Y − 1) dN,  N Poisson(λ), Y ~ N(a, b²),
//	κ = e^{a + b²/2} − 1,
//
// so E[X_t] = X_0·e^{μt}, dist.Merton's convention. A daily log return is a
// Poisson mixture of normals,
//
//	f(r) = Σ_k e^{−λdt}(λdt)^k/k! · φ(r; m + k·a, σ²dt + k·b²),
//	m = (μ − σ²/2 − λκ)·dt,
//
// truncated at the smallest K with (λdt)^{K+1}/(K+1)! ≤ 1e-12, a bound on
// the neglected probability P(N > K) (NeglectedMass).
//
// Method: BFGS with the analytic gradient from two robust starts, which
// take the returns beyond 3 or 4 robust standard deviations (1.4826 × the
// median absolute deviation) of the median as jumps (after the threshold
// estimators of Mancini, Scand. J. Statistics 36, 2009); the better optimum
// is kept: the mixture's likelihood is unbounded as a component's variance
// goes to zero, and the fit reports the interior local maximum the starts
// lead to. Standard errors come from the observed information (else the
// outer product of the daily scores, with a warning) by the delta method.
//
// Bounds keep the jumps identified: b ≥ R·σ·√dt with R =
// MertonMinJumpSDRatio, and λ ≤ 365 a year. An estimate at a bound (within
// 1e-4 of it, relatively) is flagged: Param.AtBound, a warning, a NaN
// standard error, and the others' standard errors conditional on it.
//
// It needs at least 30 finite returns that are not all equal. It is an
// error when half of the returns or more are equal, when the diffusion's
// daily standard deviation collapses below 1e-6 of the sample's (a price
// that repeats on many days), when the fit expects fewer than one jump in
// the whole sample (λ → 0, where the jump sizes are not identified and the
// model reduces to GBM), or when an estimate is not a finite number.
func FitMerton(returns []float64) (*MertonFit, error) {
	if err := checkReturns(returns, mertonMinReturns); err != nil {
		return nil, err
	}
	if err := checkSpread(ModelMerton, ParamVolPerYear, returns); err != nil {
		return nil, err
	}
	lik := newMertonLik(returns)
	m := &mle{
		n:       len(returns),
		nll:     lik.nll,
		grad:    lik.grad,
		perObs:  lik.perObs,
		natural: lik.natural,
		k:       5,
	}
	starts := [][]float64{lik.start(3), lik.start(4)}
	theta, fbest, gnorm, err := m.minimize(starts)
	if err != nil {
		return nil, err
	}
	if err := lik.degenerate(theta); err != nil {
		return nil, err
	}
	nat := make([]float64, 5)
	lik.natural(nat, theta)
	held := lik.atBound(theta)
	cov, method, notes := m.covarianceHeld(theta, held)

	_, _, l, _, _ := lik.daily(theta)
	k := mertonK(l)
	f := &MertonFit{
		Fit: Fit{
			Model:        ModelMerton,
			StdErrMethod: method,
			LogLik:       -fbest * float64(len(returns)),
			N:            len(returns),
			DaysPerYear:  DaysPerYear,
			Converged:    gnorm <= gradTol,
			Warnings:     notes,
		},
		DriftPerYear:   nat[0],
		VolPerYear:     nat[1],
		JumpsPerYear:   nat[2],
		JumpMeanLog:    nat[3],
		JumpSDLog:      nat[4],
		MaxJumpsPerDay: k,
		NeglectedMass:  math.Exp(float64(k+1)*math.Log(l) - lgamma(float64(k+2))),
	}
	if !f.Converged {
		f.warn("optimiser stopped with gradient norm %.3g (want ≤ %.1g): the estimates may not be the maximum", gnorm, gradTol)
	}
	if f.NeglectedMass > mertonTruncMass {
		f.warn("jump intensity %.3g per day needs more than %d jumps a day: neglected mixture mass %.3g", l, mertonMaxK, f.NeglectedMass)
	}
	f.setParams([]string{ParamDriftPerYear, ParamVolPerYear, ParamJumpsPerYear, ParamJumpMeanLog, ParamJumpSDLog}, nat, cov)
	f.flagBounds(held)
	f.setCriteria()
	if err := f.checkFinite(); err != nil {
		return nil, err
	}
	return f, nil
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// mertonK returns the truncation K for daily intensity l: the smallest K ≥ 1
// with l^{K+1}/(K+1)! ≤ mertonTruncMass, at most mertonMaxK.
func mertonK(l float64) int {
	logL := math.Log(l)
	for k := 1; k < mertonMaxK; k++ {
		if float64(k+1)*logL-lgamma(float64(k+2)) <= math.Log(mertonTruncMass) {
			return k
		}
	}
	return mertonMaxK
}

// mertonLik is the Merton log-likelihood of fixed returns in working
// parameters θ = (m/s̄, ln(σ√dt/s̄), logit(λ·dt/L), a, √ln(b/(R·σ√dt))), s̄
// the sample standard deviation, L = mertonMaxJumpsPerDay and R =
// MertonMinJumpSDRatio: b = R·σ√dt·e^{θ4²} ≥ R·σ√dt, with equality at
// θ4 = 0, where the likelihood is stationary in θ4 (a minimum of the
// negative log-likelihood when the bound binds, so the optimiser settles
// on it).
type mertonLik struct {
	r       []float64
	scale   float64   // s̄
	logFact []float64 // ln k!
	// The mixture at the current parameters, component k = 0..K: the
	// component's mean and inverse variance, and the log of its weight times
	// its normalising constant.
	K           int
	mean, invV  []float64
	base        []float64
	l           float64   // jump intensity per day of the current parameters
	lt          []float64 // scratch: terms of one return's mixture
	comps, jump []float64 // scratch: k and k/l − 1 as floats
}

func newMertonLik(r []float64) *mertonLik {
	_, sd := meanSD(r)
	lf := make([]float64, mertonMaxK+1)
	for k := 1; k <= mertonMaxK; k++ {
		lf[k] = lf[k-1] + math.Log(float64(k))
	}
	n := mertonMaxK + 1
	return &mertonLik{r: r, scale: sd, logFact: lf,
		mean: make([]float64, n), invV: make([]float64, n), base: make([]float64, n),
		lt: make([]float64, n), comps: make([]float64, n), jump: make([]float64, n)}
}

// daily returns the daily parameters: mean m, diffusion variance v, jump
// probability rate l = λ·dt, jump mean a and jump variance c = b².
func (q *mertonLik) daily(theta []float64) (m, v, l, a, c float64) {
	s := q.scale
	l = mertonMaxJumpsPerDay / (1 + math.Exp(-theta[2]))
	v = s * s * math.Exp(2*theta[1])
	const r2 = MertonMinJumpSDRatio * MertonMinJumpSDRatio
	return theta[0] * s, v, l, theta[3], r2 * v * math.Exp(2*theta[4]*theta[4])
}

// natural maps θ to (driftPerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog).
func (q *mertonLik) natural(dst, theta []float64) {
	m, v, l, a, c := q.daily(theta)
	kappa := math.Expm1(a + c/2)
	dst[0] = (m + v/2 + l*kappa) / dt
	dst[1] = math.Sqrt(v / dt)
	dst[2] = l / dt
	dst[3] = a
	dst[4] = math.Sqrt(c)
}

// setup prepares the mixture components for the daily parameters; ok is
// false where a working parameter under- or overflowed.
func (q *mertonLik) setup(m, v, l, a, c float64) (ok bool) {
	if !(l > 0 && v > 0 && c > 0) || math.IsInf(v+c, 0) {
		return false
	}
	q.K = mertonK(l)
	q.l = l
	logL := math.Log(l)
	for k := 0; k <= q.K; k++ {
		fk := float64(k)
		vk := v + fk*c
		q.mean[k] = m + fk*a
		q.invV[k] = 1 / vk
		q.base[k] = -l + fk*logL - q.logFact[k] - 0.5*math.Log(2*math.Pi*vk)
		q.comps[k] = fk
		q.jump[k] = fk/l - 1
	}
	return true
}

// obs evaluates the log density of one return under the mixture set up by
// setup and, when g is non-nil, adds its gradient with respect to the daily
// parameters (m, v, l, a, c) into g[0..4].
func (q *mertonLik) obs(r float64, g []float64) float64 {
	K := q.K
	lt, mean, invV, base := q.lt[:K+1], q.mean[:K+1], q.invV[:K+1], q.base[:K+1]
	top := math.Inf(-1)
	for k := range lt {
		d := r - mean[k]
		lt[k] = base[k] - 0.5*d*d*invV[k]
		top = max(top, lt[k])
	}
	var sum float64
	for k := range lt {
		lt[k] = math.Exp(lt[k] - top)
		sum += lt[k]
	}
	if g != nil {
		inv := 1 / sum
		for k := range lt {
			w := lt[k] * inv
			fk := q.comps[k]
			z := (r - mean[k]) * invV[k]
			gv := 0.5 * (z*z - invV[k])
			g[0] += w * z
			g[1] += w * gv
			g[2] += w * q.jump[k]
			g[3] += w * fk * z
			g[4] += w * fk * gv
		}
	}
	return top + math.Log(sum)
}

// nll returns the negative log-likelihood per return at θ.
func (q *mertonLik) nll(theta []float64) float64 {
	if !q.setup(q.daily(theta)) {
		return math.Inf(1)
	}
	var s float64
	for _, r := range q.r {
		s += q.obs(r, nil)
	}
	f := -s / float64(len(q.r))
	if math.IsNaN(f) {
		return math.Inf(1)
	}
	return f
}

// grad stores the gradient of nll with respect to θ in g.
func (q *mertonLik) grad(g, theta []float64) {
	m, v, l, a, c := q.daily(theta)
	if !q.setup(m, v, l, a, c) {
		for i := range g[:5] {
			g[i] = 0
		}
		return
	}
	var gn [5]float64
	for _, r := range q.r {
		q.obs(r, gn[:])
	}
	// Chain rule from (m, v, l, a, c) to θ, and the sign and 1/n of nll.
	f := -1 / float64(len(q.r))
	// The jump variance c = R²·v·e^{2θ4²} moves with v too.
	g[0] = f * gn[0] * q.scale
	g[1] = f * (gn[1]*2*v + gn[4]*2*c)
	g[2] = f * gn[2] * l * (1 - l/mertonMaxJumpsPerDay)
	g[3] = f * gn[3]
	g[4] = f * gn[4] * 4 * theta[4] * c
}

// perObs stores the log density of each return at θ in dst.
func (q *mertonLik) perObs(dst, theta []float64) {
	if !q.setup(q.daily(theta)) {
		for i := range dst {
			dst[i] = math.Inf(-1)
		}
		return
	}
	for i, r := range q.r {
		dst[i] = q.obs(r, nil)
	}
}

// start returns working parameters from the thresholded-returns estimate
// with threshold k robust standard deviations: returns farther than that
// from the median are jumps, and the diffusion's spread is re-estimated from
// the rest until the set of jumps stops changing.
func (q *mertonLik) start(k float64) []float64 {
	r := q.r
	n := len(r)
	sorted := slices.Clone(r)
	slices.Sort(sorted)
	med := quantileSorted(sorted, 0.5)
	dev := make([]float64, n)
	for i, x := range r {
		dev[i] = math.Abs(x - med)
	}
	slices.Sort(dev)
	sd := 1.4826 * quantileSorted(dev, 0.5)
	if !(sd > 0) {
		sd = q.scale
	}
	var cont, jumps []float64
	for iter := 0; iter < 20; iter++ {
		cont, jumps = cont[:0], jumps[:0]
		for _, x := range r {
			if math.Abs(x-med) > k*sd {
				jumps = append(jumps, x)
			} else {
				cont = append(cont, x)
			}
		}
		cm, csd := meanSD(cont)
		med = cm
		if csd == sd || !(csd > 0) {
			break
		}
		sd = csd
	}
	m := med
	// Start with at least one jump's worth of intensity, so that the jump
	// part is not stuck at the boundary λ = 0.
	l := max(float64(len(jumps)), 1) / float64(n)
	a := 0.0
	b := 3 * sd
	if len(jumps) >= 2 {
		ja, jsd := meanSD(jumps)
		a = ja - m
		// The jumps' spread around their mean, less the diffusion part
		// they carry too, floored at the diffusion's own spread.
		b = math.Sqrt(max(jsd*jsd-sd*sd, sd*sd))
	}
	s := q.scale
	// θ4 = √ln(b/(R·sd)), started at least a little inside the bound: at
	// θ4 = 0 exactly the likelihood is stationary in θ4 whatever the data.
	excess := math.Log(b / (MertonMinJumpSDRatio * sd))
	return []float64{m / s, math.Log(sd / s), math.Log(l / (mertonMaxJumpsPerDay - l)), a, math.Sqrt(max(excess, 0.1))}
}

// quantileSorted returns the p-quantile of sorted data by linear
// interpolation between order statistics.
func quantileSorted(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(x)-1)
	i := int(pos)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	frac := pos - float64(i)
	return x[i] + frac*(x[i+1]-x[i])
}

// Process returns the fitted process as a dist.Merton, or the error of
// dist's validation.
func (f *MertonFit) Process() (dist.Merton, error) {
	return dist.NewMerton(f.DriftPerYear, f.VolPerYear, f.JumpsPerYear, f.JumpMeanLog, f.JumpSDLog)
}
