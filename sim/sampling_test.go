package sim

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
)

// rqmcConfig is a run of the default scenario under RQMC with 16
// replicates of 128 points, no bands.
func rqmcConfig() Config {
	return Config{Paths: 16 * 128, Seed: 11, Sampling: RQMC, Replicates: 16, Bands: &BandSet{}}
}

// TestSamplingValidate checks that every setting RQMC cannot take is an
// error naming the field, its value and what is allowed, before anything
// runs, and that the valid ones pass.
func TestSamplingValidate(t *testing.T) {
	ok := rqmcConfig()
	require.NoError(t, ok.Validate())
	require.NoError(t, Config{Paths: 1000, Sampling: PseudoRandom}.Validate())
	tests := []struct {
		name  string
		edit  func(c *Config)
		wants []string
	}{
		{"unknown sampling", func(c *Config) { c.Sampling = "sobol" }, []string{"sampling", "sobol", `"rqmc"`}},
		{"replicates without rqmc", func(c *Config) { c.Sampling = "" }, []string{"replicates", "16", "0 without sampling"}},
		{"one replicate", func(c *Config) { c.Replicates = 1 }, []string{"replicates", "1", "[2, 4096]"}},
		{"too many replicates", func(c *Config) { c.Replicates = dist.MaxReplicates + 1 }, []string{"replicates", "4097"}},
		{"antithetic", func(c *Config) { c.Antithetic = true }, []string{"antithetic", "false with sampling rqmc"}},
		{"target SE", func(c *Config) { c.TargetStdErrUSD, c.MaxPaths = 1e5, 1e5 }, []string{"targetStdErrUSD", "0 with sampling rqmc"}},
		{"paths not a multiple", func(c *Config) { c.Paths = 2050 }, []string{"paths", "2050", "multiple of replicates (16)"}},
		{"too few per replicate", func(c *Config) { c.Paths = 16 * 99 }, []string{"paths", "1584", "at least 100 paths per replicate"}},
		{"first path not a multiple", func(c *Config) { c.FirstPath = 8 }, []string{"firstPath", "8", "multiple of replicates"}},
		{"beyond the points", func(c *Config) { c.FirstPath = 16 * dist.SobolMaxPoints }, []string{"firstPath+paths"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := rqmcConfig()
			tt.edit(&c)
			err := c.Validate()
			require.Error(t, err)
			for _, w := range tt.wants {
				require.ErrorContains(t, err, w)
			}
			_, err = Run(context.Background(), ptr(model.DefaultScenario()), c)
			require.Error(t, err)
		})
	}
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

// TestSamplingScenarioErrors checks the errors that need the scenario: more
// Sobol dimensions than the table holds, a real option, and a sweep; each
// before a path runs (Progress is never called).
func TestSamplingScenarioErrors(t *testing.T) {
	cfg := rqmcConfig()
	cfg.Progress = func(done, planned int) { t.Errorf("progress %d/%d: a path ran", done, planned) }
	long := model.DefaultScenario()
	long.Finance.StepMonths = 0.025 // 4,800 steps over 10 years: 24,000 dimensions
	require.Greater(t, 5*long.Finance.Steps(), dist.SobolMaxDim)
	_, err := Run(context.Background(), &long, cfg)
	require.ErrorContains(t, err, "Sobol dimensions exceed the table's 21201")
	require.ErrorContains(t, err, "at most 4240 steps")

	opt := model.DefaultScenario()
	opt.Strategies = append(opt.Strategies, model.NewRealOption(0.5, 1, nil, model.DefaultRealOption()))
	_, err = Run(context.Background(), &opt, cfg)
	require.ErrorContains(t, err, `strategies[3] of kind "realOption"`)

	sc := model.DefaultScenario()
	_, err = Frontier(context.Background(), &sc, []float64{0, 1}, rqmcConfig())
	require.ErrorContains(t, err, `"pseudo-random" in a sweep`)
}

// TestRQMCReproducible checks that an RQMC run gives the same samples for
// any worker count, that a run of paths [a, b) reproduces those paths of a
// larger run (SkipTo), and that the engine's paths are the harness's
// (runPaths with model.QMC), so that BENCHMARKS §6 measured the engine.
func TestRQMCReproducible(t *testing.T) {
	sc := model.DefaultScenario()
	run := func(first uint64, paths, workers int) *Result {
		t.Helper()
		c := rqmcConfig()
		c.FirstPath, c.Paths, c.Workers = first, paths, workers
		res, err := Run(context.Background(), &sc, c)
		require.NoError(t, err)
		return res
	}
	whole := run(0, 16*256, 2)
	one := run(0, 16*256, 1)
	lo, hi := run(0, 16*128, 2), run(16*128, 16*128, 1)
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	q, err := plan.NewQMC(16, 11, true)
	require.NoError(t, err)
	h := runPaths(t, plan, 16*256, 11, q, false)
	for j := range whole.NPV {
		sameFloats(t, "workers 1 vs 2", one.NPV[j], whole.NPV[j])
		sameFloats(t, "IRR, workers 1 vs 2", one.IRRPerYear[j], whole.IRRPerYear[j])
		sameFloats(t, "first half", lo.NPV[j], whole.NPV[j][:16*128])
		sameFloats(t, "second half", hi.NPV[j], whole.NPV[j][16*128:])
		sameFloats(t, "harness", h.npv[j], whole.NPV[j])
		sameFloats(t, "harness payback", h.payback[j], whole.PaybackMonths[j])
	}
	require.Equal(t, whole.Strategies, one.Strategies)
	for _, s := range whole.Strategies {
		require.Equal(t, "rqmc-replicates 16", s.Estimator)
	}
	for _, c := range whole.Comparisons {
		require.Equal(t, "rqmc-replicates 16", c.Estimator)
	}
}

// TestReplicateSummaryHandComputed checks the replicate estimator on a
// sample whose replicate figures are known: 4 replicates of 100 paths,
// path i worth 1000·(i mod 4) − 500 USD, so replicate k is constant at
// 1000k − 500. The replicate means are −500, 500, 1500, 2500 (standard
// deviation √(5/3)·1000), so every standard error is √(5/3)·1000/√4 =
// 645.50 USD, and the intervals are pooled ± t(3, 0.975) = 3.182446
// (the tabulated Student's t) times it. VaR and ES of replicate k are
// 500 − 1000k, with the same spread; the probability of loss is 1, 0, 0,
// 0 by replicate (standard deviation ½), standard error ½/√4 = ¼.
func TestReplicateSummaryHandComputed(t *testing.T) {
	const r, m = 4, 100
	npv := make([]float64, r*m)
	for i := range npv {
		npv[i] = 1000*float64(i%r) - 500
	}
	s, err := Summarize("hand", npv, nanSlice(len(npv)), nanSlice(len(npv)))
	require.NoError(t, err)
	require.Equal(t, "iid", s.Estimator)
	applyPairing(&s, npv, RQMCReplicates(r), nil)
	require.Equal(t, "rqmc-replicates 4", s.Estimator)
	se := math.Sqrt(5.0/3) * 1000 / 2
	const t3 = 3.182446305284263 // t quantile, 3 degrees of freedom, 0.975
	near := func(name string, got, want float64) {
		t.Helper()
		require.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)), name)
	}
	near("stderr", s.Stderr, se)
	near("mean", s.Mean, 1000)
	near("meanCI lo", s.MeanCI95[0], 1000-t3*se)
	near("meanCI hi", s.MeanCI95[1], 1000+t3*se)
	// Pooled VaR95: the 5 % quantile of the pooled sample is −500 (the
	// lowest 100 paths), so VaR95 = 500; ES95 the same.
	near("VaR95", s.VaR95, 500)
	near("VaR95CI lo", s.VaR95CI95[0], 500-t3*se)
	near("ES99CI hi", s.ES99CI95[1], s.ES99+t3*se)
	// Probability of loss per replicate: 1, 0, 0, 0: mean ¼, standard
	// deviation √(¼·¾·4/3) = ½, standard error ½/2.
	near("probLossStderr", s.ProbLossStderr, 0.25)

	// Compare: a − b with b = 0 has the same replicate spread; the scores
	// (a > b) are 0, 1, 1, 1 by replicate.
	c, err := Compare(npv, make([]float64, len(npv)), RQMCReplicates(r))
	require.NoError(t, err)
	require.Equal(t, "rqmc-replicates 4", c.Estimator)
	near("pairedStderr", c.PairedStderr, se)
	near("unpairedStderr", c.UnpairedStderr, se)
	near("probAGreaterStderr", c.ProbAGreaterStderr, 0.25)
	near("meanDiffCI hi", c.MeanDiffCI95[1], 1000+t3*se)
	_, err = Compare(npv[:6], npv[:6], RQMCReplicates(r))
	require.ErrorContains(t, err, "≥ 8")
	_, err = Compare(npv[:10], npv[:10], RQMCReplicates(r))
	require.ErrorContains(t, err, "multiple of the 4 RQMC replicates")
}

// nanSlice returns n NaNs (IRR undefined, never pays back).
func nanSlice(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = math.NaN()
	}
	return x
}

// TestMaxReplicatesIsDist checks the statistics' copy of the replicate
// limit.
func TestMaxReplicatesIsDist(t *testing.T) {
	require.Equal(t, dist.MaxReplicates, maxReplicates)
	require.Equal(t, 0, Pairing(maxReplicates+1).Replicates())
	require.Equal(t, RQMCReplicates(16), Config{Sampling: RQMC, Replicates: 16}.Pairing())
}

// TestRQMCResultJSON checks that an RQMC result written with its samples
// reads back (its figures rechecked from the samples with the replicate
// estimator) with its sampling and estimators.
func TestRQMCResultJSON(t *testing.T) {
	sc := model.DefaultScenario()
	res, err := Run(context.Background(), &sc, rqmcConfig())
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, res.WriteJSONWithSamples(&b))
	back, err := ReadResultJSON(&b)
	require.NoError(t, err)
	require.Equal(t, RQMC, back.Config.Sampling)
	require.Equal(t, 16, back.Config.Replicates)
	require.Equal(t, res.Strategies, back.Strategies)
	require.Equal(t, res.Comparisons, back.Comparisons)
}
