package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// normBox is a rectangle in the data area's normalized coordinates (0 to
// 1 left to right and bottom to top).
type normBox struct{ x0, x1, y0, y1 float64 }

// hits reports whether a and b meet (edges included).
func (a normBox) hits(b normBox) bool {
	return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1
}

// dataShare returns the shares of the data area's width and height at
// DefaultWidth × DefaultHeight that lengths w and h take (the area is the
// picture less about 100 points of axes and title across and 95 down).
func dataShare(w, h vg.Length) (float64, float64) {
	return float64(w / (DefaultWidth - vg.Points(100))), float64(h / (DefaultHeight - vg.Points(95)))
}

// corner is a corner of the data area.
type corner struct{ top, left bool }

var (
	topLeft     = corner{top: true, left: true}
	topRight    = corner{top: true}
	bottomLeft  = corner{left: true}
	bottomRight = corner{}
)

// placeLegend puts p's legend in the first of the corners whose box, at
// DefaultWidth × DefaultHeight, meets none of the occupied boxes; a legend
// at the bottom is lifted by lift above the X axis. If every corner is
// taken it puts it in the first corner and returns the share of the height
// to leave free above (or below) the data for it; else it returns 0. The
// boxes are estimates at the default size: at other sizes the legend keeps
// its corner and its size in points.
func placeLegend(p *plot.Plot, occupied []normBox, lift vg.Length, corners ...corner) float64 {
	r := p.Legend.Rectangle(draw.Canvas{})
	w, h := dataShare(r.Size().X+vg.Points(24), r.Size().Y+vg.Points(16))
	_, l := dataShare(0, lift)
	for _, c := range corners {
		box := normBox{x0: 0, x1: w, y0: l, y1: l + h}
		if !c.left {
			box.x0, box.x1 = 1-w, 1
		}
		if c.top {
			box.y0, box.y1 = 1-h, 1
		}
		free := true
		for _, o := range occupied {
			if box.hits(o) {
				free = false
				break
			}
		}
		if free {
			setLegendCorner(p, c, lift)
			return 0
		}
	}
	setLegendCorner(p, corners[0], lift)
	return math.Min(0.6, h+l)
}

// setLegendCorner puts p's legend in corner c of the data area, inset a
// little from the axes (and lifted by lift at the bottom).
func setLegendCorner(p *plot.Plot, c corner, lift vg.Length) {
	p.Legend.Top, p.Legend.Left = c.top, c.left
	p.Legend.XOffs = -vg.Points(8)
	if c.left {
		p.Legend.XOffs = vg.Points(12)
	}
	p.Legend.YOffs = vg.Points(8) + lift
	if c.top {
		p.Legend.YOffs = -vg.Points(12)
	}
}
