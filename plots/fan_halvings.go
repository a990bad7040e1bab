package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/pivotrisk/pivotrisk/sim"
)

// addHalvingSpans shades, for each halving, the span from its 5 % to its
// 95 % date (calendar years from start) in light grey.
func addHalvingSpans(p *plot.Plot, halvings []sim.HalvingBand, start float64) {
	for _, h := range halvings {
		if h.P95Years > h.P5Years {
			p.Add(&vSpan{From: start + h.P5Years, To: start + h.P95Years, Color: color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x28}})
		}
	}
}

// addHalvingMarks draws each halving within the X range as a dashed grey
// line at its median date, labelled at the top "halving" (with the share
// of paths reaching it, if not all), and returns the boxes its line and
// label take at DefaultWidth × DefaultHeight, in normalized coordinates.
func addHalvingMarks(p *plot.Plot, halvings []sim.HalvingBand, f *fanFrame) []normBox {
	note := textStyle(noteSize, color.Black)
	marks := &vMarks{}
	var occupied []normBox
	xLo, xHi := f.x(0), f.x(len(f.times)-1)
	for _, h := range halvings {
		at := f.start + h.P50Years
		if at < xLo || at > xHi {
			continue
		}
		label := "halving"
		if h.ShareReached < 1 {
			label = fmt.Sprintf("halving (%s of paths)", fmtShare(h.ShareReached))
		}
		marks.lines = append(marks.lines, &refLine{Vertical: true, Value: at, Line: lineStyle(gray, refWidth, dashed...), Label: label, Text: note})
		w, ht := dataShare(note.Width(label)+vg.Points(12), note.Height(label)+vg.Points(10))
		lx0, lx1 := f.xNorm(at), f.xNorm(at)+w
		if lx1 > 1 { // the label flips to the left of its line
			lx0, lx1 = f.xNorm(at)-w, f.xNorm(at)
		}
		occupied = append(occupied,
			normBox{x0: lx0, x1: lx1, y0: 1 - ht, y1: 1},
			normBox{x0: f.xNorm(at), x1: f.xNorm(at), y0: 0, y1: 1})
	}
	p.Add(marks)
	return occupied
}
