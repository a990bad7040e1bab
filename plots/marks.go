package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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

// Thumbnail implements plot.Thumbnailer.
func (r *refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.Line, c.Min.X, y, c.Max.X, y)
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
