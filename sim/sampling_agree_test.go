package sim

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
)

// resultSamples returns the per-path samples of a Run's result.
func resultSamples(res *Result) pathSamples {
	return pathSamples{npv: res.NPV, irr: res.IRRPerYear, payback: res.PaybackMonths}
}

// TestQMCAgreesWithPseudoRandom checks that the default scenario run with
// Sampling RQMC (16 scramblings of 512 points, the Brownian bridge on)
// agrees with a pseudo-random Run of as many paths on every summary
// figure of every strategy: the difference is within 5 combined standard
// errors, each taken from the spread over 16 groups (the replicates; 16
// batches of the pseudo-random run), 5 being beyond the 99.9 % point of
// Student's t with 15 degrees of freedom; payback quantiles, in whole
// months, may differ by one month more. It also checks the Result's own
// replicate figures against that independent computation: its mean's
// standard error is the groups' (one formula, two codes), and its VaR and
// ES intervals are the pooled figure ± t(15, 0.975) times the groups'.
func TestQMCAgreesWithPseudoRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 16,384 paths")
	}
	const reps, points = 16, 512
	sc := model.DefaultScenario()
	run := func(cfg Config) *Result {
		t.Helper()
		res, err := Run(context.Background(), &sc, cfg)
		require.NoError(t, err)
		return res
	}
	qr := run(Config{Paths: reps * points, Seed: 2026, Sampling: RQMC, Replicates: reps, Bands: &BandSet{}})
	pr := run(Config{Paths: reps * points, Seed: 2027, Bands: &BandSet{}})
	qs, ps := resultSamples(qr), resultSamples(pr)
	t15 := tTwoSided(0.95, reps-1)
	for j, name := range qr.StrategyNames() {
		qa, qse, months := groupFigures(t, qs, j, reps)
		pa, pse, _ := groupFigures(t, ps, j, reps)
		for k, want := range pa {
			tol := 5 * math.Hypot(qse[k], pse[k])
			if months[k] {
				tol += 1
			}
			if d := math.Abs(qa[k] - want); !(d <= tol) {
				t.Errorf("%s, %s: QMC %.6g (SE %.3g), pseudo-random %.6g (SE %.3g): off by %.3g > %.3g", name, k, qa[k], qse[k], want, pse[k], d, tol)
			}
		}
		s := qr.Strategies[j]
		rel := func(what string, got, want float64) {
			t.Helper()
			require.InDelta(t, want, got, 1e-9*math.Abs(want)+1e-6, "%s, %s", name, what)
		}
		rel("stderr", s.Stderr, qse["mean"])
		rel("VaR95 interval", s.VaR95CI95[1]-s.VaR95, t15*qse["var95"])
		rel("ES95 interval", s.ES95-s.ES95CI95[0], t15*qse["es95"])
		rel("VaR99 interval", s.VaR99CI95[1]-s.VaR99, t15*qse["var99"])
		rel("ES99 interval", s.ES99CI95[1]-s.ES99, t15*qse["es99"])
		rel("probLoss stderr", s.ProbLossStderr, qse["probLoss"])
		t.Logf("%s: mean SE QMC %.4g, pseudo-random %.4g (%.2f× fewer paths for the same SE); ES95 SE QMC %.4g, pseudo-random %.4g",
			name, qse["mean"], pse["mean"], math.Pow(pse["mean"]/qse["mean"], 2), qse["es95"], pse["es95"])
	}
}
