package plots

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// NPVCDF draws each strategy's empirical distribution function
// P(NPV ≤ x) in res as a step line in the strategy's colour, with the 5 %
// level dashed grey, each strategy's 5 % quantile (NPV = −VaR95) a dot on
// its curve, and a grey line at 0, where each curve reads the probability
// of a loss; the legend quotes both. X is the NPV in M USD over
// NPVDistribution's window, so the two read side by side (beyond it every
// curve is within 0.1 % of 0 or 100 %); Y is percent, of all the samples.
// More than 4,000 samples are drawn through 4,000 evenly spaced order
// statistics, which moves no step by more than 1/4,000.
//
// Errors are those of NPVDistribution.
func NPVCDF(res *sim.Result) (*plot.Plot, error) {
	names, npv, err := strategySamples(res)
	if err != nil {
		return nil, err
	}
	w, err := npvWindow(names, npv)
	if err != nil {
		return nil, err
	}
	p := newPlot(npvTitle("NPV cumulative distribution by strategy", res), w.axisLabel(), "probability that NPV \u2264 x, %")
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(gray, 1)})
	p.Add(&refLine{Value: 5, Line: lineStyle(gray, refWidth, dashed...), Label: "5 %", Text: textStyle(noteSize, gray), AlignLeft: true})
	var curves []*plotter.Line
	labels, key := strategyLabels(names)
	crowded := len(names) > 3 || len(key) > 0
	t := newLegendTable("strategy", "5 % quantile, M USD", "P(NPV < 0)")
	for j, s := range w.sorted {
		st := w.stats[j]
		// The curve runs from 0 % at the left edge to 100 % at the right.
		pts := cdfPoints(s)
		pts = append(plotter.XYs{{X: math.Min(w.lo, s[0]) / usdPerM, Y: 0}}, pts...)
		pts = append(pts, plotter.XY{X: math.Max(w.hi, s[len(s)-1]) / usdPerM, Y: 100})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: CDF: %w", names[j], err)
		}
		l.LineStyle = lineStyle(StrategyColor(j), lineWidth)
		l.StepStyle = plotter.PostStep
		p.Add(l)
		curves = append(curves, l)
		q := -st.var95 / usdPerM
		sc, err := plotter.NewScatter(plotter.XYs{{X: q, Y: 5}})
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: 5 %% quantile: %w", names[j], err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: StrategyColor(j), Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		if crowded {
			t.add([]string{labels[j], fmtSig(q), fmtFixed(100*st.probLoss, 1) + " %"}, l, sc)
			continue
		}
		p.Legend.Add(fmt.Sprintf("%s: 5 %% quantile %s M USD, P(NPV < 0) %s %%", names[j],
			fmtSig(q), fmtFixed(100*st.probLoss, 1)), l, sc)
	}
	lo, hi := w.lo/usdPerM, w.hi/usdPerM
	if crowded {
		t.addNote("dots: each strategy's 5 % quantile (NPV = " + minus + "VaR95); where a curve crosses 0 it reads P(NPV < 0)")
		t.key = key
		t.install(p)
		p.X.Min, p.X.Max = lo, hi
		p.Y.Min, p.Y.Max = 0, 100
		return p, nil
	}
	// The legend goes bottom right, where the curves have reached 100 %,
	// lifted above the 5 % line and its label (25 + 14 points up at
	// DefaultHeight), or top left, where they have not left 0 %.
	xn := func(x float64) float64 { return (x - lo) / (hi - lo) }
	occupied := []normBox{{x0: xn(0), x1: xn(0), y0: 0, y1: 1}}
	for _, l := range curves {
		for k, q := range l.XYs {
			// The step from this point runs right to the next one.
			next := q.X
			if k+1 < len(l.XYs) {
				next = l.XYs[k+1].X
			}
			occupied = append(occupied, normBox{x0: xn(q.X), x1: xn(next), y0: q.Y / 100, y1: q.Y / 100})
		}
	}
	placeLegend(p, occupied, vg.Points(48), bottomRight, topLeft)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 100
	return p, nil
}

// cdfPoints returns the points of the empirical distribution function of
// sorted (ascending) for a post-step line, in M USD and percent: (x_(i),
// 100·i/n) for i = 1..n, preceded by (x_(1), 0), or by up to 4,000 evenly
// spaced order statistics when n is larger.
func cdfPoints(sorted []float64) plotter.XYs {
	n := len(sorted)
	const most = 4000
	m := min(n, most)
	xys := make(plotter.XYs, 0, m+1)
	xys = append(xys, plotter.XY{X: sorted[0] / usdPerM, Y: 0})
	for k := 1; k <= m; k++ {
		i := k // rank 1..n
		if n > most {
			i = int(math.Round(float64(k) * float64(n) / float64(m)))
		}
		xys = append(xys, plotter.XY{X: sorted[i-1] / usdPerM, Y: 100 * float64(i) / float64(n)})
	}
	return xys
}
