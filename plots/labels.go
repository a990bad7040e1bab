package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pointLabels is a Plotter writing a text label next to each of a set of
// points, placed at draw time, greedily in point order, at the first of
// eight positions around its point (right, left, above, below, then the
// diagonals, at increasing distances) where it stays inside the data area
// and overlaps no label placed before, no point and no segment of the path
// joining the points in order (if Joined). A label that fits nowhere is
// put at the position with the fewest overlaps.
type pointLabels struct {
	XY     plotter.XYs // the points, data coordinates
	Labels []string
	Text   text.Style
	Radius vg.Length // glyph radius of the points, kept clear
	Joined bool
	// Segments are more segments to keep clear (data coordinates), such
	// as error bars.
	Segments [][2]plotter.XY
}

// Plot implements plot.Plotter.
func (l *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	pts, obstacles, segs := l.layout(c, p)
	gap := l.Radius + vg.Points(5)
	for i, q := range pts {
		lbl := l.Labels[i]
		if lbl == "" {
			continue
		}
		sty := l.Text
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		// The text drawn at an anchor covers Rectangle's box moved there,
		// which starts below the anchor by the font's descent: the
		// candidates are the box's lower left corners, and the anchor is
		// found from the one chosen.
		rect := sty.Rectangle(lbl)
		size := rect.Size()
		best := bestCorner(labelCorners(q, size, gap), size, c.Rectangle, obstacles, segs)
		obstacles = append(obstacles, vg.Rectangle{Min: best, Max: best.Add(size)})
		drawBoxedText(c, sty, best.Sub(rect.Min), lbl)
	}
}

// layout returns the points on canvas c, the boxes around them that the
// labels keep clear of (the glyph plus 2 points) and the segments to keep
// clear: the path joining the points, if Joined, and Segments.
func (l *pointLabels) layout(c draw.Canvas, p *plot.Plot) (pts []vg.Point, obstacles []vg.Rectangle, segs [][2]vg.Point) {
	tx, ty := p.Transforms(&c)
	pts = make([]vg.Point, len(l.XY))
	for i, d := range l.XY {
		pts[i] = vg.Point{X: tx(d.X), Y: ty(d.Y)}
	}
	r := l.Radius + vg.Points(2)
	for _, q := range pts {
		obstacles = append(obstacles, vg.Rectangle{Min: vg.Point{X: q.X - r, Y: q.Y - r}, Max: vg.Point{X: q.X + r, Y: q.Y + r}})
	}
	if l.Joined {
		for k := 1; k < len(pts); k++ {
			segs = append(segs, [2]vg.Point{pts[k-1], pts[k]})
		}
	}
	for _, sg := range l.Segments {
		segs = append(segs, [2]vg.Point{{X: tx(sg[0].X), Y: ty(sg[0].Y)}, {X: tx(sg[1].X), Y: ty(sg[1].Y)}})
	}
	return pts, obstacles, segs
}

// labelCorners returns the lower left corners of the places a label of
// the given size may take around point q, in order of preference: right,
// left, above, below, then the diagonals, at gap × 1, 2.2 and 3.6 from q.
func labelCorners(q vg.Point, size vg.Point, gap vg.Length) []vg.Point {
	var cands []vg.Point
	for _, k := range []vg.Length{1, 2.2, 3.6} {
		g := gap * k
		cands = append(cands,
			vg.Point{X: q.X + g, Y: q.Y - size.Y/2},           // right
			vg.Point{X: q.X - g - size.X, Y: q.Y - size.Y/2},  // left
			vg.Point{X: q.X - size.X/2, Y: q.Y + g},           // above
			vg.Point{X: q.X - size.X/2, Y: q.Y - g - size.Y},  // below
			vg.Point{X: q.X + g*0.7, Y: q.Y + g*0.7},          // above right
			vg.Point{X: q.X - g*0.7 - size.X, Y: q.Y + g*0.7}, // above left
			vg.Point{X: q.X + g*0.7, Y: q.Y - g*0.7 - size.Y}, // below right
			vg.Point{X: q.X - g*0.7 - size.X, Y: q.Y - g*0.7 - size.Y},
		)
	}
	return cands
}

// bestCorner returns the first of the corners cands where a label of the
// given size, with 3 points of margin, stays inside area and meets no
// obstacle or segment; else the one with the fewest hits, weighted 100
// for leaving the area, 10 per obstacle and 1 per segment.
func bestCorner(cands []vg.Point, size vg.Point, area vg.Rectangle, obstacles []vg.Rectangle, segs [][2]vg.Point) vg.Point {
	m := vg.Points(3) // the white box's margin, and a little air
	best, bestHits := cands[0], -1
	for _, cd := range cands {
		box := vg.Rectangle{Min: cd.Sub(vg.Point{X: m, Y: m}), Max: cd.Add(size).Add(vg.Point{X: m, Y: m})}
		hits := 0
		if !inside(box, area) {
			hits += 100
		}
		for _, o := range obstacles {
			if overlaps(box, o) {
				hits += 10
			}
		}
		for _, sg := range segs {
			if segmentHitsRect(sg[0], sg[1], box) {
				hits++
			}
		}
		if bestHits < 0 || hits < bestHits {
			best, bestHits = cd, hits
		}
		if hits == 0 {
			break
		}
	}
	return best
}

// GlyphBoxes implements plot.GlyphBoxer: room for each label on either
// side of its point, so that no label needs to leave the picture.
func (l *pointLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for i, d := range l.XY {
		if l.Labels[i] == "" {
			continue
		}
		size := l.Text.Rectangle(l.Labels[i]).Size()
		g := l.Radius + vg.Points(5)
		boxes = append(boxes, plot.GlyphBox{
			X:         p.X.Norm(d.X),
			Y:         p.Y.Norm(d.Y),
			Rectangle: vg.Rectangle{Min: vg.Point{X: -l.Radius, Y: -size.Y / 2}, Max: vg.Point{X: g + size.X, Y: size.Y / 2}},
		})
	}
	return boxes
}
