package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FrontierPoint is one allocation on a risk–return frontier, e.g. a hybrid
// with a given share of the site converted to AI: its mean NPV and its
// expected shortfall at 95 % (a loss, positive when the worst 5 % of paths
// lose money on average, as sim.Summary.ES95), with optional 95 %
// confidence intervals, all in USD.
type FrontierPoint struct {
	// Label names the point on the picture ("pure mining", "30 %", …);
	// empty for none.
	Label string
	// MeanNPVUSD is the mean NPV, USD.
	MeanNPVUSD float64
	// ES95USD is the expected shortfall at 95 %, USD (positive = loss).
	ES95USD float64
	// MeanCI95USD is a 95 % confidence interval of MeanNPVUSD, [low,
	// high] USD (sim.Summary.MeanCI95); {0, 0} for none.
	MeanCI95USD [2]float64
	// ES95CI95USD is a 95 % confidence interval of ES95USD, [low, high]
	// USD (sim.Summary.ES95CI95); {0, 0} for none.
	ES95CI95USD [2]float64
}

// Frontier draws a risk–return frontier: each point's mean NPV (Y) against
// its ES95 (X, further right is riskier), both in M USD, joined in the
// order given, labelled where its Label overlaps no other label, point or
// segment, with error bars for the confidence intervals given; the
// efficient points (no other point has a higher mean and a lower ES95)
// are ringed in vermillion.
//
// It returns an error wrapping plotter.ErrNoData if points is empty, and one
// naming the point and field if a value is not finite (wrapping
// plotter.ErrNaN or plotter.ErrInfinity) or a confidence interval has its
// low end above its high end.
func Frontier(points []FrontierPoint) (*plot.Plot, error) {
	if len(points) == 0 {
		return nil, noData("frontier: no points")
	}
	xys := make(plotter.XYs, len(points))
	labels := make([]string, len(points))
	var cis []ciBar
	for i, pt := range points {
		if err := pt.check(i); err != nil {
			return nil, err
		}
		xys[i] = plotter.XY{X: pt.ES95USD / usdPerM, Y: pt.MeanNPVUSD / usdPerM}
		labels[i] = pt.Label
		if b, ok := pt.ciBar(xys[i]); ok {
			cis = append(cis, b)
		}
	}
	p := newPlot("Risk\u2013return frontier: mean NPV against expected shortfall",
		"ES95, M USD: mean loss over the worst 5 % of paths (further right = riskier)",
		"mean NPV, M USD")
	if err := addFrontier(p, xys, labels, cis); err != nil {
		return nil, err
	}
	r := frontierRange(xys, cis)
	if headroom := placeLegend(p, r.occupied(xys), 0, topLeft, bottomLeft, topRight, bottomRight); headroom > 0 {
		r.yHi = r.yLo + (r.yHi-r.yLo)/(1-headroom)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = r.xLo, r.xHi, r.yLo, r.yHi
	return p, nil
}

// check returns an error naming point i and the field if a value of pt is
// not finite or a confidence interval has its low end above its high end.
func (pt FrontierPoint) check(i int) error {
	name := fmt.Sprintf("frontier point %d (%q)", i, pt.Label)
	for _, f := range []struct {
		field string
		v     float64
	}{
		{"meanNPVUSD", pt.MeanNPVUSD}, {"es95USD", pt.ES95USD},
		{"meanCI95USD[0]", pt.MeanCI95USD[0]}, {"meanCI95USD[1]", pt.MeanCI95USD[1]},
		{"es95CI95USD[0]", pt.ES95CI95USD[0]}, {"es95CI95USD[1]", pt.ES95CI95USD[1]},
	} {
		if err := finiteErr(name+": "+f.field, f.v); err != nil {
			return err
		}
	}
	for _, ci := range []struct {
		field string
		v     [2]float64
	}{{"meanCI95USD", pt.MeanCI95USD}, {"es95CI95USD", pt.ES95CI95USD}} {
		if ci.v[0] > ci.v[1] {
			return fmt.Errorf("plots: %s: %s = [%v, %v]: low end above high end", name, ci.field, ci.v[0], ci.v[1])
		}
	}
	return nil
}

// ciBar returns pt's confidence intervals in M USD as error bars around
// at, its place on the picture, and whether it has any.
func (pt FrontierPoint) ciBar(at plotter.XY) (ciBar, bool) {
	b := ciBar{at: at}
	if pt.ES95CI95USD != [2]float64{} {
		b.x = [2]float64{pt.ES95CI95USD[0] / usdPerM, pt.ES95CI95USD[1] / usdPerM}
		b.hasX = true
	}
	if pt.MeanCI95USD != [2]float64{} {
		b.y = [2]float64{pt.MeanCI95USD[0] / usdPerM, pt.MeanCI95USD[1] / usdPerM}
		b.hasY = true
	}
	return b, b.hasX || b.hasY
}

// addFrontier adds to p, in MarketColor, the error bars cis, the line
// joining the points xys in order, the points, their labels (kept clear
// of the line and the error bars) and the legend entries.
func addFrontier(p *plot.Plot, xys plotter.XYs, labels []string, cis []ciBar) error {
	col := MarketColor()
	ciStyle := lineStyle(withAlpha(col, 0.55), 1.2)
	if len(cis) > 0 {
		p.Add(&ciPlotter{bars: cis, line: ciStyle})
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("plots: frontier: %w", err)
	}
	line.LineStyle = lineStyle(col, 1.6)
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("plots: frontier: %w", err)
	}
	radius := vg.Points(5)
	sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: radius, Shape: draw.CircleGlyph{}}
	var segs [][2]plotter.XY
	for _, b := range cis {
		segs = append(segs, b.segments()...)
	}
	p.Add(line, sc, &pointLabels{XY: xys, Labels: labels, Text: textStyle(noteSize+1, col), Radius: radius, Joined: true, Segments: segs})
	p.Legend.Add("mean NPV and ES95 of each allocation, joined in order", line, sc)
	var eff plotter.XYs
	for i, q := range xys {
		if !dominated(xys, i) {
			eff = append(eff, q)
		}
	}
	ring, err := plotter.NewScatter(eff)
	if err != nil {
		return fmt.Errorf("plots: frontier: %w", err)
	}
	ring.GlyphStyle = draw.GlyphStyle{Color: rankDown, Radius: radius + vg.Points(4), Shape: draw.RingGlyph{}}
	p.Add(ring)
	p.Legend.Add("efficient: no other allocation has a higher mean and a lower ES95", ring)
	if len(cis) > 0 {
		p.Legend.Add("95 % confidence intervals", &refLine{Line: ciStyle})
	}
	return nil
}

// frontierBox is the data range of a frontier picture, M USD.
type frontierBox struct{ xLo, xHi, yLo, yHi float64 }

// frontierRange returns the range of the points xys and error bars cis,
// widened by 6 % of its span on each side (to at least 1 M USD in all).
func frontierRange(xys plotter.XYs, cis []ciBar) frontierBox {
	xLo, xHi, yLo, yHi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, q := range xys {
		xLo, xHi = math.Min(xLo, q.X), math.Max(xHi, q.X)
		yLo, yHi = math.Min(yLo, q.Y), math.Max(yHi, q.Y)
	}
	for _, b := range cis {
		if b.hasX {
			xLo, xHi = math.Min(xLo, b.x[0]), math.Max(xHi, b.x[1])
		}
		if b.hasY {
			yLo, yHi = math.Min(yLo, b.y[0]), math.Max(yHi, b.y[1])
		}
	}
	var r frontierBox
	r.xLo, r.xHi = padRange(xLo, xHi, 0.06)
	r.yLo, r.yHi = padRange(yLo, yHi, 0.06)
	return r
}

// occupied returns the boxes the legend must avoid, in normalized
// coordinates at DefaultWidth × DefaultHeight: around each point, room
// for a label 90 by 16 points either way, and points every 5 % along
// each segment joining them.
func (r frontierBox) occupied(xys plotter.XYs) []normBox {
	var occupied []normBox
	lw, lh := dataShare(vg.Points(90), vg.Points(16))
	for _, q := range xys {
		nx, ny := (q.X-r.xLo)/(r.xHi-r.xLo), (q.Y-r.yLo)/(r.yHi-r.yLo)
		occupied = append(occupied, normBox{x0: nx - lw, x1: nx + lw, y0: ny - lh, y1: ny + lh})
	}
	for k := 1; k < len(xys); k++ {
		a, b := xys[k-1], xys[k]
		for s := 0.0; s <= 1; s += 0.05 {
			nx := (a.X + s*(b.X-a.X) - r.xLo) / (r.xHi - r.xLo)
			ny := (a.Y + s*(b.Y-a.Y) - r.yLo) / (r.yHi - r.yLo)
			occupied = append(occupied, normBox{x0: nx, x1: nx, y0: ny, y1: ny})
		}
	}
	return occupied
}

// dominated reports whether another point of xys (X: ES95, Y: mean) has a
// mean at least as high and an ES95 at least as low as point i, one of
// them strictly: point i is then not efficient.
func dominated(xys plotter.XYs, i int) bool {
	a := xys[i]
	for j, b := range xys {
		if j != i && b.Y >= a.Y && b.X <= a.X && (b.Y > a.Y || b.X < a.X) {
			return true
		}
	}
	return false
}
