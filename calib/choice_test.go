package calib

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChoiceOnGBMData: jumps and regimes must not earn their parameters on
// data without them. BIC charges ln N per parameter, far more than the
// likelihood gain of the extra parameters fitted to noise (which is of
// the order of a χ² with a few degrees of freedom halved), so it should
// prefer GBM in most seeds. A Merton fit that finds no jumps at all (its
// maximum at λ → 0) is an error saying so, which counts as GBM winning.
func TestChoiceOnGBMData(t *testing.T) {
	const seeds = 8
	gbmWins, gbmBest := 0, 0
	for seed := uint64(1); seed <= seeds; seed++ {
		r := simGBM(newRand(400+seed), 1000, 0.3, 0.6)
		c, err := ComparePriceModels(r)
		require.NoError(t, err)
		require.NotContains(t, c.Errors, ModelRegimeGBM)
		if c.Merton == nil {
			require.Contains(t, c.Errors[ModelMerton], "no jumps in these returns", "seed %d", seed)
			gbmWins++
		} else {
			require.Empty(t, c.Errors)
			// Nested models: the richer model's maximum is at least GBM's.
			assert.GreaterOrEqual(t, c.Merton.LogLik, c.GBM.LogLik-1e-6, "seed %d: Merton below GBM", seed)
			if c.GBM.BIC < c.Merton.BIC {
				gbmWins++
			}
		}
		if c.Best(ByBIC) == &c.GBM.Fit {
			gbmBest++
		}
		t.Logf("seed %d: regime−GBM ΔBIC %.1f; %s", seed, c.Regime.BIC-c.GBM.BIC, c.Note(ByBIC))
	}
	assert.GreaterOrEqual(t, gbmWins, seeds-1, "BIC preferred GBM over Merton in %d of %d seeds", gbmWins, seeds)
	assert.GreaterOrEqual(t, gbmBest, seeds-1, "BIC chose GBM in %d of %d seeds", gbmBest, seeds)
}

// TestChoiceOnJumpyData: with frequent large jumps Merton must win clearly.
func TestChoiceOnJumpyData(t *testing.T) {
	const seeds = 6
	for seed := uint64(1); seed <= seeds; seed++ {
		r := simMerton(newRand(500+seed), 3000, 0.2, 0.4, 20, -0.02, 0.1)
		c, err := ComparePriceModels(r)
		require.NoError(t, err)
		assert.Less(t, c.Merton.BIC, c.GBM.BIC-100, "seed %d: Merton must beat GBM by far", seed)
		assert.Less(t, c.Merton.AIC, c.GBM.AIC-100, "seed %d", seed)
		if c.Regime != nil {
			assert.Less(t, c.Merton.BIC, c.Regime.BIC, "seed %d: Merton must beat the regime model on jump data", seed)
		}
		assert.Same(t, &c.Merton.Fit, c.Best(ByBIC), "seed %d", seed)
	}
}

// TestChoiceOnRegimeData: persistent regimes must beat both GBM and jumps.
func TestChoiceOnRegimeData(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		r, _ := simRegime(newRand(600+seed), 3000, [2]float64{0.5, -0.3}, [2]float64{0.35, 0.9}, 3, 8)
		c, err := ComparePriceModels(r)
		require.NoError(t, err)
		assert.Same(t, &c.Regime.Fit, c.Best(ByBIC), "seed %d", seed)
		assert.Same(t, &c.Regime.Fit, c.Best(ByAIC), "seed %d", seed)
	}
}

func TestChoiceBestAndString(t *testing.T) {
	mk := func(model string, k int, ll float64) *Fit {
		f := &Fit{Model: model, LogLik: ll, N: 100, Params: make([]Param, k)}
		f.setCriteria()
		return f
	}
	c := &Choice{
		GBM:    &GBMFit{Fit: *mk(ModelGBM, 2, 100)},
		Merton: &MertonFit{Fit: *mk(ModelMerton, 5, 104)}, // AIC 2·5−208 = −198 < −196; BIC 5 ln 100 − 208 > 2 ln 100 − 200
	}
	assert.Same(t, &c.Merton.Fit, c.Best(ByAIC))
	assert.Same(t, &c.GBM.Fit, c.Best(ByBIC))
	assert.Len(t, c.Fits(), 2)
	c.addErr(ModelRegimeGBM, assertErr("no convergence"))
	s := c.String()
	for _, want := range []string{"gbm", "merton", "regime failed: no convergence", "ΔBIC"} {
		assert.Contains(t, s, want)
	}
	assert.Nil(t, (&Choice{}).Best(ByAIC))
	assert.Equal(t, "AIC", ByAIC.String())
	assert.Equal(t, "BIC", ByBIC.String())
	assert.Equal(t, "Criterion(7)", Criterion(7).String())
	assert.Equal(t, 2*2-200.0, c.GBM.AIC)
	assert.InDelta(t, 2*math.Log(100)-200, c.GBM.BIC, 1e-12)
	assert.True(t, strings.Count(s, "\n") > 3)
}

type assertErr string

func (e assertErr) Error() string { return string(e) }
