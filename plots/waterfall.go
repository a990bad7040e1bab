package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WaterfallStep is one component of a waterfall chart: its label and its
// amount, USD (negative for a cost).
type WaterfallStep struct {
	Label    string
	ValueUSD float64
}

// Waterfall draws an NPV built up from its components: from 0, each step
// a bar from the running total to the total plus its amount (blue up,
// vermillion down), labelled with the amount, then a dark bar of the
// total, labelled totalLabel; M USD. Steps of amount 0 are left out.
//
// It returns an error wrapping plotter.ErrNoData if every amount is 0 or
// steps is empty, and one naming the step if an amount is not finite.
func Waterfall(title, totalLabel string, steps []WaterfallStep) (*plot.Plot, error) {
	var kept []WaterfallStep
	for i, s := range steps {
		if err := finiteErr(fmt.Sprintf("waterfall step %d (%q)", i, s.Label), s.ValueUSD); err != nil {
			return nil, err
		}
		if s.ValueUSD != 0 {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return nil, noData("waterfall: no non-zero step")
	}
	names := make([]string, 0, len(kept)+1)
	lo, hi, run := 0.0, 0.0, 0.0
	for _, s := range kept {
		names = append(names, shortLabel(s.Label, 18))
		run += s.ValueUSD / usdPerM
		lo, hi = math.Min(lo, run), math.Max(hi, run)
	}
	names = append(names, shortLabel(totalLabel, 18))
	p := newPlot(title, "", "M USD")
	p.NominalX(names...)
	p.X.Tick.Label.Font = p.Y.Tick.Label.Font
	p.Add(&refLine{Value: 0, Line: lineStyle(gray, 1)})
	p.Add(&waterfallBars{steps: kept, total: run, text: textStyle(noteSize, color.Black)})
	lo, hi = padRange(lo, hi, 0.08)
	p.Y.Min, p.Y.Max = lo, hi
	p.X.Min, p.X.Max = -0.6, float64(len(kept))+0.6
	return p, nil
}

// waterfallBars draws the bars of a Waterfall, step i at X = i.
type waterfallBars struct {
	steps []WaterfallStep
	total float64 // M USD
	text  text.Style
}

// Plot implements plot.Plotter.
func (w *waterfallBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	bar := func(i int, from, to float64, fill color.Color, label string) {
		x0, x1 := tx(float64(i)-0.35), tx(float64(i)+0.35)
		y0, y1 := ty(from), ty(to)
		c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		sty := w.text
		sty.XAlign = draw.XCenter
		at := vg.Point{X: (x0 + x1) / 2, Y: max(y0, y1) + vg.Points(3)}
		sty.YAlign = draw.YBottom
		if to < from {
			at.Y = min(y0, y1) - vg.Points(3)
			sty.YAlign = draw.YTop
		}
		c.FillText(sty, at, label)
	}
	run := 0.0
	for i, s := range w.steps {
		v := s.ValueUSD / usdPerM
		fill := rankUp
		if v < 0 {
			fill = rankDown
		}
		bar(i, run, run+v, fill, signed(v))
		if i+1 < len(w.steps) {
			c.StrokeLine2(lineStyle(gray, 0.8, 2, 2), tx(float64(i)+0.35), ty(run+v), tx(float64(i)+0.65), ty(run+v))
		}
		run += v
	}
	bar(len(w.steps), 0, w.total, MarketColor(), fmtSig(w.total))
}

// signed writes v with about three significant digits and a sign.
func signed(v float64) string {
	if v > 0 {
		return "+" + fmtSig(v)
	}
	return fmtSig(v)
}
