package plots

import (
	"math"

	"gonum.org/v1/plot/vg"
)

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
