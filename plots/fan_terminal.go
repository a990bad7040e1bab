package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pivotrisk/pivotrisk/sim"
)

// withoutLast returns copies of bands and of its cash band c cut before
// their last time point, and the last point's quantiles (P5, P25, P50,
// P75, P95): the cash fan up to the step before the horizon, and the
// cumulative cash at the horizon, which includes the terminal value.
func withoutLast(bands *sim.Bands, c *sim.Band) (*sim.Bands, *sim.Band, [5]float64) {
	n := len(bands.TimeYears)
	cut := *bands
	cut.TimeYears = bands.TimeYears[:n-1]
	cut.Steps = nil
	if len(bands.Steps) == n {
		cut.Steps = bands.Steps[:n-1]
	}
	cut.Halvings = nil
	b := *c
	last := [5]float64{c.P5[n-1], c.P25[n-1], c.P50[n-1], c.P75[n-1], c.P95[n-1]}
	b.P5, b.P25, b.P50, b.P75, b.P95 = c.P5[:n-1], c.P25[:n-1], c.P50[:n-1], c.P75[:n-1], c.P95[:n-1]
	return &cut, &b, last
}

// terminalMark draws, at the horizon to the right of a cash fan, the
// cumulative cash there, terminal value included, as a box (25–75 % of
// paths), whiskers (5–95 %) and a dot (the median), in M USD. The fan's
// Y range is fitted without it, so that a large terminal value does not
// squash the fan: a whisker beyond the range ends in an arrow, and the
// legend entry gives the mark's median and 5–95 % range.
type terminalMark struct {
	x     float64    // calendar year of the horizon
	q     [5]float64 // the quantiles, M USD
	color color.RGBA
}

// Plot implements plot.Plotter.
func (m *terminalMark) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	x := tx(m.x)
	clampY := func(v float64) (vg.Length, bool) {
		y := ty(v)
		switch {
		case y > c.Max.Y:
			return c.Max.Y, true
		case y < c.Min.Y:
			return c.Min.Y, true
		}
		return y, false
	}
	line := lineStyle(m.color, 1.6)
	y5, cut5 := clampY(m.q[0])
	y95, cut95 := clampY(m.q[4])
	c.StrokeLine2(line, x, y5, x, y95)
	for _, e := range []struct {
		y   vg.Length
		cut bool
		up  bool
	}{{y5, cut5, false}, {y95, cut95, true}} {
		if !e.cut {
			c.StrokeLine2(line, x-vg.Points(5), e.y, x+vg.Points(5), e.y)
			continue
		}
		tip := vg.Points(7)
		if !e.up {
			tip = -tip
		}
		c.FillPolygon(m.color, []vg.Point{{X: x - vg.Points(5), Y: e.y - tip}, {X: x + vg.Points(5), Y: e.y - tip}, {X: x, Y: e.y}})
	}
	y25, _ := clampY(m.q[1])
	y75, _ := clampY(m.q[3])
	w := vg.Points(6)
	c.FillPolygon(withAlpha(m.color, 0.45), []vg.Point{{X: x - w, Y: y25}, {X: x + w, Y: y25}, {X: x + w, Y: y75}, {X: x - w, Y: y75}})
	if y50, cut := clampY(m.q[2]); !cut {
		c.DrawGlyph(draw.GlyphStyle{Color: m.color, Radius: vg.Points(4.5), Shape: ringed{draw.CircleGlyph{}}}, vg.Point{X: x, Y: y50})
	}
}

// label returns the mark's label: what it is, its median and its 5–95 %
// range.
func (m *terminalMark) label() string {
	return fmt.Sprintf("at the horizon, with the terminal value: median %s, 5\u201395 %%: %s to %s M USD",
		fmtSig(m.q[2]), fmtSig(m.q[0]), fmtSig(m.q[4]))
}

// Thumbnail implements plot.Thumbnailer: a small box and whisker.
func (m *terminalMark) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(lineStyle(m.color, 1.6), x, c.Min.Y, x, c.Max.Y)
	w := vg.Points(5)
	h := (c.Max.Y - c.Min.Y) / 4
	cy := c.Center().Y
	c.FillPolygon(withAlpha(m.color, 0.45), []vg.Point{{X: x - w, Y: cy - h}, {X: x + w, Y: cy - h}, {X: x + w, Y: cy + h}, {X: x - w, Y: cy + h}})
}

// add adds the mark to p, whose fan is drawn in the frame f, and returns
// the boxes its whisker and label take, in the frame's normalized
// coordinates at DefaultWidth × DefaultHeight.
func (m *terminalMark) add(p *plot.Plot, f *fanFrame) []normBox {
	p.Add(m)
	p.Legend.Add(m.label(), m)
	xn := f.xNorm(m.x)
	lo := math.Max(0, math.Min(1, f.yNorm(m.q[0])))
	hi := math.Max(0, math.Min(1, f.yNorm(m.q[4])))
	return []normBox{{x0: xn - 0.01, x1: xn, y0: lo, y1: hi}}
}
