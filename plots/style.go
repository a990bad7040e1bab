package plots

import (
	"image/color"

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
