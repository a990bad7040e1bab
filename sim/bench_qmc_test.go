package sim

import (
	"flag"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Sizes of BenchmarkQMCVarianceReduction.
var (
	qmcReps   = flag.Int("sim.qmcreps", 32, "BenchmarkQMCVarianceReduction: scramblings R")
	qmcMaxLog = flag.Int("sim.qmcmaxlog", 12, "BenchmarkQMCVarianceReduction: at most 2^k points per scrambling")
	qmcMCPath = flag.Int("sim.qmcmcpaths", 40_000, "BenchmarkQMCVarianceReduction: paths of the plain and antithetic runs")
)

// qmcMinLog is the fewest points per scrambling (2^k) the benchmark
// measures standard errors at; ES is measured from 2^qmcMinLogES on, so
// that each replicate's 5 % tail holds at least 25 paths.
const qmcMinLog, qmcMinLogES = 6, 9

// replicateSE returns the standard errors of the mean NPV and of ES 95 %
// of strategy j from the first 2^k points of each of the reps replicates
// of s (paths i with i mod reps the replicate), for k = lo … hi: the
// standard deviation of the replicates' figures over √reps.
func replicateSE(s pathSamples, j, reps, lo, hi int) (meanSE, esSE map[int]float64) {
	meanSE, esSE = map[int]float64{}, map[int]float64{}
	for k := lo; k <= hi; k++ {
		n := 1 << k
		means, ess := make([]float64, reps), make([]float64, reps)
		for r := range reps {
			x := make([]float64, n)
			for p := range n {
				x[p] = s.npv[j][p*reps+r]
			}
			means[r] = mean(x)
			ess[r], _ = ES(x, 0.95)
		}
		meanSE[k] = math.Sqrt(variance(means) / float64(reps))
		esSE[k] = math.Sqrt(variance(ess) / float64(reps))
	}
	return meanSE, esSE
}

// mean returns the sample mean of xs.
func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// qmcPathsFor returns the paths at which the standard error, measured at
// the sizes R·2^k in se (keyed by k), reaches target: interpolated on
// log–log scale between the two measured sizes around it, or, outside the
// measured range, scaled at the Monte Carlo rate (SE ∝ n^−½) from the
// nearest end, the rate the variance QMC cannot remove converges at
// (extrapolated is then true). It also returns the slope of a
// least-squares line of log SE on log n over all sizes.
func qmcPathsFor(se map[int]float64, reps int, target float64) (paths, slope float64, extrapolated bool) {
	ks := slices.Sorted(maps.Keys(se))
	var lx, ly []float64
	for _, k := range ks {
		lx = append(lx, math.Log(float64(reps<<k)))
		ly = append(ly, math.Log(se[k]))
	}
	slope = fitLine(lx, ly)
	first, last := 0, len(ks)-1
	switch {
	case target >= se[ks[first]]:
		return math.Exp(lx[first]) * math.Pow(se[ks[first]]/target, 2), slope, true
	case target <= se[ks[last]]:
		return math.Exp(lx[last]) * math.Pow(se[ks[last]]/target, 2), slope, true
	}
	for i := 0; i+1 < len(ks); i++ {
		a, b := ly[i], ly[i+1]
		t := math.Log(target)
		if (a-t)*(b-t) <= 0 && a != b {
			return math.Exp(lx[i] + (t-a)/(b-a)*(lx[i+1]-lx[i])), slope, false
		}
	}
	// Standard errors not monotone around target: use the fitted line.
	var mx, my float64
	for i := range lx {
		mx += lx[i] / float64(len(lx))
		my += ly[i] / float64(len(ly))
	}
	return math.Exp(mx + (math.Log(target)-my)/slope), slope, false
}

// fitLine returns the least-squares slope of y on x.
func fitLine(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

// interleavedRates returns the paths per second of each method, timed in
// rounds that alternate between them (so that load from other processes
// falls on all alike): rounds × n paths per method, through runPaths.
func interleavedRates(b *testing.B, plan *model.Plan, qs []*model.QMC, anti []bool, rounds, n int) []float64 {
	spent := make([]time.Duration, len(qs))
	for r := range rounds {
		for m := range qs {
			start := time.Now()
			runPaths(b, plan, n, uint64(100+r), qs[m], anti[m])
			spent[m] += time.Since(start)
		}
	}
	rates := make([]float64, len(qs))
	for m := range rates {
		rates[m] = float64(rounds*n) / spent[m].Seconds()
	}
	return rates
}

// BenchmarkQMCVarianceReduction measures what randomized quasi-Monte Carlo
// is worth on the default scenario, as paths and wall time to reach the
// standard errors vrTargetMeanUSD (mean NPV) and vrTargetESUSD (ES 95 %)
// of each strategy: plain and antithetic sampling (variance per path from
// -sim.qmcmcpaths paths, ES through its influence values), and QMC
// without and with the Brownian bridge (R = -sim.qmcreps scramblings of up
// to 2^-sim.qmcmaxlog points; the standard error is the spread of the R
// replicate figures over √R, measured at R·2^k paths for each k; the
// paths at the target are interpolated between the measured sizes, or
// scaled at the Monte Carlo rate outside them (qmcPathsFor); it logs the
// slope of log SE on log n, and the standard errors at the largest run
// for every method). Every method runs
// through the engine's path loop on two goroutines (runPaths); the wall
// time is paths over a throughput timed in interleaved rounds. Run it with
// -benchtime 1x.
func BenchmarkQMCVarianceReduction(b *testing.B) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	reps, maxLog, nMC := *qmcReps, *qmcMaxLog, *qmcMCPath
	nMC -= nMC % 2
	nQ := reps << maxLog
	names := []string{"plain", "antithetic", "QMC", "QMC+bridge"}
	anti := []bool{false, true, false, false}
	qs := make([]*model.QMC, 4)
	for m, bridge := range []bool{false, true} {
		if qs[2+m], err = plan.NewQMC(reps, 1, bridge); err != nil {
			b.Fatal(err)
		}
	}
	samples := make([]pathSamples, 4)
	var rates []float64
	for b.Loop() {
		for m := range samples {
			n := nMC
			if qs[m] != nil {
				n = nQ
			}
			samples[m] = runPaths(b, plan, n, 1, qs[m], anti[m])
		}
		rates = interleavedRates(b, plan, qs, anti, 5, 2000)
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "default scenario; paths (and seconds on 2 goroutines) for SE %.3g USD of the mean NPV and %.3g USD of ES 95 %%; QMC: %d scramblings, up to %d paths\n",
		float64(vrTargetMeanUSD), float64(vrTargetESUSD), reps, nQ)
	fmt.Fprintf(&tb, "throughput, paths/s (interleaved):")
	for m, r := range rates {
		fmt.Fprintf(&tb, " %s %.0f;", names[m], r)
	}
	fmt.Fprintf(&tb, "\n%-22s %-11s %10s %8s %7s  %10s %8s %7s  %s\n", "strategy", "method", "mean:paths", "seconds", "×anti", "ES95:paths", "seconds", "×anti", "notes")
	for j, name := range plan.StrategyNames() {
		pm, pe := make([]float64, 4), make([]float64, 4)
		notes := make([]string, 4)
		for m := range 4 {
			x := samples[m].npv[j]
			switch m {
			case 0, 1:
				v, ve := variance(x), variance(esInfluence(x))
				if anti[m] {
					v, ve = pairVariance(x), pairVariance(esInfluence(x))
				}
				pm[m], pe[m] = pathsFor(v, vrTargetMeanUSD), pathsFor(ve, vrTargetESUSD)
				notes[m] = fmt.Sprintf("at %d paths SE %.3g (mean), %.3g (ES)", nQ, math.Sqrt(v/float64(nQ)), math.Sqrt(ve/float64(nQ)))
			default:
				mse, ese := replicateSE(samples[m], j, reps, qmcMinLog, maxLog)
				for k := qmcMinLog; k < qmcMinLogES; k++ {
					delete(ese, k)
				}
				var sm, se float64
				var xm, xe bool
				pm[m], sm, xm = qmcPathsFor(mse, reps, vrTargetMeanUSD)
				pe[m], se, xe = qmcPathsFor(ese, reps, vrTargetESUSD)
				notes[m] = fmt.Sprintf("at %d paths SE %.3g (mean), %.3g (ES); SE ∝ n^%.2f (mean), n^%.2f (ES)", nQ, mse[maxLog], ese[maxLog], sm, se)
				if xm || xe {
					notes[m] += fmt.Sprintf("; extrapolated: mean %v, ES %v", xm, xe)
				}
			}
		}
		for m := range 4 {
			fmt.Fprintf(&tb, "%-22s %-11s %10.0f %8.1f %7.2f  %10.0f %8.1f %7.2f  %s\n", name, names[m],
				pm[m], pm[m]/rates[m], pm[1]/pm[m], pe[m], pe[m]/rates[m], pe[1]/pe[m], notes[m])
		}
	}
	b.Log("\n" + tb.String())
}

// discreteShare returns, per strategy of sc, the share of the NPV's
// variance left when the diffusion shocks are held fixed, E[Var(NPV | z)] /
// Var(NPV): nz diffusion paths (QMC points through the bridge), each run
// with nd different seeds of the pseudo-random streams (the market's jumps,
// spikes, regimes and the strategies' draws). No method that only changes
// how the diffusion shocks are sampled can cut the variance of a mean
// below this share of plain sampling's.
func discreteShare(b *testing.B, sc model.Scenario, nz, nd int) []float64 {
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	q, err := plan.NewQMC(1, 5, true)
	if err != nil {
		b.Fatal(err)
	}
	sim, err := plan.NewSimulator()
	if err != nil {
		b.Fatal(err)
	}
	pr, qp := NewPathPricer(plan), q.NewPath()
	ns := plan.NumStrategies()
	all, within := make([][]float64, ns), make([]float64, ns)
	grp := make([][]float64, ns)
	for i := range nz {
		for s := range grp {
			grp[s] = grp[s][:0]
		}
		qp.Reset(uint64(i))
		for j := range nd {
			sim.Reset(99, uint64(i*nd+j), false)
			pr.Reset()
			for k := 1; k <= plan.Steps(); k++ {
				_, cfs := sim.StepShocks(qp.Shocks(k))
				if err := pr.Book(k, cfs); err != nil {
					b.Fatal(err)
				}
			}
			for s := range ns {
				grp[s] = append(grp[s], pr.NPVUSD(s))
				all[s] = append(all[s], pr.NPVUSD(s))
			}
		}
		for s := range ns {
			within[s] += variance(grp[s]) / float64(nz)
		}
	}
	for s := range within {
		within[s] /= variance(all[s])
	}
	return within
}

// BenchmarkQMCDiscreteShare logs discreteShare (100 diffusion paths × 100
// seeds) for the default scenario and for variants without one kind of
// discrete draw each: the bound on what sampling the diffusion shocks
// alone (QMC, a bridge) can gain. Run it with -benchtime 1x.
func BenchmarkQMCDiscreteShare(b *testing.B) {
	variants := []struct {
		name string
		edit func(p *market.MarketParams)
	}{
		{"default", func(*market.MarketParams) {}},
		{"no BTC price jumps", func(p *market.MarketParams) { p.BTCPrice.JumpsPerYear = 0 }},
		{"no fee or power spikes", func(p *market.MarketParams) { p.Fees.JumpsPerYear, p.Power.JumpsPerYear = 0, 0 }},
		{"no GPU regimes or oversupply", func(p *market.MarketParams) {
			p.GPU.TightToGlutPerYear, p.GPU.GlutToTightPerYear, p.GPU.OversupplyJumpsPerYear, p.GPU.OversupplyJumpsPerYearPerGW = 0, 0, 0, 0
		}},
		{"no market credit hazard", func(p *market.MarketParams) { p.Credit.BaseHazardPerYear = market.ClassValues{} }},
	}
	var tb strings.Builder
	for b.Loop() {
		tb.Reset()
		var names []string
		for i, v := range variants {
			sc := model.DefaultScenario()
			v.edit(&sc.Market)
			if i == 0 {
				p, err := model.NewPlan(&sc)
				if err != nil {
					b.Fatal(err)
				}
				names = p.StrategyNames()
				fmt.Fprintf(&tb, "%-30s %s\n", "E[Var(NPV|diffusion)]/Var(NPV)", strings.Join(names, " | "))
			}
			fmt.Fprintf(&tb, "%-30s %.2f\n", v.name, discreteShare(b, sc, 100, 100))
		}
	}
	b.Log("\n" + tb.String())
}
