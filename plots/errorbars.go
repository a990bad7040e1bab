package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ciBar is a point's confidence intervals, in plot units.
type ciBar struct {
	at         plotter.XY
	x, y       [2]float64
	hasX, hasY bool
}

// segments returns b's error bars as segments, in plot units.
func (b ciBar) segments() [][2]plotter.XY {
	var segs [][2]plotter.XY
	if b.hasX {
		segs = append(segs, [2]plotter.XY{{X: b.x[0], Y: b.at.Y}, {X: b.x[1], Y: b.at.Y}})
	}
	if b.hasY {
		segs = append(segs, [2]plotter.XY{{X: b.at.X, Y: b.y[0]}, {X: b.at.X, Y: b.y[1]}})
	}
	return segs
}

// ciPlotter draws confidence intervals as error bars with short caps.
type ciPlotter struct {
	bars []ciBar
	line draw.LineStyle
}

// Plot implements plot.Plotter.
func (c *ciPlotter) Plot(cv draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&cv)
	cp := vg.Points(4)
	for _, b := range c.bars {
		x, y := tx(b.at.X), ty(b.at.Y)
		if b.hasX {
			x0, x1 := tx(b.x[0]), tx(b.x[1])
			cv.StrokeLine2(c.line, x0, y, x1, y)
			cv.StrokeLine2(c.line, x0, y-cp, x0, y+cp)
			cv.StrokeLine2(c.line, x1, y-cp, x1, y+cp)
		}
		if b.hasY {
			y0, y1 := ty(b.y[0]), ty(b.y[1])
			cv.StrokeLine2(c.line, x, y0, x, y1)
			cv.StrokeLine2(c.line, x-cp, y0, x+cp, y0)
			cv.StrokeLine2(c.line, x-cp, y1, x+cp, y1)
		}
	}
}
