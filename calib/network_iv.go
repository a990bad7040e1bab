package calib

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// The network fit's estimator.
//
// Coin Metrics' daily hashrate is the day's block count times its
// difficulty: its log carries a Poisson measurement error of variance about
// 1/BlkCnt (some 8 % a day), larger than the model's daily shock. The fit
// therefore averages the days into periods of m = PeriodDays days. Averaging
// a continuous process correlates the period regression's error with the
// current period's average (Working, "Note on the correlation of first
// differences of averages in a random chain", Econometrica 28, 1960): the
// averaged gap is an ARMA(1,1) whose autoregressive root is e^{−κΔ}, and
// ordinary least squares is inconsistent (it understates κ when the
// hashrate's own shocks move the gap; the measurement error biases it the
// other way). With Δ the period in years, ȳ_k the period-k mean of log H,
// Z the log break-even hashrate at e·p = 1 (driver) and Z̃_k the mean of Z
// over periods k and k+1, the model gives
//
//	ȳ_{k+1} − ȳ_k = a₀ + φ·(Z̃_k − ȳ_k) + φ·g·t̄_k + η_k,
//	φ = 1 − e^{−κΔ},  a₀ = g·Δ − φ·ln(e₀·p),
//
// up to terms of order (κΔ)²·ΔZ, with t̄_k the period's mean time in years
// since the window's first day. The error η_k depends on periods k and k+1
// only, so regress estimates the equation by instrumental variables
// (just-identified two-stage least squares: three instruments for three
// coefficients), instrumenting the gap with the previous period's gap
// Z̄_{k−1} − ȳ_{k−1}, which neither the period's shocks nor its measurement
// error reach. This is consistent for κ under both problems and absorbs the
// correlation of the hashrate and price shocks. Standard errors are
// Newey–West HAC ("A simple, positive semi-definite, heteroskedasticity and
// autocorrelation consistent covariance matrix", Econometrica 55, 1987),
// Bartlett kernel, lag max(2, ⌊4·(n/100)^{2/9}⌋), for η_k is MA(1) by
// construction; networkData.fit maps them to (g, κ, e, σ).

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

// regress runs the period regression at price lag tau.
func (d *networkData) regress(tau float64) (*netRegression, error) {
	p := d.periodMeans(d.driver(tau))
	s := p.system()
	reg := &netRegression{tau: tau, n: s.n, periods: len(p.y)}
	beta, wx, err := s.solve()
	if err != nil {
		return nil, err
	}
	for i := range reg.beta {
		reg.beta[i] = beta.AtVec(i)
	}
	var e []float64
	e, reg.rss = s.residuals(beta)
	reg.rho1 = lag1Autocorrelation(e)
	reg.vbar = p.residualMeasVar(1 - reg.beta[1])
	if reg.cov, err = hacCovariance(s.inst, e, wx); err != nil {
		return nil, err
	}
	reg.firstF = firstStageF(s.x, s.inst)
	return reg, nil
}

// netPeriods holds the period means of the network fit's daily series.
type netPeriods struct {
	y []float64 // mean log hashrate ȳ_k
	z []float64 // mean driver Z̄_k of the moves into the period's days
	v []float64 // measurement variance of ȳ_k: Σ(1/BlkCnt)/m²
	t []float64 // mean time t̄_k, years since the window's first day
}

// periodMeans averages the daily series over the whole periods of the
// window, given the driver z. Period k covers days km..km+m−1; the driver
// of the move into day j+1 is z[j+1], so period k's driver mean runs over
// days km+1..km+m.
func (d *networkData) periodMeans(z []float64) netPeriods {
	m := d.m
	K := (len(d.logH) - 1) / m
	p := netPeriods{y: make([]float64, K), z: make([]float64, K), v: make([]float64, K), t: make([]float64, K)}
	for k := 0; k < K; k++ {
		var sy, sz, sv float64
		for j := k * m; j < (k+1)*m; j++ {
			sy += d.logH[j]
			sz += z[j+1]
			sv += d.measVar[j]
		}
		fm := float64(m)
		p.y[k], p.z[k], p.v[k] = sy/fm, sz/fm, sv/(fm*fm)
		p.t[k] = (float64(k*m) + (fm-1)/2) * dt
	}
	return p
}

// ivSystem is the period regression's data, one row per regression r
// (period k = r + 1): the move y, the regressors x (intercept, gap, trend)
// and the instruments inst (intercept, previous gap, trend).
type ivSystem struct {
	n       int
	y       *mat.VecDense
	x, inst *mat.Dense
}

// system builds the regression rows from the period means.
func (p netPeriods) system() ivSystem {
	n := len(p.y) - 2
	s := ivSystem{n: n, y: mat.NewVecDense(n, nil), x: mat.NewDense(n, 3, nil), inst: mat.NewDense(n, 3, nil)}
	for r := 0; r < n; r++ {
		k := r + 1
		s.y.SetVec(r, p.y[k+1]-p.y[k])
		s.x.Set(r, 0, 1)
		s.x.Set(r, 1, (p.z[k]+p.z[k+1])/2-p.y[k])
		s.x.Set(r, 2, p.t[k])
		s.inst.Set(r, 0, 1)
		s.inst.Set(r, 1, p.z[k-1]-p.y[k-1])
		s.inst.Set(r, 2, p.t[k])
	}
	return s
}

// solve returns the just-identified IV estimate β = (W'X)⁻¹ W'y and W'X.
func (s ivSystem) solve() (*mat.VecDense, *mat.Dense, error) {
	var wx mat.Dense
	wx.Mul(s.inst.T(), s.x)
	var wy mat.VecDense
	wy.MulVec(s.inst.T(), s.y)
	var lu mat.LU
	lu.Factorize(&wx)
	if lu.Det() == 0 || lu.Cond() > 1e14 {
		return nil, nil, errors.New("calib: network fit: the regressors are collinear (does the hashrate or the revenue never move?)")
	}
	var beta mat.VecDense
	if err := lu.SolveVecTo(&beta, false, &wy); err != nil {
		return nil, nil, fmt.Errorf("calib: network fit: %w", err)
	}
	return &beta, &wx, nil
}

// residuals returns the regression's residuals at beta and their sum of
// squares.
func (s ivSystem) residuals(beta *mat.VecDense) (e []float64, rss float64) {
	e = make([]float64, s.n)
	for r := range e {
		e[r] = s.y.AtVec(r) - mat.Dot(s.x.RowView(r), beta)
		rss += e[r] * e[r]
	}
	return e, rss
}

// lag1Autocorrelation returns Σe_r·e_{r−1} / Σe_r², 0 when every e_r is 0.
func lag1Autocorrelation(e []float64) float64 {
	var c0, c1 float64
	for r := range e {
		c0 += e[r] * e[r]
		if r > 0 {
			c1 += e[r] * e[r-1]
		}
	}
	if c0 > 0 {
		return c1 / c0
	}
	return 0
}

// residualMeasVar returns the mean over the regressions of the measurement
// variance a residual carries, v_{k+1} + ψ²·v_k with ψ = 1 − φ.
func (p netPeriods) residualMeasVar(psi float64) float64 {
	n := len(p.y) - 2
	var s float64
	for r := 0; r < n; r++ {
		k := r + 1
		s += p.v[k+1] + psi*psi*p.v[k]
	}
	return s / float64(n)
}

// hacCovariance returns the Newey–West covariance of the IV estimate,
// (W'X)⁻¹ S (X'W)⁻¹ with the small-sample factor n/(n − 3), from the
// instruments, the residuals e and W'X.
func hacCovariance(inst *mat.Dense, e []float64, wx *mat.Dense) (*mat.SymDense, error) {
	n := len(e)
	meat := hacMeat(inst, e)
	var inv mat.Dense
	if err := inv.Inverse(wx); err != nil {
		return nil, fmt.Errorf("calib: network fit: %w", err)
	}
	var tmp, full mat.Dense
	tmp.Mul(&inv, meat)
	full.Mul(&tmp, inv.T())
	full.Scale(float64(n)/float64(n-3), &full)
	cov := mat.NewSymDense(3, nil)
	for a := 0; a < 3; a++ {
		for b := a; b < 3; b++ {
			cov.SetSym(a, b, (full.At(a, b)+full.At(b, a))/2)
		}
	}
	return cov, nil
}

// hacMeat returns S = Σ_l w_l Σ_r (W_r e_r)(W_{r−l} e_{r−l})' + transpose
// (the l = 0 term once), with Bartlett weights w_l = 1 − l/(L+1) and lag
// L = max(2, ⌊4·(n/100)^{2/9}⌋).
func hacMeat(inst *mat.Dense, e []float64) *mat.Dense {
	n := len(e)
	L := max(2, int(4*math.Pow(float64(n)/100, 2.0/9)))
	g := mat.NewDense(n, 3, nil)
	for r := 0; r < n; r++ {
		for c := 0; c < 3; c++ {
			g.Set(r, c, inst.At(r, c)*e[r])
		}
	}
	meat := mat.NewDense(3, 3, nil)
	for l := 0; l <= L; l++ {
		wl := 1 - float64(l)/float64(L+1)
		for r := l; r < n; r++ {
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
	return meat
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
