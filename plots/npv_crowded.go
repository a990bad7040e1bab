package plots

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// crowdedDensity finishes the NPV density picture of more than three
// strategies, or of strategies with long names: the legend is a table
// above the data area (legendTable) giving each strategy's mean, VaR95
// and ES95, so that it never covers a curve; with up to three strategies
// the VaR95 and ES95 lines are drawn as usual, with more they are marked
// by a dot and a triangle on each strategy's own curve instead of lines
// across the whole axis, which would crowd it.
func crowdedDensity(p *plot.Plot, w *window, lines []*plotter.Line, labels, key []string) (*legendTable, error) {
	t := newLegendTable("strategy", "mean", "VaR95", "ES95")
	many := len(lines) > 3
	for j, st := range w.stats {
		c := StrategyColor(j)
		if !many {
			p.Add(&refLine{Vertical: true, Value: -st.var95 / usdPerM, Line: lineStyle(c, refWidth+0.4, dashed...)})
			p.Add(&refLine{Vertical: true, Value: -st.es95 / usdPerM, Line: lineStyle(c, refWidth+0.8, dotted...)})
		}
	}
	for _, l := range lines {
		p.Add(l)
	}
	for j, st := range w.stats {
		t.add([]string{labels[j], fmtSig(st.mean / usdPerM), fmtSig(st.var95 / usdPerM), fmtSig(st.es95 / usdPerM)}, lines[j])
		if !many {
			continue
		}
		for k, x := range []float64{-st.var95 / usdPerM, -st.es95 / usdPerM} {
			sc, err := plotter.NewScatter(plotter.XYs{{X: x, Y: curveAt(lines[j].XYs, x)}})
			if err != nil {
				return nil, fmt.Errorf("plots: strategy %q: marker: %w", labels[j], err)
			}
			sc.GlyphStyle = markerGlyph(k, StrategyColor(j))
			p.Add(sc)
		}
	}
	if many {
		t.addNote("on each curve: NPV = "+minus+"VaR95, the 5 % quantile", &glyphThumb{markerGlyph(0, gray)})
		t.addNote("on each curve: NPV = "+minus+"ES95, mean of the worst 5 %", &glyphThumb{markerGlyph(1, gray)})
	} else {
		t.addNote("dashed: NPV = "+minus+"VaR95, the 5 % quantile", &refLine{Line: lineStyle(gray, refWidth+0.4, dashed...)})
		t.addNote("dotted: NPV = "+minus+"ES95, mean of the worst 5 %", &refLine{Line: lineStyle(gray, refWidth+0.8, dotted...)})
	}
	t.addNote("M USD; VaR95 and ES95 are losses (positive = money lost)")
	t.key = key
	t.install(p)
	return t, nil
}

// markerGlyph returns the glyph marking a strategy's VaR95 (k = 0, a dot)
// or ES95 (k = 1, a triangle) on its curve, with a white ring.
func markerGlyph(k int, c color.Color) draw.GlyphStyle {
	if k == 0 {
		return draw.GlyphStyle{Color: c, Radius: vg.Points(5), Shape: ringed{draw.CircleGlyph{}}}
	}
	return draw.GlyphStyle{Color: c, Radius: vg.Points(6), Shape: ringed{draw.PyramidGlyph{}}}
}

// ringed draws a glyph with a thin white outline, so that it stands out
// on a curve of its own colour.
type ringed struct{ g draw.GlyphDrawer }

// DrawGlyph implements draw.GlyphDrawer.
func (r ringed) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	halo := sty
	halo.Radius += vg.Points(1.5)
	halo.Color = labelGround
	r.g.DrawGlyph(c, halo, pt)
	r.g.DrawGlyph(c, sty, pt)
}

// glyphThumb is a legend thumbnail showing one glyph.
type glyphThumb struct{ sty draw.GlyphStyle }

// Thumbnail implements plot.Thumbnailer.
func (g *glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(g.sty, c.Center()) }

// curveAt returns the curve xys (sorted by X) at x, by linear
// interpolation, 0 beyond its ends.
func curveAt(xys plotter.XYs, x float64) float64 {
	i := sort.Search(len(xys), func(i int) bool { return xys[i].X >= x })
	switch {
	case i == 0 || i == len(xys):
		if i < len(xys) && xys[i].X == x {
			return xys[i].Y
		}
		return 0
	}
	a, b := xys[i-1], xys[i]
	if b.X == a.X {
		return b.Y
	}
	return a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)
}
