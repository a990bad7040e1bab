package report_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestRQMCReport checks that a report of an RQMC run says which estimator
// its standard errors come from (run line, table headers, the page's
// facts) and that the convergence of the whole run ends at the Summary's
// own replicate intervals, the same estimator computed twice.
func TestRQMCReport(t *testing.T) {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 8 * 100, Seed: 3, Sampling: sim.RQMC, Replicates: 8, Bands: &sim.BandSet{}})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, report.Print(&b, res))
	out := b.String()
	require.Contains(t, out, "randomized QMC, 8 Sobol scramblings; standard errors from their spread")
	require.Contains(t, out, "mean ± s.e. (8 RQMC replicates)")
	require.Contains(t, out, "Δ ES 95% ± s.e. (8 RQMC replicates)")
	page, err := report.RunPage(res, nil, nil)
	require.NoError(t, err)
	var facts string
	for _, f := range page.Facts {
		facts += f.Value + "\n"
	}
	require.Contains(t, facts, "estimator rqmc-replicates 8")
	for j, s := range res.Strategies {
		pts, err := report.ConvergencePairing(res.NPV[j], res.Config.Pairing())
		require.NoError(t, err)
		last := pts[len(pts)-1]
		require.Equal(t, 800, last.Paths)
		for _, p := range pts {
			require.Zero(t, p.Paths%8, "a point of whole replicates")
		}
		require.InDeltaSlice(t, s.MeanCI95[:], last.MeanCI95USD[:], 1e-6*s.SD)
		require.InDeltaSlice(t, s.ES95CI95[:], last.ES95CI95USD[:], 1e-6*s.SD)
	}
}
