package plots

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// frontierDefault is the frontier of the default scenario's hybrid on
// 20,000 paths (examples/frontier): mean NPV and ES95 in M USD with their
// standard errors, whose labels crowd the joining line and the error bars.
func frontierDefault() []FrontierPoint {
	rows := [][4]float64{
		{48.64, 0.27, 10.68, 0.25}, {63.40, 0.27, 3.04, 0.40}, {78.15, 0.29, 7.24, 0.59},
		{92.91, 0.33, 15.55, 0.79}, {107.67, 0.39, 26.21, 0.99}, {122.43, 0.46, 38.32, 1.20},
		{137.18, 0.53, 51.45, 1.42}, {151.94, 0.61, 65.28, 1.62}, {166.70, 0.68, 79.65, 1.82},
		{181.46, 0.76, 94.36, 2.04}, {196.22, 0.84, 109.33, 2.25},
	}
	var pts []FrontierPoint
	for k, r := range rows {
		label := fmt.Sprintf("%d %%", 10*k)
		switch k {
		case 0:
			label += " (pure mining)"
		case 10:
			label += " (full AI)"
		}
		m, es := r[0]*usdPerM, r[2]*usdPerM
		pts = append(pts, FrontierPoint{
			Label: label, MeanNPVUSD: m, ES95USD: es,
			MeanCI95USD: [2]float64{m - 1.96*r[1]*usdPerM, m + 1.96*r[1]*usdPerM},
			ES95CI95USD: [2]float64{es - 1.96*r[3]*usdPerM, es + 1.96*r[3]*usdPerM},
		})
	}
	return pts
}

// TestFrontierLabelsClear draws frontiers at the default size and checks
// that no point label (with its white ground) covers a point, a segment of
// the joining line or an error bar, and that no two texts overlap.
func TestFrontierLabelsClear(t *testing.T) {
	for name, pts := range map[string][]FrontierPoint{"fixture": fixtureFrontier(), "default scenario": frontierDefault()} {
		t.Run(name, func(t *testing.T) {
			p, err := Frontier(pts)
			if err != nil {
				t.Fatal(err)
			}
			s := drawScene(t, p, DefaultWidth, DefaultHeight)
			dc := p.DataCanvas(draw.New(newScene(DefaultWidth, DefaultHeight)))
			tx, ty := p.Transforms(&dc)
			at := func(x, y float64) vg.Point { return vg.Point{X: tx(x), Y: ty(y)} }
			var segs [][2]vg.Point
			for k, pt := range pts {
				x, y := pt.ES95USD/usdPerM, pt.MeanNPVUSD/usdPerM
				if k > 0 {
					segs = append(segs, [2]vg.Point{at(pts[k-1].ES95USD/usdPerM, pts[k-1].MeanNPVUSD/usdPerM), at(x, y)})
				}
				segs = append(segs,
					[2]vg.Point{at(pt.ES95CI95USD[0]/usdPerM, y), at(pt.ES95CI95USD[1]/usdPerM, y)},
					[2]vg.Point{at(x, pt.MeanCI95USD[0]/usdPerM), at(x, pt.MeanCI95USD[1]/usdPerM)})
			}
			for _, pt := range pts {
				for _, txt := range s.text(pt.Label) {
					// The label's white ground as drawn: the white fill
					// starting 2 points left of the text.
					var box vg.Rectangle
					for _, f := range s.fills {
						if sameColor(f.col, labelGround) && math.Abs(float64(f.r.Min.X-(txt.r.Min.X-2))) < 1e-6 {
							box = f.r
						}
					}
					if box == (vg.Rectangle{}) {
						t.Fatalf("label %q: no white ground", pt.Label)
					}
					for _, q := range pts {
						c := at(q.ES95USD/usdPerM, q.MeanNPVUSD/usdPerM)
						r := vg.Points(5)
						if overlaps(box, vg.Rectangle{Min: c.Sub(vg.Point{X: r, Y: r}), Max: c.Add(vg.Point{X: r, Y: r})}) {
							t.Errorf("label %q at %v covers the point %q", pt.Label, txt.r, q.Label)
						}
					}
					for _, sg := range segs {
						if segmentHitsRect(sg[0], sg[1], box) {
							t.Errorf("label %q at %v covers the segment %v–%v", pt.Label, txt.r, sg[0], sg[1])
						}
					}
				}
			}
			for _, pr := range s.overlapping(textSlack) {
				t.Errorf("texts %q and %q overlap", pr[0].s, pr[1].s)
			}
		})
	}
}
