package calib

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// recoveryK is the tolerance, in reported standard errors, of a parameter
// recovered from simulated data.
const recoveryK = 4

// zScores collects, per parameter, (estimate − truth)/standard error over
// several simulated data sets.
type zScores map[string][]float64

// checkRecovery checks every parameter of f against its true value within
// recoveryK reported standard errors and records its z-score.
func checkRecovery(t *testing.T, label string, f *Fit, truth map[string]float64, z zScores) {
	t.Helper()
	require.NotEqual(t, StdErrNone, f.StdErrMethod, "%s: no standard errors: %v", label, f.Warnings)
	assert.True(t, f.Converged, "%s: not converged: %v", label, f.Warnings)
	for name, want := range truth {
		p, ok := f.Param(name)
		require.True(t, ok, "%s: no parameter %s", label, name)
		mctest.WithinSE(t, label+" "+name, p.Value, want, p.StdErr, recoveryK)
		z[name] = append(z[name], (p.Value-want)/p.StdErr)
	}
}

// checkHonest checks that the reported standard errors are honest: if they
// are, each parameter's z-scores over S independent data sets are close to
// standard normal, so their mean square is χ²_S/S. It fails when the mean
// square is above the 99.9% point of that law (reported errors too small)
// and reports the root mean square of each.
func checkHonest(t *testing.T, z zScores) {
	t.Helper()
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range z {
			if !yield(k) {
				return
			}
		}
	}) {
		zs := z[name]
		s := float64(len(zs))
		var ms float64
		for _, v := range zs {
			ms += v * v
		}
		ms /= s
		limit := distuv.ChiSquared{K: s}.Quantile(0.999) / s
		t.Logf("%-24s RMS z = %.2f over %d data sets (limit %.2f)", name, math.Sqrt(ms), len(zs), math.Sqrt(limit))
		assert.LessOrEqual(t, ms, limit, "%s: mean square z-score %.2f over %d data sets: standard errors understated", name, ms, len(zs))
	}
}

func TestCheckReturns(t *testing.T) {
	ok := []float64{0.01, -0.02, 0.03}
	tests := []struct {
		name string
		r    []float64
		min  int
		msg  string
	}{
		{"too few", ok[:1], 2, "at least 2 daily log returns, have 1"},
		{"NaN", []float64{0.01, math.NaN(), 0.02}, 2, "returns[1] = NaN: must be a finite number"},
		{"Inf", []float64{0.01, 0.02, math.Inf(-1)}, 2, "returns[2] = -Inf: must be a finite number"},
		{"constant", []float64{0.01, 0.01, 0.01}, 2, "zero variance"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkReturns(tc.r, tc.min)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	assert.NoError(t, checkReturns(ok, 3))
}

func TestFitsRejectBadReturns(t *testing.T) {
	short := make([]float64, 29)
	for i := range short {
		short[i] = 0.01 * float64(i%3)
	}
	withNaN := append(slices.Clone(short), math.NaN(), 0.01)
	fits := map[string]func([]float64) error{
		"gbm":     func(r []float64) error { _, err := FitGBM(r); return err },
		"merton":  func(r []float64) error { _, err := FitMerton(r); return err },
		"regime":  func(r []float64) error { _, err := FitRegimeGBM(r); return err },
		"compare": func(r []float64) error { _, err := ComparePriceModels(r); return err },
	}
	for name, fit := range fits {
		t.Run(name, func(t *testing.T) {
			assert.ErrorContains(t, fit(withNaN), "returns[29] = NaN")
			assert.ErrorContains(t, fit(make([]float64, 40)), "zero variance")
			if name != "gbm" {
				assert.ErrorContains(t, fit(short), "at least 30")
			}
		})
	}
}

func TestParamJSON(t *testing.T) {
	for _, p := range []Param{
		{Name: "volPerYear", Value: 0.52, StdErr: 0.01},
		{Name: "jumpSDLog", Value: 1e-5, StdErr: math.NaN()},
	} {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var back Param
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, p.Name, back.Name)
		assert.Equal(t, p.Value, back.Value)
		if math.IsNaN(p.StdErr) {
			assert.Contains(t, string(b), `"stdErr":null`)
			assert.True(t, math.IsNaN(back.StdErr))
		} else {
			assert.Equal(t, p.StdErr, back.StdErr)
		}
	}
	// A whole fit without standard errors marshals.
	f := &Fit{Model: ModelMerton, N: 10}
	f.setParams([]string{"a", "b"}, []float64{1, 2}, nil)
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(b), `{"name":"a","value":1,"stdErr":null}`)
}

func TestInvertSPD(t *testing.T) {
	a := mat.NewSymDense(3, []float64{4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2})
	inv, ok := invertSPD(a)
	require.True(t, ok)
	var prod mat.Dense
	prod.Mul(a, inv)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			mctest.WithinAbs(t, fmt.Sprintf("A·A⁻¹[%d][%d]", i, j), prod.At(i, j), want, 1e-14)
		}
	}
	bad := []struct {
		name string
		a    *mat.SymDense
	}{
		{"singular", mat.NewSymDense(2, []float64{1, 1, 1, 1})},
		{"indefinite", mat.NewSymDense(2, []float64{1, 2, 2, 1})},
		{"NaN", mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 1})},
		{"ill-conditioned", mat.NewSymDense(2, []float64{1, 0, 0, 1e-15})},
	}
	for _, tc := range bad {
		_, ok := invertSPD(tc.a)
		assert.False(t, ok, tc.name)
	}
}

// TestNumericalCovarianceMatchesFisher runs the numerical machinery the
// Merton and regime fits use (BFGS, central-difference Hessian of the
// likelihood, delta method) on the normal model, where the covariance of
// the GBM estimates is known in closed form.
func TestNumericalCovarianceMatchesFisher(t *testing.T) {
	r := simGBM(newRand(7), 3000, 0.3, 0.6)
	g, err := FitGBM(r)
	require.NoError(t, err)

	_, sbar := meanSD(r)
	perObs := func(dst, theta []float64) {
		m, s := theta[0]*sbar, sbar*math.Exp(theta[1])
		for i, x := range r {
			d := (x - m) / s
			dst[i] = -0.5*math.Log(2*math.Pi) - math.Log(s) - d*d/2
		}
	}
	buf := make([]float64, len(r))
	nll := func(theta []float64) float64 {
		perObs(buf, theta)
		var s float64
		for _, v := range buf {
			s -= v
		}
		return s / float64(len(r))
	}
	natural := func(dst, theta []float64) {
		m, s := theta[0]*sbar, sbar*math.Exp(theta[1])
		dst[1] = s / math.Sqrt(dt)
		dst[0] = m/dt + dst[1]*dst[1]/2
	}
	m := &mle{n: len(r), nll: nll, perObs: perObs, natural: natural, k: 2}
	theta, f, gnorm, err := m.minimize([][]float64{{0, 0.3}})
	require.NoError(t, err)
	assert.LessOrEqual(t, gnorm, gradTol)
	mctest.WithinRel(t, "log-likelihood", -f*float64(len(r)), g.LogLik, 1e-10)
	nat := make([]float64, 2)
	natural(nat, theta)
	mctest.WithinAbs(t, "drift", nat[0], g.DriftPerYear, 1e-3*g.Params[0].StdErr)
	mctest.WithinAbs(t, "vol", nat[1], g.VolPerYear, 1e-3*g.Params[1].StdErr)

	cov, method, notes := m.covariance(theta)
	require.Equal(t, StdErrHessian, method, "notes: %v", notes)
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			mctest.WithinRel(t, fmt.Sprintf("cov[%d][%d]", i, j), cov.At(i, j), g.Cov[i][j], 1e-4)
		}
	}
}
