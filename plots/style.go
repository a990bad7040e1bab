package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes and line widths, chosen for DefaultWidth × DefaultHeight.
const (
	titleSize  = 17
	labelSize  = 14
	tickSize   = 12
	legendSize = 12
	noteSize   = 11
	lineWidth  = 2.2 // main series, points
	refWidth   = 1.4 // reference lines (VaR, ES, halvings, base)
)

// sans is the typeface of every text: Liberation Sans, which gonum/plot
// embeds (metrically compatible with Arial), easier to read on screens
// than its default serif.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle returns a text style of the sans font at size points.
func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(sans, size),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with the package's title, label, tick and legend
// styles, a light grid and the given texts.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = vg.Points(10)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Label.Padding = vg.Points(6)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Tick.Marker = linearTicks{}
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(sans, legendSize)
	p.Legend.ThumbnailWidth = vg.Points(30)
	p.Legend.Padding = vg.Points(2)
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(8)
	p.Legend.YOffs = -vg.Points(6)
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xE4}
	g.Horizontal.Color = color.Gray{Y: 0xE4}
	g.Vertical.Width = vg.Points(0.6)
	g.Horizontal.Width = vg.Points(0.6)
	p.Add(g)
	return p
}

// lineStyle returns a line style of colour c, width w points and dash
// pattern dashes (points; none for a solid line).
func lineStyle(c color.Color, w float64, dashes ...float64) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: vg.Points(w)}
	for _, d := range dashes {
		ls.Dashes = append(ls.Dashes, vg.Points(d))
	}
	return ls
}

// Dash patterns of reference lines.
var (
	dashed = []float64{8, 4}
	dotted = []float64{1.5, 3}
)

// refLine is a Plotter drawing a line across the whole data area at a data
// value — vertical at X = Value, or horizontal at Y = Value — with an
// optional label placed inside the data area next to the line, on a white
// background so that it stays readable over data. It implements
// plot.Thumbnailer so it can stand in a legend.
type refLine struct {
	Vertical bool
	Value    float64
	Line     draw.LineStyle
	Label    string
	Text     text.Style
	// For a vertical line the label sits at the top, right of the line
	// (left of it if AlignLeft, or if it would leave the data area); for a
	// horizontal one, at the left end, above the line (right end if
	// AlignLeft).
	AlignLeft bool
	// Row shifts the label of a vertical line down by Row text lines
	// (vMarks stacks labels so).
	Row int
}

// Plot implements plot.Plotter.
func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	pad := vg.Points(4)
	if r.Vertical {
		x := tx(r.Value)
		if x < c.Min.X-0.5 || x > c.Max.X+0.5 {
			return
		}
		c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
		if r.Label != "" {
			sty, at, _ := r.labelAt(c, x, r.Row)
			drawBoxedText(c, sty, at, r.Label)
		}
		return
	}
	y := ty(r.Value)
	if y < c.Min.Y-0.5 || y > c.Max.Y+0.5 {
		return
	}
	c.StrokeLine2(r.Line, c.Min.X, y, c.Max.X, y)
	if r.Label == "" {
		return
	}
	sty := r.Text
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	lx := c.Min.X + pad
	if r.AlignLeft {
		sty.XAlign = draw.XRight
		lx = c.Max.X - pad
	}
	drawBoxedText(c, sty, vg.Point{X: lx, Y: y + pad/2}, r.Label)
}

// labelAt returns the style, anchor and extent of the label of a vertical
// line at canvas X x, row rows below the top of the data area.
func (r *refLine) labelAt(c draw.Canvas, x vg.Length, row int) (text.Style, vg.Point, vg.Rectangle) {
	pad := vg.Points(4)
	sty := r.Text
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	lx := x + pad
	// Left of the line if asked, or if the label would leave the data area
	// on the right.
	if r.AlignLeft || lx+sty.Width(r.Label)+pad > c.Max.X {
		sty.XAlign = draw.XRight
		lx = x - pad
	}
	h := sty.Height(r.Label) + pad
	at := vg.Point{X: lx, Y: c.Max.Y - pad - vg.Length(row)*h}
	return sty, at, textRect(sty, at, r.Label)
}

// vMarks is a Plotter drawing vertical reference lines whose labels, at
// the top, stack downwards a row at a time where they would overlap.
type vMarks struct{ lines []*refLine }

// Plot implements plot.Plotter.
func (m *vMarks) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	var placed []vg.Rectangle
	for _, r := range m.lines {
		x := tx(r.Value)
		if x < c.Min.X-0.5 || x > c.Max.X+0.5 {
			continue
		}
		c.StrokeLine2(r.Line, x, c.Min.Y, x, c.Max.Y)
		if r.Label == "" {
			continue
		}
		for row := 0; ; row++ {
			sty, at, rect := r.labelAt(c, x, row)
			free := true
			for _, q := range placed {
				if overlaps(rect, q) {
					free = false
					break
				}
			}
			if free || row >= len(m.lines) {
				drawBoxedText(c, sty, at, r.Label)
				placed = append(placed, rect)
				break
			}
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (r *refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.Line, c.Min.X, y, c.Max.X, y)
}

// drawBoxedText writes txt at pt with sty over a white, slightly
// transparent box a little larger than the text.
func drawBoxedText(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	r := textRect(sty, pt, txt)
	m := vg.Points(2)
	box := []vg.Point{
		{X: r.Min.X - m, Y: r.Min.Y - m}, {X: r.Max.X + m, Y: r.Min.Y - m},
		{X: r.Max.X + m, Y: r.Max.Y + m}, {X: r.Min.X - m, Y: r.Max.Y + m},
	}
	c.FillPolygon(labelGround, box)
	c.FillText(sty, pt, txt)
}

// labelGround is the white, slightly transparent ground of labels drawn
// over data.
var labelGround = color.NRGBA{R: 255, G: 255, B: 255, A: 220}

// textRect returns the rectangle that txt drawn at pt with sty covers.
func textRect(sty text.Style, pt vg.Point, txt string) vg.Rectangle {
	r := sty.Rectangle(txt)
	return vg.Rectangle{Min: r.Min.Add(pt), Max: r.Max.Add(pt)}
}

// overlaps reports whether rectangles a and b intersect.
func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// inside reports whether a lies within b.
func inside(a, b vg.Rectangle) bool {
	return a.Min.X >= b.Min.X && a.Max.X <= b.Max.X && a.Min.Y >= b.Min.Y && a.Max.Y <= b.Max.Y
}

// segmentHitsRect reports whether the segment p–q crosses rectangle r
// (Liang–Barsky clipping: Liang and Barsky, "A new concept and method for
// line clipping", ACM Transactions on Graphics 3(1), 1984).
func segmentHitsRect(p, q vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(p.X - r.Min.X)},
		{dx, float64(r.Max.X - p.X)},
		{-dy, float64(p.Y - r.Min.Y)},
		{dy, float64(r.Max.Y - p.Y)},
	} {
		pk, qk := e[0], e[1]
		if pk == 0 {
			if qk < 0 {
				return false
			}
			continue
		}
		t := qk / pk
		if pk < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// vSpan is a Plotter shading the whole height of the data area between
// X = From and X = To (data coordinates), clipped to the area.
type vSpan struct {
	From, To float64
	Color    color.Color
}

// Plot implements plot.Plotter.
func (s *vSpan) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	x0, x1 := max(tx(s.From), c.Min.X), min(tx(s.To), c.Max.X)
	if x1 <= x0 {
		return
	}
	c.FillPolygon(s.Color, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}
