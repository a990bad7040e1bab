package calib

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFatTailsAreNotJumps: independent Student-t returns (ν = 4, the
// volatility of the README's window, its length) have fat tails and no
// jumps. Unconstrained, the Merton likelihood reads them as hundreds of
// small jumps a year; the fit must instead end at its jump-size bound and
// say so (or lose to GBM), and the best model must not be a fit at a
// bound.
func TestFatTailsAreNotJumps(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		r := simStudentT(newRand(700+seed), 1364, 0.3, 0.52, 4)
		c, err := ComparePriceModels(r)
		require.NoError(t, err)
		label := fmt.Sprintf("seed %d", seed)
		m := c.Merton
		if m == nil {
			assert.Contains(t, c.Errors[ModelMerton], "no jumps", label)
			continue
		}
		sd, _ := m.Param(ParamJumpSDLog)
		if m.BIC < c.GBM.BIC {
			require.True(t, sd.AtBound, "%s: Merton beats GBM with jumps of %.3g at %.3g a year that are not at their bound", label, m.JumpSDLog, m.JumpsPerYear)
			assert.InDelta(t, MertonMinJumpSDRatio*m.VolPerYear*math.Sqrt(dt), m.JumpSDLog, 1e-6*m.JumpSDLog, label)
			assert.True(t, hasWarning(&m.Fit, "jumpSDLog at its bound"), "%s: %q", label, m.Warnings)
			assert.NotSame(t, &m.Fit, c.Best(ByBIC), "%s: the best model is a fit at a bound", label)
			assert.Contains(t, c.String(), "jumpSDLog at a bound", label)
		}
		t.Logf("%s: λ = %.1f, b = %.4f (at bound %v), σ = %.3f, ΔBIC Merton−GBM %.1f; %s", label,
			m.JumpsPerYear, m.JumpSDLog, sd.AtBound, m.VolPerYear, m.BIC-c.GBM.BIC, c.Note(ByBIC))
	}
}

// TestFitMertonRecoversRareJumps: genuine jumps, four a year with a 10 %
// standard deviation on a 40 % diffusion (3.8 daily standard deviations,
// inside the bound), are recovered within recoveryK standard errors, with
// honest standard errors and nothing at a bound.
func TestFitMertonRecoversRareJumps(t *testing.T) {
	const (
		mu, sigma, lambda, a, b = 0.1, 0.4, 4.0, -0.02, 0.10
		n                       = 20 * DaysPerYear
		seeds                   = 8
	)
	truth := map[string]float64{
		ParamDriftPerYear: mu, ParamVolPerYear: sigma, ParamJumpsPerYear: lambda,
		ParamJumpMeanLog: a, ParamJumpSDLog: b,
	}
	z := zScores{}
	for seed := uint64(1); seed <= seeds; seed++ {
		r := simMerton(newRand(800+seed), n, mu, sigma, lambda, a, b)
		f, err := FitMerton(r)
		require.NoError(t, err)
		label := fmt.Sprintf("seed %d", seed)
		require.Empty(t, f.AtBound(), "%s: %q", label, f.Warnings)
		checkRecovery(t, label, &f.Fit, truth, z)
	}
	checkHonest(t, z)
}

// TestRegimeMixtureFlagged: when the regime is drawn afresh every day
// there are no regimes, only a mixture of two normals. Unconstrained, the
// fit switches hundreds of times a year; it must instead end at the
// bound of RegimeMinMeanDays, flag it, and not be the best model.
func TestRegimeMixtureFlagged(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		r := simMixture(newRand(900+seed), 2000, [2]float64{0.3, 0.3}, [2]float64{0.35, 0.9}, 0.3)
		c, err := ComparePriceModels(r)
		require.NoError(t, err)
		label := fmt.Sprintf("seed %d", seed)
		f := c.Regime
		require.NotNil(t, f, "%s: %v", label, c.Errors)
		require.NotEmpty(t, f.AtBound(), "%s: switching rates %.3g, %.3g a year not at their bound", label,
			f.GeneratorPerYear[0][1], f.GeneratorPerYear[1][0])
		for _, p := range f.AtBound() {
			assert.Contains(t, []string{ParamSwitch01, ParamSwitch10}, p.Name)
			assert.InDelta(t, DaysPerYear/RegimeMinMeanDays, p.Value, 1e-6, label)
			assert.True(t, math.IsNaN(p.StdErr), "%s: %s at its bound has a standard error", label, p.Name)
		}
		assert.True(t, hasWarning(&f.Fit, "at its bound of 18.25 a year"), "%s: %q", label, f.Warnings)
		for _, q := range []float64{f.GeneratorPerYear[0][1], f.GeneratorPerYear[1][0]} {
			assert.LessOrEqual(t, q, DaysPerYear/RegimeMinMeanDays*(1+1e-12), label)
		}
		assert.NotSame(t, &f.Fit, c.Best(ByBIC), label)
		assert.NotSame(t, &f.Fit, c.Best(ByAIC), label)
		t.Logf("%s: q01 %.3g, q10 %.3g; %s", label, f.GeneratorPerYear[0][1], f.GeneratorPerYear[1][0], c.Note(ByBIC))
	}
}

// TestFlatSeriesOneJump: a price that never moves but once has a
// diffusion of zero variance, where a mixture's likelihood is unbounded.
// The Merton and regime fits must be errors saying so, not +Inf drifts;
// the comparison still chooses GBM and marshals to JSON.
func TestFlatSeriesOneJump(t *testing.T) {
	r := make([]float64, 200)
	r[100] = 0.2
	_, err := FitMerton(r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "merton fit: volPerYear has no variance to fit: 199 of the 200 returns equal 0")
	_, err = FitRegimeGBM(r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "regime fit: regimeVolsPerYear[0] has no variance to fit")

	c, err := ComparePriceModels(r)
	require.NoError(t, err)
	assert.Same(t, &c.GBM.Fit, c.Best(ByBIC))
	assert.Contains(t, c.Errors, ModelMerton)
	assert.Contains(t, c.Errors, ModelRegimeGBM)
	_, err = json.Marshal(c)
	require.NoError(t, err)

	// The same through Calibrate, its table and its JSON.
	h := &History{}
	p := 100.0
	for i := range 201 {
		h.Dates = append(h.Dates, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i))
		if i == 101 {
			p *= 1.5
		}
		h.PriceUSD = append(h.PriceUSD, p)
	}
	cal, err := Calibrate(h, time.Time{}, time.Time{}, nil)
	require.NoError(t, err)
	entries, err := cal.Table(ChooseBest)
	require.NoError(t, err)
	_, err = json.Marshal(entries)
	require.NoError(t, err)
	_, err = json.Marshal(cal)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, cal.WriteTable(&b, ChooseBest))
	assert.Contains(t, b.String(), "merton not fitted: calib: merton fit: volPerYear has no variance to fit")
}

// TestStalePricesCollapse: a third of the days repeat the previous
// price. Half the returns still move, so the fits start, but a component
// collapses onto the zeros; that is an error naming the parameter.
func TestStalePricesCollapse(t *testing.T) {
	r := simGBM(newRand(3), 500, 0.1, 0.5)
	for i := range r {
		if i%100 < 35 {
			r[i] = 0
		}
	}
	_, err := FitMerton(r)
	require.Error(t, err)
	assert.Regexp(t, `merton fit: volPerYear = \S+ collapsed to zero: the returns outside the jumps have \(almost\) no variance`, err.Error())
	_, err = FitRegimeGBM(r)
	require.Error(t, err)
	assert.Regexp(t, `regime fit: regimeVolsPerYear\[0\] = \S+ collapsed to zero`, err.Error())
	c, err := ComparePriceModels(r)
	require.NoError(t, err)
	assert.Same(t, &c.GBM.Fit, c.Best(ByBIC))
}

// TestCheckFinite: a fit with a non-finite estimate is an error naming it.
func TestCheckFinite(t *testing.T) {
	f := &Fit{Model: ModelMerton, N: 10, LogLik: 1}
	f.setParams([]string{ParamDriftPerYear, ParamVolPerYear}, []float64{math.Inf(1), 0.5}, nil)
	f.setCriteria()
	assert.ErrorContains(t, f.checkFinite(), "merton fit: driftPerYear = +Inf is not a finite number")
	f.Params[0].Value = 0.3
	require.NoError(t, f.checkFinite())
	f.LogLik = math.NaN()
	f.setCriteria()
	assert.ErrorContains(t, f.checkFinite(), "logLik = NaN")
}

// TestAtBoundInTable: a fit at a bound is flagged in the fit table, its
// JSON and the printed table, and ChooseBest passes it over while an
// explicit choice takes it with a note.
func TestAtBoundInTable(t *testing.T) {
	r := simStudentT(newRand(701), 1364, 0.3, 0.52, 4)
	h := &History{}
	p := 30000.0
	for i := range len(r) + 1 {
		h.Dates = append(h.Dates, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i))
		h.PriceUSD = append(h.PriceUSD, p)
		if i < len(r) {
			p *= math.Exp(r[i])
		}
	}
	cal, err := Calibrate(h, time.Time{}, time.Time{}, nil)
	require.NoError(t, err)
	require.NotNil(t, cal.Price.Merton)
	require.NotEmpty(t, cal.Price.Merton.AtBound(), "the fixture must put Merton at its bound")
	require.Less(t, cal.Price.Merton.BIC, cal.Price.GBM.BIC, "the fixture must have Merton beat GBM")

	best, err := cal.PriceFit(ChooseBest)
	require.NoError(t, err)
	assert.NotEqual(t, ModelMerton, best.Model)
	entries, err := cal.Table(ChooseMerton)
	require.NoError(t, err)
	b, err := json.Marshal(entries)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"atBound":["jumpSDLog"]`)
	assert.Contains(t, string(b), `"jumpSDLog":{"value":`)
	assert.Contains(t, string(b), `"stderr":null,"atBound":true`)

	var out strings.Builder
	require.NoError(t, cal.WriteTable(&out, ChooseBest))
	assert.Contains(t, out.String(), "price model: BIC chooses "+best.Model+": merton has a lower BIC")
	assert.Contains(t, out.String(), "  jumpSDLog\n")
	assert.Contains(t, out.String(), "(at its bound)")
	out.Reset()
	require.NoError(t, cal.WriteTable(&out, ChooseMerton))
	assert.Contains(t, out.String(), "price model: merton, as chosen, has jumpSDLog at a bound of its fit")
}

func hasWarning(f *Fit, substr string) bool {
	for _, w := range f.Warnings {
		if strings.Contains(w, substr) {
			return true
		}
	}
	return false
}
