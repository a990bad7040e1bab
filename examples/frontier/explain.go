package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// explainRun is the run that explains one hybrid share against the blend
// of pure mining and full AI: the three as strategies on the same paths,
// with the attribution of every path's NPV to cash-flow components.
type explainRun struct {
	fraction float64
	names    [3]string
	attr     *report.Analysis
	gapMean  float64 // mean of NPV(f) − [(1−f)·NPV(0) + f·NPV(1)], USD
	gapSE    float64 // its standard error (antithetic pairs averaged first)
}

// explain runs the hybrid of share f beside its two ends on cfg's paths
// (the frontier's hybrid template: the first hybrid of sc, as sim.Frontier
// takes it) with a sim.Attribution, and returns the attribution and the
// paired gap of the hybrid's NPV to the blend of the ends.
func explain(ctx context.Context, sc *model.Scenario, f float64, cfg sim.Config) (*explainRun, error) {
	tmpl := model.Hybrid(0, 0, nil)
	for _, sp := range sc.Strategies {
		if sp.Kind == model.KindHybrid {
			tmpl = sp
			break
		}
	}
	es := *sc
	es.Custom = nil
	es.Strategies = nil
	ex := &explainRun{fraction: f}
	for i, x := range []float64{0, f, 1} {
		sp := tmpl
		sp.Fraction = x
		sp.Label = label(x)
		ex.names[i] = label(x)
		es.Strategies = append(es.Strategies, sp)
	}
	plan, err := model.NewPlan(&es)
	if err != nil {
		return nil, err
	}
	attr := sim.NewAttribution(plan)
	cfg.Observers = []sim.Observer{attr}
	cfg.Bands = &sim.BandSet{}
	cfg.Progress = nil
	res, err := sim.Run(ctx, &es, cfg)
	if err != nil {
		return nil, err
	}
	if ex.attr, err = report.Analyze(ctx, res, nil, attr); err != nil {
		return nil, err
	}
	ex.gapMean, ex.gapSE = blendGap(res.NPV, f, res.Config.Antithetic)
	return ex, nil
}

// blendGap returns the mean and standard error of NPV(f) − [(1−f)·NPV(0)
// + f·NPV(1)] over the paths of npv (strategies 0, f, 1), each antithetic
// pair averaged first when antithetic.
func blendGap(npv [][]float64, f float64, antithetic bool) (mean, se float64) {
	n := len(npv[0])
	step := 1
	if antithetic {
		step = 2
	}
	var s, s2 float64
	var m int
	for i := 0; i+step <= n; i += step {
		var d float64
		for k := i; k < i+step; k++ {
			d += npv[1][k] - (1-f)*npv[0][k] - f*npv[2][k]
		}
		d /= float64(step)
		s += d
		s2 += d * d
		m++
	}
	mean = s / float64(m)
	if m > 1 {
		se = math.Sqrt(max(s2/float64(m)-mean*mean, 0) * float64(m) / float64(m-1) / float64(m))
	}
	return mean, se
}

// table returns the attribution table: each component's mean and mean
// over the worst 5 % (summing to the mean NPV and to −ES 95 %) for pure
// mining, the hybrid and full AI, and the hybrid's mean minus the blend of
// the ends, which names what makes the hybrid more than a blend.
func (ex *explainRun) table() (string, error) {
	var b strings.Builder
	f := ex.fraction
	fmt.Fprintf(&b, "\nWhy the hybrid %s is not the blend %.2g × pure mining + %.2g × full AI (same paths):\n", label(f), 1-f, f)
	fmt.Fprintf(&b, "mean NPV − blend = %s ± %s M USD (paired s.e.)\n", report.MUSD(ex.gapMean, 2), report.MUSD(ex.gapSE, 2))
	fmt.Fprintln(&b, "NPV by component, M USD: mean over all paths | mean over each strategy's worst 5 % (sums to −ES 95 %)")
	fmt.Fprintln(&b)
	var t report.Table
	t.Row("component", ex.names[0], ex.names[1], ex.names[2], "hybrid − blend", "tail "+ex.names[0], "tail "+ex.names[1], "tail "+ex.names[2])
	a := ex.attr.Attribution
	for c := range a[0].Components {
		m0, mf, m1 := a[0].Components[c].MeanUSD, a[1].Components[c].MeanUSD, a[2].Components[c].MeanUSD
		t.Row(a[0].Components[c].Component, report.MUSD(m0, 2), report.MUSD(mf, 2), report.MUSD(m1, 2),
			report.MUSD(mf-(1-f)*m0-f*m1, 2),
			report.MUSD(a[0].Components[c].TailMeanUSD, 2), report.MUSD(a[1].Components[c].TailMeanUSD, 2), report.MUSD(a[2].Components[c].TailMeanUSD, 2))
	}
	t.Row("NPV", report.MUSD(a[0].MeanNPVUSD, 2), report.MUSD(a[1].MeanNPVUSD, 2), report.MUSD(a[2].MeanNPVUSD, 2),
		report.MUSD(a[1].MeanNPVUSD-(1-f)*a[0].MeanNPVUSD-f*a[2].MeanNPVUSD, 2),
		report.MUSD(a[0].TailMeanNPVUSD, 2), report.MUSD(a[1].TailMeanNPVUSD, 2), report.MUSD(a[2].TailMeanNPVUSD, 2))
	if err := t.Write(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}
