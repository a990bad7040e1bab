package sim

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
)

// pathSamples are per-strategy, per-path results (index [j][i]) of a run
// made by runPaths.
type pathSamples struct {
	npv, irr, payback [][]float64
}

// runPaths runs paths [0, n) of plan with seed on two goroutines through
// the engine's path loop (model.Simulator, PathPricer: Reset, then per step
// the simulator's step and Book), the diffusion shocks drawn by the market
// as in Run when q is nil, or taken from q's quasi-Monte Carlo design
// (model.QMCPath, Simulator.StepShocks); with antithetic (and no q) odd
// paths mirror the path before them, as Config.Antithetic does. It is the
// benchmarks' path loop (BenchmarkQMCVarianceReduction measures any
// design, bridge off included); TestRunPathsIsRun and TestRQMCReproducible
// check it against Run, pseudo-random and RQMC.
func runPaths(t testing.TB, plan *model.Plan, n int, seed uint64, q *model.QMC, antithetic bool) pathSamples {
	t.Helper()
	ns := plan.NumStrategies()
	out := pathSamples{npv: make([][]float64, ns), irr: make([][]float64, ns), payback: make([][]float64, ns)}
	for j := range ns {
		out.npv[j], out.irr[j], out.payback[j] = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	const workers = 2
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim, err := plan.NewSimulator()
			if err != nil {
				errs[w] = err
				return
			}
			pr := NewPathPricer(plan)
			var qp *model.QMCPath
			if q != nil {
				qp = q.NewPath()
			}
			for i := w; i < n; i += workers {
				if antithetic && i%2 == 1 {
					sim.Reset(seed, uint64(i-1), true)
				} else {
					sim.Reset(seed, uint64(i), false)
				}
				pr.Reset()
				if qp != nil {
					qp.Reset(uint64(i))
				}
				for k := 1; k <= plan.Steps(); k++ {
					var err error
					if qp != nil {
						_, cfs := sim.StepShocks(qp.Shocks(k))
						err = pr.Book(k, cfs)
					} else {
						_, cfs := sim.Step()
						err = pr.Book(k, cfs)
					}
					if err != nil {
						errs[w] = err
						return
					}
				}
				for j := range ns {
					out.npv[j][i], out.irr[j][i], out.payback[j][i] = pr.NPVUSD(j), pr.IRRPerYear(j), pr.PaybackMonths(j)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	return out
}

// TestRunPathsIsRun checks that the harness with pseudo-random shocks
// reproduces Run's NPV, IRR and payback samples bit for bit, plain and
// antithetic, so that its
// quasi-Monte Carlo figures are the engine's.
func TestRunPathsIsRun(t *testing.T) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	for _, anti := range []bool{false, true} {
		got := runPaths(t, plan, 400, 5, nil, anti)
		res, err := Run(context.Background(), &sc, Config{Paths: 400, Seed: 5, Antithetic: anti, Bands: &BandSet{}})
		require.NoError(t, err)
		for j := range res.NPV {
			sameFloats(t, "NPV", res.NPV[j], got.npv[j])
			sameFloats(t, "IRR", res.IRRPerYear[j], got.irr[j])
			sameFloats(t, "payback", res.PaybackMonths[j], got.payback[j])
		}
	}
}

// summaryFigures returns the figures of a Summary that estimate a property
// of the NPV, IRR and payback distributions (all but the sample's extremes
// and the intervals), by name, and whether each is a payback figure in
// months (a quantile of whole steps).
func summaryFigures(s Summary) (map[string]float64, map[string]bool) {
	f := map[string]float64{
		"mean": s.Mean, "sd": s.SD,
		"p1": s.Quantiles.P1, "p5": s.Quantiles.P5, "p10": s.Quantiles.P10, "p25": s.Quantiles.P25, "p50": s.Quantiles.P50,
		"p75": s.Quantiles.P75, "p90": s.Quantiles.P90, "p95": s.Quantiles.P95, "p99": s.Quantiles.P99,
		"var95": s.VaR95, "es95": s.ES95, "var99": s.VaR99, "es99": s.ES99, "probLoss": s.ProbLoss,
		"irr.undefinedShare": s.IRR.UndefinedShare, "irr.mean": s.IRR.MeanPerYear, "irr.median": s.IRR.MedianPerYear,
		"irr.p5": s.IRR.P5PerYear, "irr.p95": s.IRR.P95PerYear,
		"payback.neverShare": s.Payback.NeverShare, "payback.median": s.Payback.MedianMonths, "payback.p90": s.Payback.P90Months,
	}
	return f, map[string]bool{"payback.median": true, "payback.p90": true}
}

// groupFigures summarizes strategy j of samples over all paths and over
// each group g of paths i ≡ g (mod groups) (the replicates of a QMC run,
// or batches of a pseudo-random one), returning the figures over all paths
// and their standard errors, the standard deviation of the groups' figures
// over √groups.
func groupFigures(t *testing.T, s pathSamples, j, groups int) (all, se map[string]float64, months map[string]bool) {
	t.Helper()
	sum, err := Summarize("all", s.npv[j], s.irr[j], s.payback[j])
	require.NoError(t, err)
	all, months = summaryFigures(sum)
	per := make(map[string][]float64)
	n := len(s.npv[j]) / groups
	for g := range groups {
		var npv, irr, pb []float64
		for i := g; i < groups*n; i += groups {
			npv, irr, pb = append(npv, s.npv[j][i]), append(irr, s.irr[j][i]), append(pb, s.payback[j][i])
		}
		gs, err := Summarize("group", npv, irr, pb)
		require.NoError(t, err)
		f, _ := summaryFigures(gs)
		for k, v := range f {
			per[k] = append(per[k], v)
		}
	}
	se = make(map[string]float64)
	for k, v := range per {
		se[k] = math.Sqrt(variance(v) / float64(groups))
	}
	return all, se, months
}
