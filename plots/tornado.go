package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
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

// Tornado draws a tornado chart titled title, in M USD: a row per bar,
// named by its Input, with a light bar from base (USD, every input at its
// base value) to LowValueUSD above a dark bar to HighValueUSD, and a
// dashed line at base. Rows are sorted by swing, max(low, high, base) −
// min(low, high, base), largest at the top (ties keep the given order).
// Each bar is labelled with its Low/HighLabel and value beyond its outer
// end, away from the base line; a bar that does not move is a sliver on
// the base line. The X range leaves room for every label; the legend goes
// in a corner nothing reaches, else below the last row.
//
// It returns an error wrapping plotter.ErrNoData if bars is empty, and one
// naming the bar and field if base or a value is not finite (wrapping
// plotter.ErrNaN or plotter.ErrInfinity) or an Input is empty.
func Tornado(title string, base float64, bars []TornadoBar) (*plot.Plot, error) {
	p, _, err := tornado(title, base, bars)
	return p, err
}

// tornado is Tornado, returning also the plotter of the bars.
func tornado(title string, base float64, bars []TornadoBar) (*plot.Plot, *tornadoBars, error) {
	if len(bars) == 0 {
		return nil, nil, noData("tornado: no bars")
	}
	if err := finiteErr("tornado: base", base); err != nil {
		return nil, nil, err
	}
	for i, b := range bars {
		if b.Input == "" {
			return nil, nil, fmt.Errorf("plots: tornado bar %d: input name is empty", i)
		}
		if err := finiteErr(fmt.Sprintf("tornado bar %d (%q): lowValueUSD", i, b.Input), b.LowValueUSD); err != nil {
			return nil, nil, err
		}
		if err := finiteErr(fmt.Sprintf("tornado bar %d (%q): highValueUSD", i, b.Input), b.HighValueUSD); err != nil {
			return nil, nil, err
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

	p := newPlot(title, "M USD (each bar runs from the base value to the value at one setting)", "input varied (the others at base)")
	p.NominalY(names...)
	p.Y.Tick.Label.Font = p.X.Tick.Label.Font
	p.Y.Tick.Label.Font.Size = labelSize - 1
	p.Y.Padding = vg.Points(4)
	baseLine := &refLine{Vertical: true, Value: base / usdPerM, Line: lineStyle(color.Black, refWidth, dashed...)}
	t := &tornadoBars{rows: rows, base: base / usdPerM, text: textStyle(noteSize, color.Black), baseWidth: baseLine.Line.Width}
	// The base line goes under the bars, so that a short bar shows whole.
	p.Add(baseLine, t)
	p.Legend.Add("input at its low value", &swatch{tornadoLow})
	p.Legend.Add("input at its high value", &swatch{tornadoHigh})
	p.Legend.Add("base: "+fmtSig(base/usdPerM)+" M USD", baseLine)

	lo, hi := base/usdPerM, base/usdPerM
	for _, r := range rows {
		lo = math.Min(lo, math.Min(r.LowValueUSD, r.HighValueUSD)/usdPerM)
		hi = math.Max(hi, math.Max(r.LowValueUSD, r.HighValueUSD)/usdPerM)
	}
	lo, hi = padRange(lo, hi, 0.04)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	t.placeLegend(p)
	return p, t, nil
}

// tornadoBars draws the rows of a tornado chart: at row i (Y = i), the bar
// to the low value above the centre line and the bar to the high value
// below it, each labelled beyond its outer end.
type tornadoBars struct {
	rows      []TornadoBar
	base      float64 // M USD
	text      text.Style
	baseWidth vg.Length // of the base line
}

const (
	barHalf = 0.36 // height of each half of a row, in rows
	barGap  = 0.03 // gap between the halves, in rows
)

// Label placement around a bar end, in points: the clear space between a
// bar (or the base line) and its label, the white ground's margin around
// the text, and the narrowest a bar is drawn.
var (
	labelPad    = vg.Points(6)
	labelMargin = vg.Points(2)
	minBar      = vg.Points(1)
)

// tornadoItem is one half-row of a tornado chart laid out on a canvas.
type tornadoItem struct {
	row  int
	low  bool
	bar  vg.Rectangle // the bar as drawn
	side int          // −1: label left of the bar, +1: right
	lbl  string
	sty  text.Style
	at   vg.Point     // the label's anchor
	box  vg.Rectangle // the label's text
}

// label returns the label of row r's low or high bar and its value, M USD.
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

// side returns the side of its bar that the low or high label of row r
// goes on: away from the base line (−1 left, +1 right); for a bar that
// does not move, the side the row's other bar leaves free, or low left and
// high right if neither moves.
func (t *tornadoBars) side(r TornadoBar, low bool) int {
	v, other := r.HighValueUSD/usdPerM, r.LowValueUSD/usdPerM
	if low {
		v, other = other, v
	}
	switch {
	case v < t.base:
		return -1
	case v > t.base:
		return 1
	case other > t.base:
		return -1
	case other < t.base:
		return 1
	case low:
		return -1
	}
	return 1
}

// halfRow returns the Y extent of row i's low (upper) or high (lower) bar,
// in rows.
func halfRow(i int, low bool) (float64, float64) {
	if low {
		return float64(i) + barGap, float64(i) + barGap + barHalf
	}
	return float64(i) - barGap - barHalf, float64(i) - barGap
}

// layout places every bar and label on the data canvas c of p.
func (t *tornadoBars) layout(c draw.Canvas, p *plot.Plot) []tornadoItem {
	tx, ty := p.Transforms(&c)
	xb := tx(t.base)
	var items []tornadoItem
	for i, r := range t.rows {
		for _, low := range []bool{true, false} {
			lbl, v := t.label(r, low)
			y0, y1 := halfRow(i, low)
			it := tornadoItem{row: i, low: low, side: t.side(r, low), lbl: lbl, sty: t.text}
			x0, x1 := math.Min(float64(xb), float64(tx(v))), math.Max(float64(xb), float64(tx(v)))
			if vg.Length(x1-x0) < minBar { // a zero move still shows as a sliver
				x0, x1 = float64(xb-minBar/2), float64(xb+minBar/2)
				if v < t.base {
					x0, x1 = float64(xb-minBar), float64(xb)
				} else if v > t.base {
					x0, x1 = float64(xb), float64(xb+minBar)
				}
			}
			it.bar = vg.Rectangle{Min: vg.Point{X: vg.Length(x0), Y: ty(y0)}, Max: vg.Point{X: vg.Length(x1), Y: ty(y1)}}
			// The label starts labelPad beyond the bar's outer end, or
			// beyond the base line if the bar ends within it.
			it.sty.YAlign = draw.YCenter
			it.at.Y = ty((y0 + y1) / 2)
			if it.side < 0 {
				it.sty.XAlign = draw.XRight
				it.at.X = min(it.bar.Min.X, xb-t.baseWidth/2) - labelPad
			} else {
				it.sty.XAlign = draw.XLeft
				it.at.X = max(it.bar.Max.X, xb+t.baseWidth/2) + labelPad
			}
			it.box = textRect(it.sty, it.at, lbl)
			items = append(items, it)
		}
	}
	return items
}

// Plot implements plot.Plotter.
func (t *tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	items := t.layout(c, p)
	for _, it := range items {
		fill := tornadoHigh
		if it.low {
			fill = tornadoLow
		}
		b := it.bar
		c.FillPolygon(fill, []vg.Point{b.Min, {X: b.Max.X, Y: b.Min.Y}, b.Max, {X: b.Min.X, Y: b.Max.Y}})
	}
	for _, it := range items {
		drawBoxedText(c, it.sty, it.at, it.lbl)
	}
}

// GlyphBoxes implements plot.GlyphBoxer: room for each label, with its
// white ground, beyond its bar's end, so that the X range leaves room for
// every label inside the axes.
func (t *tornadoBars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	// The farthest a label starts from its value's X: the pad, plus the
	// sliver or half the base line for a bar that does not move.
	off := labelPad + max(minBar, t.baseWidth/2)
	for i, r := range t.rows {
		for _, low := range []bool{true, false} {
			lbl, v := t.label(r, low)
			size := t.text.Rectangle(lbl).Size()
			y0, y1 := halfRow(i, low)
			h := size.Y/2 + labelMargin
			rect := vg.Rectangle{Min: vg.Point{X: off - labelMargin, Y: -h}, Max: vg.Point{X: off + size.X + labelMargin, Y: h}}
			if t.side(r, low) < 0 {
				rect.Min.X, rect.Max.X = -rect.Max.X, -rect.Min.X
			}
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(v), Y: p.Y.Norm((y0 + y1) / 2), Rectangle: rect})
		}
	}
	return boxes
}

// placeLegend puts p's legend in the first corner of the data area
// (bottom right, bottom left, top right, top left) where, laid out at
// DefaultWidth × DefaultHeight, it meets no bar, label or base line; if
// every corner is taken, in the bottom corner farther from the base line,
// with the Y range extended below the last row to make room for it.
func (t *tornadoBars) placeLegend(p *plot.Plot) {
	page := draw.Canvas{Canvas: nopCanvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: DefaultWidth, Y: DefaultHeight}}}
	dc := p.DataCanvas(page)
	items := t.layout(dc, p)
	// The legend is drawn in the data area before gonum/plot narrows it
	// to fit glyph boxes: its left edge is that of the leftmost glyph box
	// if one reaches beyond the data area, its right edge the page's.
	area := dc.Rectangle
	area.Max.X = page.Max.X
	for _, g := range p.GlyphBoxes(p) {
		area.Min.X = min(area.Min.X, dc.X(g.X)+g.Min.X)
	}
	tx, _ := p.Transforms(&dc)
	xb := tx(t.base)
	var occupied []vg.Rectangle
	for _, it := range items {
		m := labelMargin + vg.Points(4)
		occupied = append(occupied, it.bar, vg.Rectangle{
			Min: it.box.Min.Sub(vg.Point{X: m, Y: m}), Max: it.box.Max.Add(vg.Point{X: m, Y: m}),
		})
	}
	baseRect := vg.Rectangle{Min: vg.Point{X: xb - t.baseWidth, Y: area.Min.Y}, Max: vg.Point{X: xb + t.baseWidth, Y: area.Max.Y}}
	occupied = append(occupied, baseRect)
	size := p.Legend.Rectangle(draw.Canvas{}).Size()
	box := func(c corner) vg.Rectangle {
		setLegendCorner(p, c, 0)
		var r vg.Rectangle
		if c.left {
			r.Min.X = area.Min.X + p.Legend.XOffs
		} else {
			r.Min.X = area.Max.X + p.Legend.XOffs - size.X
		}
		if c.top {
			r.Min.Y = area.Max.Y + p.Legend.YOffs - size.Y
		} else {
			r.Min.Y = area.Min.Y + p.Legend.YOffs
		}
		r.Max = r.Min.Add(size)
		return r
	}
	for _, c := range []corner{bottomRight, bottomLeft, topRight, topLeft} {
		b := box(c)
		free := true
		for _, o := range occupied {
			if overlaps(b, o) {
				free = false
				break
			}
		}
		if free {
			setLegendCorner(p, c, 0)
			return
		}
	}
	// Every corner is taken: below the last row, on the side of the base
	// line with more room.
	c := bottomRight
	if xb > (area.Min.X+area.Max.X)/2 {
		c = bottomLeft
	}
	setLegendCorner(p, c, 0)
	// E more rows below put the old bottom need points up when
	// E/(R+E)·H = need, for R rows in a data area H points high.
	need := size.Y + p.Legend.YOffs + vg.Points(6)
	h := area.Max.Y - area.Min.Y
	p.Y.Min -= (p.Y.Max - p.Y.Min) * float64(need/(h-need))
}

// nopCanvas is a vg.Canvas that draws nothing, for laying a plot out
// without drawing it.
type nopCanvas struct{}

func (nopCanvas) SetLineWidth(vg.Length)                 {}
func (nopCanvas) SetLineDash([]vg.Length, vg.Length)     {}
func (nopCanvas) SetColor(color.Color)                   {}
func (nopCanvas) Rotate(float64)                         {}
func (nopCanvas) Translate(vg.Point)                     {}
func (nopCanvas) Scale(float64, float64)                 {}
func (nopCanvas) Push()                                  {}
func (nopCanvas) Pop()                                   {}
func (nopCanvas) Stroke(vg.Path)                         {}
func (nopCanvas) Fill(vg.Path)                           {}
func (nopCanvas) FillString(font.Face, vg.Point, string) {}
func (nopCanvas) DrawImage(vg.Rectangle, image.Image)    {}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s *swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}
