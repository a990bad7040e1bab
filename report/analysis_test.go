package report_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestRankCorrelation checks Spearman's ρ against the worked example of
// the Wikipedia article "Spearman's rank correlation coefficient" (IQ
// against hours of television a week, ten people: ρ = −29/165), perfect
// monotone relations, ties (mid-ranks: ρ of x with a monotone step
// function of it is the Pearson correlation of their ranks, computed here
// by hand) and the undefined cases.
func TestRankCorrelation(t *testing.T) {
	iq := []float64{106, 100, 86, 101, 99, 103, 97, 113, 112, 110}
	tv := []float64{7, 27, 2, 50, 28, 29, 20, 12, 6, 17}
	require.InDelta(t, -29.0/165, report.RankCorrelation(iq, tv), 1e-15)
	x := []float64{1, 2, 3, 4, 5}
	require.InDelta(t, 1, report.RankCorrelation(x, []float64{10, 20, 30, 40, 1e9}), 1e-15)
	require.InDelta(t, -1, report.RankCorrelation(x, []float64{5, 4, 3, 2, 1}), 1e-15)
	// y = [0, 0, 1, 1, 1]: ranks 1.5, 1.5, 4, 4, 4 against 1..5:
	// Σdx·dy = (−2)(−1.5)+(−1)(−1.5)+0+1·1+2·1 = 7.5, Σdx² = 10,
	// Σdy² = 2·2.25 + 3·1 = 7.5, ρ = 7.5/√75.
	require.InDelta(t, 7.5/math.Sqrt(75), report.RankCorrelation(x, []float64{0, 0, 1, 1, 1}), 1e-15)
	require.True(t, math.IsNaN(report.RankCorrelation(x, []float64{3, 3, 3, 3, 3})))
	require.True(t, math.IsNaN(report.RankCorrelation(x, []float64{1, 2, math.NaN(), 4, 5})))
	require.True(t, math.IsNaN(report.RankCorrelation(x[:1], x[:1])))
}

// analysed runs the default scenario on 2,000 antithetic paths with both
// observers and returns the run and its analysis.
func analysed(t *testing.T) (*sim.Result, *report.Analysis) {
	t.Helper()
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	attr := sim.NewAttribution(plan)
	drv, err := sim.NewDrivers(plan, 3, sim.DriverSpec{})
	require.NoError(t, err)
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 2000, Seed: 3, Antithetic: true, Observers: []sim.Observer{attr, drv}})
	require.NoError(t, err)
	a, err := report.Analyze(context.Background(), res, drv, attr)
	require.NoError(t, err)
	return res, a
}

// TestAnalysisAttributionSums: each strategy's component means sum to its
// mean NPV, and their means over the worst 5 % of paths to minus its
// ES 95 % as package sim computes it, up to rounding.
func TestAnalysisAttributionSums(t *testing.T) {
	res, a := analysed(t)
	require.Equal(t, 100, a.TailPaths)
	for j, sa := range a.Attribution {
		var m, tail, scale float64
		for _, c := range sa.Components {
			m += c.MeanUSD
			tail += c.TailMeanUSD
			scale += math.Abs(c.MeanUSD) + math.Abs(c.TailMeanUSD)
		}
		s := res.Strategies[j]
		require.InDelta(t, s.Mean, m, 1e-12*scale+1e-6, sa.Strategy)
		require.InDelta(t, -s.ES95, tail, 1e-12*scale+1e-6, sa.Strategy)
		require.InDelta(t, -s.ES95, sa.TailMeanNPVUSD, 1e-12*math.Abs(s.ES95)+1e-6, sa.Strategy)
	}
}

// TestAnalysisDrivers: the conversions' capex overrun lowers their NPV
// (a negative rank correlation) and is higher on their worst paths than
// on average, and pure mining has no conversion drivers; the BTC price a
// year in raises pure mining's NPV.
func TestAnalysisDrivers(t *testing.T) {
	_, a := analysed(t)
	found := 0
	for _, d := range a.Drivers {
		if d.Name == "full AI colocation: capex overrun" {
			found++
			require.Less(t, *d.RankCorrelation[2], -0.1)
			require.Greater(t, d.TailMean[2], d.Mean)
		}
		if d.Name == "BTC price at month 12" {
			found++
			require.Greater(t, *d.RankCorrelation[0], 0.2)
		}
		require.NotEqual(t, 0, d.Strategy, "pure mining has no conversion drivers: %s", d.Name)
	}
	require.Equal(t, 2, found)
}

// TestConvergenceEnds: the last point is the whole run's mean and ES 95 %,
// the paths increase, each interval holds its estimate, and the intervals
// narrow from the first point to the last.
func TestConvergenceEnds(t *testing.T) {
	res, a := analysed(t)
	for j, sc := range a.Convergence {
		pts := sc.Points
		last := pts[len(pts)-1]
		require.Equal(t, 2000, last.Paths)
		require.InDelta(t, res.Strategies[j].Mean, last.MeanUSD, 1e-9*math.Abs(res.Strategies[j].Mean)+1e-6)
		require.Equal(t, res.Strategies[j].ES95, last.ES95USD)
		for k, p := range pts {
			if k > 0 {
				require.Greater(t, p.Paths, pts[k-1].Paths)
			}
			require.Equal(t, 0, p.Paths%2)
			require.LessOrEqual(t, p.MeanCI95USD[0], p.MeanUSD)
			require.GreaterOrEqual(t, p.MeanCI95USD[1], p.MeanUSD)
		}
		require.Less(t, last.MeanCI95USD[1]-last.MeanCI95USD[0], pts[0].MeanCI95USD[1]-pts[0].MeanCI95USD[0])
	}
}
