package calib

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestFitGBMHandComputed checks the closed forms on four returns whose mean
// is 0 and whose 1/n variance is (1 + 1 + 9 + 9)·10⁻⁴/4 = 5·10⁻⁴.
func TestFitGBMHandComputed(t *testing.T) {
	r := []float64{0.01, -0.01, 0.03, -0.03}
	f, err := FitGBM(r)
	require.NoError(t, err)

	const s2 = 5e-4
	vol := math.Sqrt(s2 * 365) // σ̂ = ŝ/√dt
	drift := vol * vol / 2     // μ̂ = m̂/dt + σ̂²/2 with m̂ = 0
	n := 4.0
	mctest.WithinRel(t, "volPerYear", f.VolPerYear, vol, 1e-14)
	mctest.WithinRel(t, "driftPerYear", f.DriftPerYear, drift, 1e-13)
	mctest.WithinAbs(t, "logDriftPerYear", f.LogDriftPerYear, 0, 1e-15)

	// Log-likelihood: the sum of normal log densities at the estimates.
	norm := distuv.Normal{Mu: 0, Sigma: math.Sqrt(s2)}
	var ll float64
	for _, x := range r {
		ll += norm.LogProb(x)
	}
	mctest.WithinRel(t, "logLik", f.LogLik, ll, 1e-14)
	mctest.WithinRel(t, "logLik closed form", f.LogLik, -n/2*(math.Log(2*math.Pi*s2)+1), 1e-14)
	mctest.WithinRel(t, "AIC", f.AIC, 2*2-2*ll, 1e-13)
	mctest.WithinRel(t, "BIC", f.BIC, 2*math.Log(n)-2*ll, 1e-13)

	// Fisher standard errors.
	mctest.WithinRel(t, "SE vol", f.Params[1].StdErr, vol/math.Sqrt(2*n), 1e-13)
	mctest.WithinRel(t, "SE drift", f.Params[0].StdErr, math.Sqrt(vol*vol*365/n+math.Pow(vol, 4)/(2*n)), 1e-13)
	mctest.WithinRel(t, "Cov", f.Cov[0][1], math.Pow(vol, 3)/(2*n), 1e-13)

	assert.Equal(t, ModelGBM, f.Model)
	assert.Equal(t, []string{"driftPerYear", "volPerYear"}, []string{f.Params[0].Name, f.Params[1].Name})
	assert.Equal(t, 4, f.N)
	assert.Equal(t, 2, f.K())
	assert.Equal(t, 365.0, f.DaysPerYear)
	assert.Equal(t, StdErrFisher, f.StdErrMethod)
	assert.True(t, f.Converged)
	p, ok := f.Param("volPerYear")
	assert.True(t, ok)
	assert.Equal(t, f.VolPerYear, p.Value)
	_, ok = f.Param("jumpsPerYear")
	assert.False(t, ok)
}

func TestFitGBMRecovery(t *testing.T) {
	truth := map[string]float64{ParamDriftPerYear: 0.25, ParamVolPerYear: 0.55}
	z := zScores{}
	for seed := uint64(1); seed <= 12; seed++ {
		r := simGBM(newRand(seed), 5000, truth[ParamDriftPerYear], truth[ParamVolPerYear])
		f, err := FitGBM(r)
		require.NoError(t, err)
		checkRecovery(t, fmt.Sprintf("seed %d", seed), &f.Fit, truth, z)
	}
	checkHonest(t, z)
}

// TestProcesses builds dist's processes from fits: the parameters arrive
// unchanged and pass dist's validation.
func TestProcesses(t *testing.T) {
	r := simMerton(newRand(11), 3000, 0.2, 0.45, 10, -0.03, 0.08)
	g, err := FitGBM(r)
	require.NoError(t, err)
	gp, err := g.Process()
	require.NoError(t, err)
	assert.Equal(t, g.DriftPerYear, gp.DriftPerYear)
	assert.Equal(t, g.VolPerYear, gp.VolPerYear)

	m, err := FitMerton(r)
	require.NoError(t, err)
	mp, err := m.Process()
	require.NoError(t, err)
	assert.Equal(t, []float64{m.DriftPerYear, m.VolPerYear, m.JumpsPerYear, m.JumpMeanLog, m.JumpSDLog},
		[]float64{mp.DriftPerYear, mp.VolPerYear, mp.JumpsPerYear, mp.JumpMeanLog, mp.JumpSDLog})

	x, _ := simRegime(newRand(12), 3000, [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}, 3, 8)
	rf, err := FitRegimeGBM(x)
	require.NoError(t, err)
	rp, err := rf.Process()
	require.NoError(t, err)
	require.NoError(t, rp.Validate())
	// dist's stationary law of the fitted chain is the fit's.
	for j, want := range rf.Stationary {
		mctest.WithinAbs(t, fmt.Sprintf("stationary[%d]", j), rp.Stationary()[j], want, 1e-12)
	}

	// A fit outside dist's ranges is refused by dist, not passed on.
	bad := &GBMFit{DriftPerYear: 0.1, VolPerYear: -1}
	_, err = bad.Process()
	assert.ErrorContains(t, err, "volPerYear")
}
