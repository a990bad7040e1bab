package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/pivotrisk/pivotrisk/sim"
)

// kdePoints is the number of grid points a density is drawn with.
const kdePoints = 600

// NPVDistribution draws each strategy's NPV distribution in res as a
// Gaussian kernel density, a line in the strategy's colour, with NPV =
// −VaR95 (the 5 % quantile) dashed and NPV = −ES95 (the mean of the worst
// 5 %) dotted in the same colour, and a grey line at 0; the legend quotes
// mean, VaR95 and ES95 in M USD (as package sim computes them: positive =
// loss). X is the NPV in M USD over the robust window of the package
// doc, Y the density per M USD of all the samples: a tail cut from the
// picture stays in the estimate. The bandwidth is Silverman's rule of
// thumb, floored at 1/300 of the window so a constant sample draws as a
// narrow peak.
//
// It needs the per-path samples res.NPV (a Result read from JSON has them
// only if written with them). It returns an error wrapping
// plotter.ErrNoData if res is nil or has no strategies or samples, and one
// wrapping plotter.ErrNaN or plotter.ErrInfinity naming the strategy and
// sample index of the first value that is not finite.
func NPVDistribution(res *sim.Result) (*plot.Plot, error) {
	p, _, err := npvDistribution(res)
	return p, err
}

// npvDistribution is NPVDistribution, returning also the legend table
// above the data area, if it drew one.
func npvDistribution(res *sim.Result) (*plot.Plot, *legendTable, error) {
	names, npv, err := strategySamples(res)
	if err != nil {
		return nil, nil, err
	}
	w, err := npvWindow(names, npv)
	if err != nil {
		return nil, nil, err
	}
	p := newPlot(npvTitle("NPV distribution by strategy", res), w.axisLabel(), "probability density, per M USD")
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(gray, 1)})
	yMax := 0.0
	var lines []*plotter.Line
	for j, xys := range w.densities() {
		for _, q := range xys {
			yMax = math.Max(yMax, q.Y)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, nil, fmt.Errorf("plots: strategy %q: density: %w", names[j], err)
		}
		l.LineStyle = lineStyle(StrategyColor(j), lineWidth)
		lines = append(lines, l)
	}
	labels, key := strategyLabels(names)
	if len(names) > 3 || len(key) > 0 {
		t, err := crowdedDensity(p, w, lines, labels, key)
		if err != nil {
			return nil, nil, err
		}
		p.Y.Min, p.Y.Max = 0, 1.04*yMax
		p.X.Min, p.X.Max = w.lo/usdPerM, w.hi/usdPerM
		return p, t, nil
	}
	for j, st := range w.stats {
		c := StrategyColor(j)
		p.Add(&refLine{Vertical: true, Value: -st.var95 / usdPerM, Line: lineStyle(c, refWidth+0.4, dashed...)})
		p.Add(&refLine{Vertical: true, Value: -st.es95 / usdPerM, Line: lineStyle(c, refWidth+0.8, dotted...)})
	}
	for _, l := range lines {
		p.Add(l)
	}
	for j, st := range w.stats {
		p.Legend.Add(fmt.Sprintf("%s: mean %s, VaR95 %s, ES95 %s M USD", names[j],
			fmtSig(st.mean/usdPerM), fmtSig(st.var95/usdPerM), fmtSig(st.es95/usdPerM)), lines[j])
	}
	p.Legend.Add("dashed: NPV = "+minus+"VaR95, the 5 % quantile", &refLine{Line: lineStyle(gray, refWidth+0.4, dashed...)})
	p.Legend.Add("dotted: NPV = "+minus+"ES95, mean of the worst 5 %", &refLine{Line: lineStyle(gray, refWidth+0.8, dotted...)})
	// The legend goes in a top corner free of curves and marker lines, or
	// top right above the curves.
	xLo, xHi := w.lo/usdPerM, w.hi/usdPerM
	xn := func(x float64) float64 { return (x - xLo) / (xHi - xLo) }
	top := 1.04 * yMax
	occupied := []normBox{{x0: xn(0), x1: xn(0), y0: 0, y1: 1}}
	for j, st := range w.stats {
		for _, x := range []float64{-st.var95 / usdPerM, -st.es95 / usdPerM} {
			occupied = append(occupied, normBox{x0: xn(x), x1: xn(x), y0: 0, y1: 1})
		}
		for _, q := range lines[j].XYs {
			occupied = append(occupied, normBox{x0: xn(q.X), x1: xn(q.X), y0: 0, y1: q.Y / top})
		}
	}
	p.Y.Min, p.Y.Max = 0, top
	if headroom := placeLegend(p, occupied, 0, topRight, topLeft); headroom > 0 {
		p.Y.Max = top / (1 - headroom)
	}
	p.X.Min, p.X.Max = xLo, xHi
	return p, nil, nil
}

// densities returns each strategy's kernel density over the window, at
// kdePoints evenly spaced points from lo to hi, in M USD and per M USD. The
// grid is extended by 5 bandwidths beyond the window on the same lattice,
// so that the samples just beyond it still count where it is drawn: the
// estimate is that of all the samples.
func (w *window) densities() []plotter.XYs {
	delta := (w.hi - w.lo) / (kdePoints - 1)
	ext := int(math.Ceil(5 * w.hMax / delta))
	g := kdePoints + 2*ext
	gLo, gHi := w.lo-float64(ext)*delta, w.hi+float64(ext)*delta
	out := make([]plotter.XYs, len(w.sorted))
	for j, s := range w.sorted {
		dens := kde(s, w.h[j], gLo, gHi, g)
		xys := make(plotter.XYs, kdePoints)
		for k := range xys {
			xys[k].X = (gLo + float64(ext+k)*(gHi-gLo)/float64(g-1)) / usdPerM
			xys[k].Y = dens[ext+k] * usdPerM
		}
		out[j] = xys
	}
	return out
}

// npvTitle returns title followed by the scenario name and path count of
// res, when known.
func npvTitle(title string, res *sim.Result) string {
	n := len(res.NPV[0])
	if res.Scenario != nil && res.Scenario.Name != "" {
		return fmt.Sprintf("%s \u2014 scenario %q, %s paths", title, res.Scenario.Name, fmtThousands(n))
	}
	return fmt.Sprintf("%s \u2014 %s paths", title, fmtThousands(n))
}
