package calib

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// regimeTheta returns working parameters for the given annual parameters
// (inverse of regimeLik.natural).
func regimeTheta(q *regimeLik, mu, sigma [2]float64, q01, q10 float64) []float64 {
	s := q.scale
	th := make([]float64, 6)
	for j := 0; j < 2; j++ {
		th[2*j] = (mu[j] - sigma[j]*sigma[j]/2) * dt / s
		th[2*j+1] = math.Log(sigma[j] * math.Sqrt(dt) / s)
	}
	if q01 > DaysPerYear/RegimeMinMeanDays || q10 > DaysPerYear/RegimeMinMeanDays {
		panic(fmt.Sprintf("regimeTheta: rates %g, %g beyond the bound %g", q01, q10, DaysPerYear/RegimeMinMeanDays))
	}
	th[4], th[5] = switchTheta(q01*dt), switchTheta(q10*dt)
	return th
}

func TestTwoStateTransition(t *testing.T) {
	const q01, q10 = 3.0, 8.0
	for _, tt := range []float64{dt, 0.25, 1, 10} {
		p := twoStateTransition(q01, q10, tt)
		for i := 0; i < 2; i++ {
			mctest.WithinAbs(t, fmt.Sprintf("row %d sum at t=%g", i, tt), p[i][0]+p[i][1], 1, 1e-15)
		}
		// Chapman–Kolmogorov: P(t)·P(t) = P(2t).
		p2 := twoStateTransition(q01, q10, 2*tt)
		var prod mat.Dense
		a := mat.NewDense(2, 2, []float64{p[0][0], p[0][1], p[1][0], p[1][1]})
		prod.Mul(a, a)
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				mctest.WithinAbs(t, fmt.Sprintf("P(%g)²[%d][%d]", tt, i, j), prod.At(i, j), p2[i][j], 1e-15)
			}
		}
	}
	// Generator: (P(h) − I)/h → Q as h → 0, with error O(h·q²).
	h := 1e-7
	p := twoStateTransition(q01, q10, h)
	mctest.WithinRel(t, "q01", p[0][1]/h, q01, 1e-5)
	mctest.WithinRel(t, "q10", p[1][0]/h, q10, 1e-5)
	// Long run: the stationary distribution (q10, q01)/(q01 + q10).
	p = twoStateTransition(q01, q10, 100)
	mctest.WithinAbs(t, "P(∞)[0][1]", p[0][1], q01/(q01+q10), 1e-15)
	mctest.WithinAbs(t, "P(∞)[1][1]", p[1][1], q01/(q01+q10), 1e-15)
}

// TestRegimeFilterBruteForce compares Hamilton's filter and Kim's smoother
// with sums over every one of the 2^n regime paths of a short series.
func TestRegimeFilterBruteForce(t *testing.T) {
	r := []float64{0.01, -0.04, 0.003, 0.07, -0.02, 0.0, 0.015, -0.06, 0.02, 0.005}
	n := len(r)
	q := newRegimeLik(r)
	mu, sigma := [2]float64{0.4, -1.2}, [2]float64{0.3, 1.1}
	theta := regimeTheta(q, mu, sigma, 7, 16)
	p := twoStateTransition(7, 16, dt)
	pi1 := 7.0 / 23
	dens := func(j int, x float64) float64 {
		return distuv.Normal{Mu: (mu[j] - sigma[j]*sigma[j]/2) * dt, Sigma: sigma[j] * math.Sqrt(dt)}.Prob(x)
	}
	// joint[len][path] = P(regimes path, returns 0..len−1) for paths of length len.
	joint := func(length int, path uint) float64 {
		s := int(path & 1)
		w := 1 - pi1
		if s == 1 {
			w = pi1
		}
		w *= dens(s, r[0])
		for k := 1; k < length; k++ {
			next := int(path >> k & 1)
			w *= p[s][next] * dens(next, r[k])
			s = next
		}
		return w
	}
	var total float64
	smooth1 := make([]float64, n)
	for path := uint(0); path < 1<<n; path++ {
		w := joint(n, path)
		total += w
		for k := 0; k < n; k++ {
			if path>>k&1 == 1 {
				smooth1[k] += w
			}
		}
	}
	ll := q.filter(theta, nil, nil, nil)
	mctest.WithinRel(t, "log-likelihood", ll, math.Log(total), 1e-12)

	filtered, smoothed := q.smooth(theta)
	for k := 0; k < n; k++ {
		var all, one float64
		for path := uint(0); path < 1<<(k+1); path++ {
			w := joint(k+1, path)
			all += w
			if path>>k&1 == 1 {
				one += w
			}
		}
		mctest.WithinAbs(t, fmt.Sprintf("filtered[%d]", k), filtered[k][1], one/all, 1e-13)
		mctest.WithinAbs(t, fmt.Sprintf("smoothed[%d]", k), smoothed[k][1], smooth1[k]/total, 1e-13)
		mctest.WithinAbs(t, fmt.Sprintf("filtered[%d] sums to 1", k), filtered[k][0]+filtered[k][1], 1, 1e-15)
		mctest.WithinAbs(t, fmt.Sprintf("smoothed[%d] sums to 1", k), smoothed[k][0]+smoothed[k][1], 1, 1e-15)
	}

	// perObs are the conditional log densities: they add up to the log-likelihood.
	lf := make([]float64, n)
	q.perObs(lf, theta)
	var sum float64
	for _, v := range lf {
		sum += v
	}
	mctest.WithinRel(t, "Σ perObs", sum, ll, 1e-14)
}

// TestRegimeGradient compares the analytic gradient with central
// differences of the likelihood.
func TestRegimeGradient(t *testing.T) {
	r, _ := simRegime(newRand(9), 800, [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}, 3, 8)
	q := newRegimeLik(r)
	for _, theta := range [][]float64{
		regimeTheta(q, [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}, 3, 8),
		regimeTheta(q, [2]float64{-1, 2}, [2]float64{0.8, 0.4}, 15, 11),
		regimeTheta(q, [2]float64{0.1, 0.1}, [2]float64{0.5, 0.6}, 0.5, 18),
		regimeTheta(q, [2]float64{0.1, 0.1}, [2]float64{0.5, 0.6}, 2, DaysPerYear/RegimeMinMeanDays), // at the bound
	} {
		g := make([]float64, 6)
		q.grad(g, theta)
		num := fd.Gradient(nil, q.nll, theta, &fd.Settings{Formula: fd.Central, Step: 1e-5})
		for i := range g {
			mctest.WithinAbs(t, fmt.Sprintf("∂nll/∂θ%d at %.3g", i, theta), g[i], num[i], 1e-7*(1+math.Abs(num[i])))
		}
	}
}

func TestRegimeNaturalRoundTrip(t *testing.T) {
	q := newRegimeLik([]float64{0.01, -0.02, 0.03})
	mu, sigma := [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}
	got := make([]float64, 6)
	q.natural(got, regimeTheta(q, mu, sigma, 3, 8))
	want := []float64{mu[0], sigma[0], mu[1], sigma[1], 3, 8}
	for i := range want {
		mctest.WithinRel(t, fmt.Sprintf("natural[%d]", i), got[i], want[i], 1e-12)
	}
}

func TestFitRegimeGBMRecovery(t *testing.T) {
	const n, seeds = 5000, 8
	cases := []struct {
		name     string
		mu, sig  [2]float64
		q01, q10 float64
		// want is the truth in the fit's labels: the calmer regime first.
		want map[string]float64
	}{
		{"calm regime first", [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}, 3, 8, map[string]float64{
			ParamDrift0: 0.5, ParamVol0: 0.35, ParamDrift1: -0.3, ParamVol1: 0.9, ParamSwitch01: 3, ParamSwitch10: 8}},
		{"volatile regime first", [2]float64{-0.2, 0.6}, [2]float64{1.0, 0.45}, 6, 2, map[string]float64{
			ParamDrift0: 0.6, ParamVol0: 0.45, ParamDrift1: -0.2, ParamVol1: 1.0, ParamSwitch01: 2, ParamSwitch10: 6}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			z := zScores{}
			for seed := uint64(1); seed <= seeds; seed++ {
				r, _ := simRegime(newRand(300+seed), n, tc.mu, tc.sig, tc.q01, tc.q10)
				f, err := FitRegimeGBM(r)
				require.NoError(t, err)
				assert.Equal(t, StdErrHessian, f.StdErrMethod, "seed %d: %v", seed, f.Warnings)
				label := fmt.Sprintf("seed %d", seed)
				checkRecovery(t, label, &f.Fit, tc.want, z)
				checkRegimeFit(t, label, f, n)
			}
			checkHonest(t, z)
		})
	}
}

// checkRegimeFit checks the consistency of a regime fit's derived fields.
func checkRegimeFit(t *testing.T, label string, f *RegimeFit, n int) {
	t.Helper()
	assert.Less(t, f.VolsPerYear[0], f.VolsPerYear[1], "%s: regime 0 must be the calmer", label)
	names := []string{ParamDrift0, ParamVol0, ParamDrift1, ParamVol1, ParamSwitch01, ParamSwitch10}
	vals := []float64{f.DriftsPerYear[0], f.VolsPerYear[0], f.DriftsPerYear[1], f.VolsPerYear[1],
		f.GeneratorPerYear[0][1], f.GeneratorPerYear[1][0]}
	for i, name := range names {
		assert.Equal(t, name, f.Params[i].Name)
		assert.Equal(t, vals[i], f.Params[i].Value, "%s: %s", label, name)
	}
	for i := 0; i < 2; i++ {
		assert.Equal(t, 0.0, f.GeneratorPerYear[i][0]+f.GeneratorPerYear[i][1], "%s: generator row %d", label, i)
		mctest.WithinAbs(t, label+" day row sum", f.TransitionPerDay[i][0]+f.TransitionPerDay[i][1], 1, 1e-15)
		mctest.WithinAbs(t, label+" year row sum", f.TransitionPerYear[i][0]+f.TransitionPerYear[i][1], 1, 1e-15)
	}
	mctest.WithinAbs(t, label+" stationary", f.Stationary[0]+f.Stationary[1], 1, 1e-15)
	require.Len(t, f.Filtered, n)
	require.Len(t, f.Smoothed, n)
	assert.Equal(t, f.Filtered[n-1], f.Smoothed[n-1], "%s: the last smoothed probability is the filtered one", label)
	for k := range f.Smoothed {
		for j := 0; j < 2; j++ {
			if !(f.Filtered[k][j] >= 0 && f.Filtered[k][j] <= 1 && f.Smoothed[k][j] >= 0 && f.Smoothed[k][j] <= 1) {
				t.Fatalf("%s: probabilities out of [0, 1] on day %d: %v %v", label, k, f.Filtered[k], f.Smoothed[k])
			}
		}
	}
}
