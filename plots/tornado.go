package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TornadoBar is how much a figure (a strategy's mean NPV, its ES95, …)
// moves when one input goes to its low and to its high value, the others
// held at base.
type TornadoBar struct {
	// Input names the input ("BTC volatility"); it labels the bar's row.
	Input string
	// LowLabel and HighLabel describe the input's low and high values
	// ("σ = 35 %", "σ = 65 %"); they label the bar ends and may be empty.
	LowLabel, HighLabel string
	// LowValueUSD and HighValueUSD are the figure with the input at its
	// low and at its high value, USD.
	LowValueUSD, HighValueUSD float64
}

// Tornado colours: the input at its low value lighter, at its high value
// darker, both slate blue so that no strategy's colour is reused.
var (
	tornadoLow  = color.RGBA{R: 0x8F, G: 0xB3, B: 0xD6, A: 0xFF}
	tornadoHigh = color.RGBA{R: 0x2B, G: 0x4C, B: 0x6F, A: 0xFF}
)

// Tornado draws a tornado chart titled title: for each bar a row, named by
// its Input on the Y axis, with two horizontal bars from base (USD, the
// figure with every input at its base value) to LowValueUSD (upper, light)
// and to HighValueUSD (lower, dark), each labelled at its end with its
// Low/HighLabel and value, and a dashed vertical line at base. Rows are
// sorted by swing, the width of the row's extent max(low, high, base) −
// min(low, high, base), largest at the top (ties keep the given order).
// Money is drawn in M USD.
//
// It returns an error wrapping plotter.ErrNoData if bars is empty, and one
// naming the bar and field if base or a value is not finite (wrapping
// plotter.ErrNaN or plotter.ErrInfinity) or an Input is empty.
func Tornado(title string, base float64, bars []TornadoBar) (*plot.Plot, error) {
	if len(bars) == 0 {
		return nil, noData("tornado: no bars")
	}
	if err := finiteErr("tornado: base", base); err != nil {
		return nil, err
	}
	for i, b := range bars {
		if b.Input == "" {
			return nil, fmt.Errorf("plots: tornado bar %d: input name is empty", i)
		}
		if err := finiteErr(fmt.Sprintf("tornado bar %d (%q): lowValueUSD", i, b.Input), b.LowValueUSD); err != nil {
			return nil, err
		}
		if err := finiteErr(fmt.Sprintf("tornado bar %d (%q): highValueUSD", i, b.Input), b.HighValueUSD); err != nil {
			return nil, err
		}
	}
	swing := func(b TornadoBar) float64 {
		return math.Max(math.Max(b.LowValueUSD, b.HighValueUSD), base) - math.Min(math.Min(b.LowValueUSD, b.HighValueUSD), base)
	}
	// Row 0 is drawn at the bottom: sort by increasing swing, keeping the
	// given order among ties from the top down.
	rows := slices.Clone(bars)
	slices.Reverse(rows)
	slices.SortStableFunc(rows, func(a, b TornadoBar) int {
		sa, sb := swing(a), swing(b)
		switch {
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		return 0
	})
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = r.Input
	}

	p := newPlot(title, "M USD: bars run from the base value to the value with the input at its low and at its high setting", "input varied (the others at base)")
	p.NominalY(names...)
	p.Y.Tick.Label.Font = p.X.Tick.Label.Font
	p.Y.Tick.Label.Font.Size = labelSize - 1
	p.Y.Padding = vg.Points(4)
	t := &tornadoBars{rows: rows, base: base / usdPerM, text: textStyle(noteSize, color.Black)}
	baseLine := &refLine{Vertical: true, Value: base / usdPerM, Line: lineStyle(color.Black, refWidth, dashed...)}
	p.Add(t, baseLine)
	p.Legend.Add("input at its low value", &swatch{tornadoLow})
	p.Legend.Add("input at its high value", &swatch{tornadoHigh})
	p.Legend.Add("base: "+fmtSig(base/usdPerM)+" M USD", baseLine)

	// The legend goes in a corner free of bars (and of their labels, which
	// take about 120 points beyond the bar ends).
	lo, hi := base/usdPerM, base/usdPerM
	for _, r := range rows {
		lo = math.Min(lo, math.Min(r.LowValueUSD, r.HighValueUSD)/usdPerM)
		hi = math.Max(hi, math.Max(r.LowValueUSD, r.HighValueUSD)/usdPerM)
	}
	lo, hi = padRange(lo, hi, 0.04)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	lw, _ := dataShare(vg.Points(120), 0)
	var occupied []normBox
	for i, r := range rows {
		y0 := (float64(i) - 0.5 + 0.6) / (float64(len(rows)) + 0.2)
		y1 := (float64(i) + 0.5 + 0.6) / (float64(len(rows)) + 0.2)
		for _, v := range []float64{r.LowValueUSD, r.HighValueUSD} {
			a, b := (base/usdPerM-lo)/(hi-lo), (v/usdPerM-lo)/(hi-lo)
			occupied = append(occupied, normBox{x0: math.Min(a, b) - lw, x1: math.Max(a, b) + lw, y0: y0, y1: y1})
		}
	}
	if headroom := placeLegend(p, occupied, 0, bottomRight, bottomLeft, topRight, topLeft); headroom > 0 {
		// Every corner is taken: make room below the last row.
		p.Y.Min -= headroom * (p.Y.Max - p.Y.Min) / (1 - headroom)
	}
	return p, nil
}

// tornadoBars draws the rows of a tornado chart: at row i (Y = i), the bar
// to the low value above the centre line and the bar to the high value
// below it, each labelled beyond its end.
type tornadoBars struct {
	rows []TornadoBar
	base float64 // M USD
	text text.Style
}

const (
	barHalf = 0.36 // height of each half of a row, in rows
	barGap  = 0.03 // gap between the halves, in rows
)

func (t *tornadoBars) label(b TornadoBar, low bool) (string, float64) {
	lbl, v := b.HighLabel, b.HighValueUSD/usdPerM
	if low {
		lbl, v = b.LowLabel, b.LowValueUSD/usdPerM
	}
	s := fmtSig(v) + " M"
	if lbl != "" {
		s = lbl + ": " + s
	}
	return s, v
}

// Plot implements plot.Plotter.
func (t *tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	pad := vg.Points(5)
	for i, r := range t.rows {
		for _, low := range []bool{true, false} {
			lbl, v := t.label(r, low)
			y0, y1 := float64(i)+barGap, float64(i)+barGap+barHalf
			fill := tornadoLow
			if !low {
				y0, y1 = float64(i)-barGap-barHalf, float64(i)-barGap
				fill = tornadoHigh
			}
			x0, x1 := tx(math.Min(t.base, v)), tx(math.Max(t.base, v))
			if x1-x0 < vg.Points(1) { // a zero move still shows as a sliver
				x0, x1 = x0-vg.Points(0.5), x0+vg.Points(0.5)
			}
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: ty(y0)}, {X: x1, Y: ty(y0)}, {X: x1, Y: ty(y1)}, {X: x0, Y: ty(y1)}})
			sty := t.text
			sty.YAlign = draw.YCenter
			at := vg.Point{X: tx(v) + pad, Y: ty((y0 + y1) / 2)}
			if v < t.base {
				sty.XAlign = draw.XRight
				at.X = tx(v) - pad
			}
			c.FillText(sty, at, lbl)
		}
	}
}

// GlyphBoxes implements plot.GlyphBoxer: room for each label beyond its
// bar's end.
func (t *tornadoBars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	pad := vg.Points(5)
	for i, r := range t.rows {
		for _, low := range []bool{true, false} {
			lbl, v := t.label(r, low)
			size := t.text.Rectangle(lbl).Size()
			rect := vg.Rectangle{Min: vg.Point{X: pad, Y: -size.Y / 2}, Max: vg.Point{X: pad + size.X, Y: size.Y / 2}}
			if v < t.base {
				rect = vg.Rectangle{Min: vg.Point{X: -pad - size.X, Y: -size.Y / 2}, Max: vg.Point{X: -pad, Y: size.Y / 2}}
			}
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(v), Y: p.Y.Norm(float64(i)), Rectangle: rect})
		}
	}
	return boxes
}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s *swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}
