package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// StressPoint is one strategy's figures in one scenario of a stress
// study, USD.
type StressPoint struct {
	// Scenario names the scenario; it labels the point.
	Scenario string
	// Strategy is the index of the strategy's line (its colour, and the
	// points joined), Label its name in the legend.
	Strategy int
	Label    string
	// MeanNPVUSD and ES95USD are the mean NPV and the ES 95 % (a loss).
	MeanNPVUSD, ES95USD float64
}

// Stress draws a stress study on the plane of the Frontier: each
// strategy's mean NPV (Y) against its ES95 (X) in every scenario, M USD,
// a point per scenario in the strategy's colour, labelled with the
// scenario's name, the points of one strategy joined from its first (the
// base) outwards so that each stress's move reads as a spoke; the legend
// is a table above the data. Long names are abbreviated.
//
// It returns an error wrapping plotter.ErrNoData if pts is empty, and one
// naming the point if a value is not finite or a Strategy is negative.
func Stress(title string, pts []StressPoint) (*plot.Plot, error) {
	if len(pts) == 0 {
		return nil, noData("stress: no points")
	}
	lines := map[int]plotter.XYs{}
	labels := map[int]string{}
	var order []int
	var all plotter.XYs
	var names []string
	for i, q := range pts {
		for _, v := range []float64{q.MeanNPVUSD, q.ES95USD} {
			if err := finiteErr(fmt.Sprintf("stress point %d (%q, %q)", i, q.Scenario, q.Label), v); err != nil {
				return nil, err
			}
		}
		if q.Strategy < 0 {
			return nil, fmt.Errorf("plots: stress point %d: strategy = %d: must be ≥ 0", i, q.Strategy)
		}
		xy := plotter.XY{X: q.ES95USD / usdPerM, Y: q.MeanNPVUSD / usdPerM}
		if _, ok := lines[q.Strategy]; !ok {
			order = append(order, q.Strategy)
			labels[q.Strategy] = q.Label
		}
		lines[q.Strategy] = append(lines[q.Strategy], xy)
		all = append(all, xy)
		names = append(names, shortLabel(q.Scenario, 24))
	}
	p := newPlot(title, "ES95, M USD: mean loss over the worst 5 % of paths (further right = riskier)", "mean NPV, M USD")
	t := newLegendTable()
	full := make([]string, len(order))
	for k, j := range order {
		full[k] = labels[j]
	}
	short, key := strategyLabels(full)
	for k, j := range order {
		xys := lines[j]
		col := StrategyColor(j)
		var spokes plotter.XYs
		for _, q := range xys[1:] {
			spokes = append(spokes, xys[0], q, plotter.XY{X: xys[0].X, Y: xys[0].Y})
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: stress: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
		if len(spokes) > 0 {
			l, err := plotter.NewLine(spokes)
			if err != nil {
				return nil, fmt.Errorf("plots: stress: %w", err)
			}
			l.LineStyle = lineStyle(withAlpha(col, 0.6), 1.2)
			p.Add(l)
		}
		p.Add(sc)
		t.add([]string{short[k]}, sc)
	}
	p.Add(&pointLabels{XY: all, Labels: names, Text: textStyle(noteSize, MarketColor()), Radius: vg.Points(5)})
	t.addNote("each strategy's first point is the base scenario; lines join it to the same strategy under each stress")
	t.key = key
	t.install(p)
	r := frontierRange(all, nil)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = r.xLo, r.xHi, r.yLo, r.yHi
	return p, nil
}
