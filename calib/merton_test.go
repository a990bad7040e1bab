package calib

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// mertonTheta returns working parameters for the given annual parameters
// (inverse of mertonLik.natural); b must be at least R·σ·√dt.
func mertonTheta(q *mertonLik, mu, sigma, lambda, a, b float64) []float64 {
	kappa := math.Expm1(a + b*b/2)
	m := (mu - sigma*sigma/2 - lambda*kappa) * dt
	s := q.scale
	l := lambda * dt
	excess := math.Log(b / (MertonMinJumpSDRatio * sigma * math.Sqrt(dt)))
	if excess < 0 {
		panic(fmt.Sprintf("mertonTheta: jump sd %g below the bound %g", b, MertonMinJumpSDRatio*sigma*math.Sqrt(dt)))
	}
	return []float64{m / s, math.Log(sigma * math.Sqrt(dt) / s), math.Log(l / (mertonMaxJumpsPerDay - l)), a, math.Sqrt(excess)}
}

func TestMertonNaturalRoundTrip(t *testing.T) {
	q := newMertonLik([]float64{0.01, -0.02, 0.03})
	want := []float64{0.2, 0.45, 8, -0.03, 0.08}
	got := make([]float64, 5)
	q.natural(got, mertonTheta(q, want[0], want[1], want[2], want[3], want[4]))
	for i := range want {
		mctest.WithinRel(t, fmt.Sprintf("natural[%d]", i), got[i], want[i], 1e-12)
	}
}

// TestMertonDensity integrates the truncated mixture density over a fine
// grid: it must carry all the probability (up to the bound on the neglected
// mass), have the mean m + λdt·a of the model, and E[e^r] = e^{μ·dt}, which
// is the drift convention (E[X_t] = X_0·e^{μt}) checked independently of the
// code that maps θ to μ.
func TestMertonDensity(t *testing.T) {
	cases := []struct {
		name                    string
		mu, sigma, lambda, a, b float64
	}{
		{"bitcoin-like", 0.3, 0.5, 4, -0.02, 0.12},
		{"many small jumps", -0.1, 0.2, 300, 0.001, 0.03},
		{"a jump almost every day", 0.1, 0.3, 0.95 * 365, -0.01, 0.02},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The daily parameters directly: the density does not care
			// about the fit's bound on the jump size.
			q := newMertonLik([]float64{0.01, -0.01, 0.02, 0.0})
			l, a, c := tc.lambda*dt, tc.a, tc.b*tc.b
			v := tc.sigma * tc.sigma * dt
			m := (tc.mu - tc.sigma*tc.sigma/2 - tc.lambda*math.Expm1(a+c/2)) * dt
			require.True(t, q.setup(m, v, l, a, c))
			K := q.K
			// The neglected mass bound holds: l^{K+1}/(K+1)! ≤ 1e-12.
			assert.LessOrEqual(t, float64(K+1)*math.Log(l)-lgamma(float64(K+2)), math.Log(mertonTruncMass))
			// Past 12 standard deviations of the widest component kept
			// nothing is left to integrate.
			sd := math.Sqrt(v + float64(K)*c)
			lo, hi := m-12*sd-float64(K)*math.Abs(a), m+12*sd+float64(K)*math.Abs(a)
			const steps = 40000
			h := (hi - lo) / steps
			var mass, mean, expMean float64
			for i := 0; i <= steps; i++ {
				r := lo + float64(i)*h
				w := h
				if i == 0 || i == steps {
					w = h / 2
				}
				f := math.Exp(q.obs(r, nil))
				mass += w * f
				mean += w * f * r
				expMean += w * f * math.Exp(r)
			}
			mctest.WithinAbs(t, "probability mass", mass, 1, 1e-9)
			mctest.WithinRel(t, "mean", mean, m+l*a, 1e-8)
			mctest.WithinRel(t, "E[e^r]", expMean, math.Exp(tc.mu*dt), 1e-9)
		})
	}
}

// TestMertonGradient compares the analytic gradient with central
// differences of the likelihood.
func TestMertonGradient(t *testing.T) {
	r := simMerton(newRand(3), 500, 0.2, 0.45, 20, -0.03, 0.08)
	q := newMertonLik(r)
	for _, theta := range [][]float64{
		mertonTheta(q, 0.2, 0.45, 20, -0.03, 0.08),
		mertonTheta(q, -0.5, 0.8, 2, 0.05, 0.2),
		mertonTheta(q, 0.1, 0.3, 300, 0.0, 0.06),
		mertonTheta(q, 0.1, 0.5, 30, 0.01, MertonMinJumpSDRatio*0.5*math.Sqrt(dt)), // at the bound
	} {
		g := make([]float64, 5)
		q.grad(g, theta)
		num := fd.Gradient(nil, q.nll, theta, &fd.Settings{Formula: fd.Central, Step: 1e-5})
		for i := range g {
			mctest.WithinAbs(t, fmt.Sprintf("∂nll/∂θ%d at %.3g", i, theta), g[i], num[i], 1e-7*(1+math.Abs(num[i])))
		}
	}
}

// TestMertonLogLikIndependent recomputes the fitted log-likelihood from
// the reported parameters with gonum's normal density and Poisson weights.
func TestMertonLogLikIndependent(t *testing.T) {
	r := simMerton(newRand(5), 1500, 0.2, 0.5, 10, -0.02, 0.1)
	f, err := FitMerton(r)
	require.NoError(t, err)
	l := f.JumpsPerYear * dt
	kappa := math.Expm1(f.JumpMeanLog + f.JumpSDLog*f.JumpSDLog/2)
	m := (f.DriftPerYear - f.VolPerYear*f.VolPerYear/2 - f.JumpsPerYear*kappa) * dt
	pois := distuv.Poisson{Lambda: l}
	var ll float64
	for _, x := range r {
		var dens float64
		for k := 0; k <= 30; k++ {
			fk := float64(k)
			n := distuv.Normal{Mu: m + fk*f.JumpMeanLog, Sigma: math.Sqrt(f.VolPerYear*f.VolPerYear*dt + fk*f.JumpSDLog*f.JumpSDLog)}
			dens += pois.Prob(fk) * n.Prob(x)
		}
		ll += math.Log(dens)
	}
	mctest.WithinRel(t, "logLik", f.LogLik, ll, 1e-10)
	mctest.WithinRel(t, "AIC", f.AIC, 10-2*ll, 1e-10)
	mctest.WithinRel(t, "BIC", f.BIC, 5*math.Log(1500)-2*ll, 1e-10)
	assert.LessOrEqual(t, f.NeglectedMass, mertonTruncMass)
	assert.GreaterOrEqual(t, f.MaxJumpsPerDay, 1)
}

func TestFitMertonRecovery(t *testing.T) {
	const (
		mu, sigma, lambda, a, b = 0.2, 0.45, 10.0, -0.03, 0.08
		n                       = 6000
		seeds                   = 10
	)
	truth := map[string]float64{
		ParamDriftPerYear: mu, ParamVolPerYear: sigma, ParamJumpsPerYear: lambda,
		ParamJumpMeanLog: a, ParamJumpSDLog: b,
	}
	z := zScores{}
	for seed := uint64(1); seed <= seeds; seed++ {
		r := simMerton(newRand(100+seed), n, mu, sigma, lambda, a, b)
		f, err := FitMerton(r)
		require.NoError(t, err)
		assert.Equal(t, StdErrHessian, f.StdErrMethod, "seed %d: %v", seed, f.Warnings)
		checkRecovery(t, fmt.Sprintf("seed %d", seed), &f.Fit, truth, z)
		// The typed fields are the Params.
		for i, v := range []float64{f.DriftPerYear, f.VolPerYear, f.JumpsPerYear, f.JumpMeanLog, f.JumpSDLog} {
			assert.Equal(t, f.Params[i].Value, v)
		}
	}
	checkHonest(t, z)
}

// TestFitMertonWithoutJumps fits jumps to data that have none: the jump
// parameters are not identified, and the fit must say so (an error naming
// the boundary λ → 0, or a fit whose warnings say why its standard errors
// fell back) rather than report NaN, infinite or absurd numbers silently.
func TestFitMertonWithoutJumps(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		r := simGBM(newRand(200+seed), 1500, 0.1, 0.5)
		f, err := FitMerton(r)
		if err != nil {
			assert.ErrorContains(t, err, "no jumps in these returns", "seed %d", seed)
			continue
		}
		noSE := false
		for _, p := range f.Params {
			assert.False(t, math.IsNaN(p.Value) || math.IsInf(p.Value, 0), "seed %d: %s = %g", seed, p.Name, p.Value)
			if math.IsNaN(p.StdErr) && !p.AtBound {
				noSE = true
			}
		}
		assert.Equal(t, f.StdErrMethod == StdErrNone, noSE, "seed %d: NaN standard errors iff method none", seed)
		if f.StdErrMethod != StdErrHessian {
			assert.NotEmpty(t, f.Warnings, "seed %d: fallback without a warning", seed)
		}
		g, err := FitGBM(r)
		require.NoError(t, err)
		// Merton nests GBM (λ → 0): its maximum is at least GBM's.
		assert.GreaterOrEqual(t, f.LogLik, g.LogLik-1e-6, "seed %d", seed)
		t.Logf("seed %d: %s, λ = %.3g, logLik gain %.2f, warnings %q", seed, f.StdErrMethod, f.JumpsPerYear, f.LogLik-g.LogLik, f.Warnings)
	}
}
