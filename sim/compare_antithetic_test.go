package sim

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
)

// antitheticSample returns n results of two strategies on antithetic pairs
// of a known process: path 2k draws z, path 2k+1 uses −z, and each path
// adds its own independent noise w. With a = 2z + 0.3z² + 0.5w and b = 0,
// a − b has variance 4 + 0.18 + 0.25 = 4.43 per path, but a pair mean
// 0.3z² + 0.25(w₁ + w₂) only 0.18 + 0.125 = 0.305: the standard error of
// the mean difference is √(0.305/(n/2)) = √(0.61/n), where the formula for
// independent paths gives √(4.43/n), 2.7 times as much.
func antitheticSample(seed uint64, n int) (a, b []float64) {
	r := dist.New(seed, 0)
	a, b = make([]float64, n), make([]float64, n)
	for k := 0; k < n; k += 2 {
		z := r.Norm()
		for i, zi := range [2]float64{z, -z} {
			a[k+i] = 2*zi + 0.3*zi*zi + 0.5*r.Norm()
			b[k+i] = 0
		}
	}
	return a, b
}

// TestCompareAntitheticStderr checks Compare's standard errors on
// antithetic samples against the empirical standard deviation of MeanDiff
// over 400 independent seeds: with the Antithetic pairing, PairedStderr
// (averaged over the seeds) must match it within the sampling error of a
// standard deviation estimated from 400 values (relative 1/√(2·399) ≈ 3.5 %;
// 4 of those, plus the spread of the averaged estimates), and sit near the
// closed form √(0.61/n); with the default (independent paths) it must
// overstate it by far (the closed forms give 2.7 times).
func TestCompareAntitheticStderr(t *testing.T) {
	const seeds, n = 400, 1000
	var means []float64
	var anti, naive float64
	for s := range uint64(seeds) {
		a, b := antitheticSample(s+1, n)
		c, err := Compare(a, b, Antithetic)
		require.NoError(t, err)
		ci, err := Compare(a, b)
		require.NoError(t, err)
		require.Equal(t, c.MeanDiff, ci.MeanDiff)
		means = append(means, c.MeanDiff)
		anti += c.PairedStderr / seeds
		naive += ci.PairedStderr / seeds
	}
	_, sd := meanSD(means)
	t.Logf("empirical SD of MeanDiff %.5f; mean PairedStderr antithetic %.5f, independent %.5f; closed forms %.5f and %.5f",
		sd, anti, naive, math.Sqrt(0.61/n), math.Sqrt(4.43/n))
	mctest.WithinRel(t, "antithetic PairedStderr vs empirical SD", anti, sd, 4/math.Sqrt(2*(seeds-1)))
	mctest.WithinRel(t, "antithetic PairedStderr vs closed form", anti, math.Sqrt(0.61/n), 0.05)
	if naive < 2*sd {
		t.Errorf("independent-path PairedStderr %.5f does not overstate the empirical SD %.5f (want ≥ 2×)", naive, sd)
	}
}

// TestCompareAntitheticErrors checks the pairing's argument checks: an odd
// count or fewer than 4 values with Antithetic, and a pairing that is not
// one, each named.
func TestCompareAntitheticErrors(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	_, err := Compare(x, x, Antithetic)
	require.ErrorContains(t, err, "len(a)")
	require.ErrorContains(t, err, "even")
	_, err = Compare(x[:2], x[:2], Antithetic)
	require.ErrorContains(t, err, "≥ 4")
	_, err = Compare(x[:4], x[:4], Pairing(-1))
	require.ErrorContains(t, err, "pairing")
	_, err = Compare(x[:4], x[:4], Antithetic, Independent)
	require.ErrorContains(t, err, "pairing")
	_, err = Compare(x, x, Independent)
	require.NoError(t, err)
	require.Equal(t, "antithetic", Antithetic.String())
	require.Equal(t, Antithetic, Config{Antithetic: true}.Pairing())
	require.Equal(t, Independent, Config{}.Pairing())
}

// TestResultCompareUsesRunPairing checks that a Run's comparisons, and
// Result.Compare of any two strategies, are Compare of the samples with the
// run's pairing, bit for bit, with and without Config.Antithetic.
func TestResultCompareUsesRunPairing(t *testing.T) {
	sc := model.DefaultScenario()
	for _, anti := range []bool{false, true} {
		res, err := Run(context.Background(), &sc, Config{Paths: 2 * MinSummaryPaths, Seed: 9, Antithetic: anti, Bands: &BandSet{}})
		require.NoError(t, err)
		for _, c := range res.Comparisons {
			want, err := Compare(res.NPV[indexOf(res, c.Name)], res.NPV[0], res.Config.Pairing())
			require.NoError(t, err)
			require.Equal(t, want, c.Comparison, "antithetic %v: comparison %q", anti, c.Name)
			got, err := res.Compare(c.Name, c.Baseline)
			require.NoError(t, err)
			require.Equal(t, c, got)
		}
		names := res.StrategyNames()
		got, err := res.Compare(names[2], names[1])
		require.NoError(t, err)
		want, err := Compare(res.NPV[2], res.NPV[1], res.Config.Pairing())
		require.NoError(t, err)
		require.Equal(t, want, got.Comparison)
		_, err = res.Compare("nope", names[0])
		require.ErrorContains(t, err, `name = "nope"`)
	}
}
