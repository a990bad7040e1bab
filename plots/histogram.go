package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pivotrisk/pivotrisk/sim"
)

// histBins is the number of bars across the window of an NPV histogram.
const histBins = 60

// NPVHistogram draws the NPV distribution of the strategy of res called
// name as a histogram, the way @RISK shows an output: bars of the share
// of paths per bin (percent) over NPVDistribution's window, the 5 % and
// 95 % quantiles (type 1, as package sim) marked by lines, the two tails
// beyond them shaded, and above the data the share of paths in each of
// the three parts (5 % / 90 % / 5 %, counted, so that ties show) with the
// quantiles' values, M USD. The mean is a dotted line. Bars are
// (hi − lo)/60 wide; paths beyond the window are counted in the shares
// and the axis label.
//
// It returns an error if res has no strategy called name, and the errors
// of NPVDistribution.
func NPVHistogram(res *sim.Result, name string) (*plot.Plot, error) {
	names, npv, err := strategySamples(res)
	if err != nil {
		return nil, err
	}
	j := slices.Index(names, name)
	if j < 0 {
		return nil, fmt.Errorf("plots: NPVHistogram: no strategy called %q (have %q)", name, names)
	}
	w, err := npvWindow(names[j:j+1], npv[j:j+1])
	if err != nil {
		return nil, err
	}
	s := w.sorted[0]
	p5, p95 := sim.Quantile(s, 0.05), sim.Quantile(s, 0.95)
	h := &histBars{lo: w.lo / usdPerM, hi: w.hi / usdPerM, p5: p5 / usdPerM, p95: p95 / usdPerM, color: StrategyColor(j)}
	h.count(s)
	n := float64(len(s))
	below := float64(countBelow(s, p5))
	above := float64(len(s) - countAtMost(s, p95))
	h.shares = [3]float64{below / n, (n - below - above) / n, above / n}
	p := newPlot(shortTitle("NPV histogram \u2014 %s", name)+fmt.Sprintf(", %s paths", fmtThousands(len(s))),
		w.axisLabel(), "share of paths per bar, %")
	p.Add(h)
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(gray, 1)})
	mean := &refLine{Vertical: true, Value: w.stats[0].mean / usdPerM, Line: lineStyle(color.Black, refWidth, dotted...)}
	p.Add(mean, histShares{h})
	t := newLegendTable()
	t.addNote(fmt.Sprintf("5 %% quantile %s, 95 %% quantile %s M USD (solid lines); tails beyond them shaded", fmtSig(p5/usdPerM), fmtSig(p95/usdPerM)),
		&swatch{withAlpha(StrategyColor(j), 0.35)})
	t.addNote(fmt.Sprintf("mean %s M USD (dotted)", fmtSig(w.stats[0].mean/usdPerM)), mean)
	t.install(p)
	p.X.Min, p.X.Max = h.lo, h.hi
	p.Y.Min, p.Y.Max = 0, h.top()*1.18
	return p, nil
}

// histBars draws an NPV histogram: its bars (the tails lighter), the
// quantile lines and, in a strip at the top of the data area, the share
// of paths below, between and above them.
type histBars struct {
	lo, hi   float64 // the window, M USD
	p5, p95  float64 // the quantiles, M USD
	counts   []float64
	n        int
	shares   [3]float64
	color    color.RGBA
	binWidth float64
}

// count bins the sorted samples (USD).
func (h *histBars) count(sorted []float64) {
	h.counts = make([]float64, histBins)
	h.binWidth = (h.hi - h.lo) / histBins
	h.n = len(sorted)
	for _, x := range sorted {
		k := int(math.Floor((x/usdPerM - h.lo) / h.binWidth))
		if k >= 0 && k < histBins {
			h.counts[k]++
		} else if x/usdPerM == h.hi {
			h.counts[histBins-1]++
		}
	}
}

// top returns the tallest bar, percent.
func (h *histBars) top() float64 {
	m := 0.0
	for _, c := range h.counts {
		m = math.Max(m, 100*c/float64(h.n))
	}
	return math.Max(m, 1e-9)
}

// Plot implements plot.Plotter.
func (h *histBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	body, tail := withAlpha(h.color, 0.75), withAlpha(h.color, 0.3)
	for k, cnt := range h.counts {
		if cnt == 0 {
			continue
		}
		x0, x1 := h.lo+float64(k)*h.binWidth, h.lo+float64(k+1)*h.binWidth
		y := 100 * cnt / float64(h.n)
		// A bar straddling a quantile is split there.
		for _, part := range [][2]float64{{x0, math.Min(x1, h.p5)}, {math.Max(x0, h.p5), math.Min(x1, h.p95)}, {math.Max(x0, h.p95), x1}} {
			if part[1] <= part[0] {
				continue
			}
			fill := body
			if part[1] <= h.p5 || part[0] >= h.p95 {
				fill = tail
			}
			a, b := tx(part[0]), tx(part[1])
			c.FillPolygon(fill, []vg.Point{{X: a, Y: ty(0)}, {X: b, Y: ty(0)}, {X: b, Y: ty(y)}, {X: a, Y: ty(y)}})
		}
	}
	line := lineStyle(h.color, refWidth+0.4)
	for _, x := range []vg.Length{tx(h.p5), tx(h.p95)} {
		c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
	}
}

// histShares writes, at the top of an NPV histogram's data area, the share
// of paths below, between and above its quantile lines, over the lines
// drawn before.
type histShares struct{ h *histBars }

// Plot implements plot.Plotter.
func (hs histShares) Plot(c draw.Canvas, p *plot.Plot) {
	h := hs.h
	tx, _ := p.Transforms(&c)
	sty := textStyle(legendSize, color.Black)
	sty.YAlign = draw.YTop
	sty.XAlign = draw.XCenter
	xs := [4]vg.Length{c.Min.X, tx(h.p5), tx(h.p95), c.Max.X}
	y := c.Max.Y - vg.Points(4)
	for i := range 3 {
		lo, hi := max(xs[i], c.Min.X), min(xs[i+1], c.Max.X)
		if hi-lo < sty.Width("100.0 %") {
			// Too narrow a part: its share goes just beside the line.
			if i == 0 {
				sty.XAlign = draw.XRight
				drawBoxedText(c, sty, vg.Point{X: hi - vg.Points(3), Y: y}, fmtFixed(100*h.shares[i], 1)+" %")
			} else {
				sty.XAlign = draw.XLeft
				drawBoxedText(c, sty, vg.Point{X: lo + vg.Points(3), Y: y}, fmtFixed(100*h.shares[i], 1)+" %")
			}
			sty.XAlign = draw.XCenter
			continue
		}
		drawBoxedText(c, sty, vg.Point{X: (lo + hi) / 2, Y: y}, fmtFixed(100*h.shares[i], 1)+" %")
	}
}

// countBelow returns the number of values of sorted less than x.
func countBelow(sorted []float64, x float64) int {
	i, _ := slices.BinarySearch(sorted, x)
	return i
}

// countAtMost returns the number of values of sorted at most x.
func countAtMost(sorted []float64, x float64) int {
	i, found := slices.BinarySearch(sorted, x)
	for found && i < len(sorted) && sorted[i] == x {
		i++
	}
	return i
}
