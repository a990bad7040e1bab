package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pivotrisk/pivotrisk/sim"
)

// OptionBoundary draws a real option's exercise boundary along one series
// it reads (sim.OptionBoundary): per decision month, the level of the
// series at which converting the first block starts to pay, over the
// series' 1st–99th percentile band and median on the calibration paths.
// Points are marked by where converting pays: below the level (converting
// when the series is low), above it, or on both sides (mixed); dates at
// which converting pays at every level of the band, or at none, are marked
// on the median.
//
// It returns an error wrapping plotter.ErrNoData if o has no boundary
// along series or no point, and one naming the value if a level is not
// finite.
func OptionBoundary(o *sim.OptionSummary, series string) (*plot.Plot, error) {
	var b *sim.OptionBoundary
	for i := range o.Boundaries {
		if o.Boundaries[i].Series == series {
			b = &o.Boundaries[i]
		}
	}
	if b == nil || len(b.Points) == 0 {
		return nil, noData("option boundary: %q has no boundary along %q", o.Name, series)
	}
	var band, upper, median, curve plotter.XYs
	marks := map[string]plotter.XYs{}
	for i, pt := range b.Points {
		for _, v := range []float64{pt.Month, pt.Lo, pt.Median, pt.Hi, pt.Critical} {
			if err := finiteErr(fmt.Sprintf("boundary point %d", i), v); err != nil {
				return nil, err
			}
		}
		band = append(band, plotter.XY{X: pt.Month, Y: pt.Lo})
		upper = append(upper, plotter.XY{X: pt.Month, Y: pt.Hi})
		median = append(median, plotter.XY{X: pt.Month, Y: pt.Median})
		at := plotter.XY{X: pt.Month, Y: pt.Critical}
		if pt.Region == "always" || pt.Region == "never" {
			at.Y = pt.Median
		} else {
			curve = append(curve, at)
		}
		marks[pt.Region] = append(marks[pt.Region], at)
	}
	p := newPlot(fmt.Sprintf("Exercise boundary of %s along %s", o.Name, series),
		"decision month", fmt.Sprintf("%s, %s", series, b.Unit))
	for i := len(upper) - 1; i >= 0; i-- {
		band = append(band, upper[i])
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, err
	}
	poly.Color = color.RGBA{R: 0xE8, G: 0xEC, B: 0xF0, A: 0xFF}
	poly.LineStyle.Width = 0
	p.Add(poly)
	p.Legend.Add("1st–99th percentile on calibration paths", poly)
	med, err := plotter.NewLine(median)
	if err != nil {
		return nil, err
	}
	med.LineStyle = lineStyle(MarketColor(), refWidth, dashed...)
	p.Add(med)
	p.Legend.Add("median", med)
	if len(curve) > 1 {
		l, err := plotter.NewLine(curve)
		if err != nil {
			return nil, err
		}
		l.LineStyle = lineStyle(okabeIto[0], refWidth)
		p.Add(l)
		p.Legend.Add("boundary", l)
	}
	if err := addBoundaryMarks(p, marks); err != nil {
		return nil, err
	}
	p.Y.Min = 0
	return p, nil
}

// boundaryMarks are the glyphs of each region of a boundary point.
var boundaryMarks = []struct {
	region, label string
	shape         draw.GlyphDrawer
	c             color.RGBA
}{
	{"below", "convert below this level", draw.CircleGlyph{}, okabeIto[0]},
	{"above", "convert above this level", draw.BoxGlyph{}, okabeIto[1]},
	{"mixed", "boundary nearest the median (mixed)", draw.PyramidGlyph{}, okabeIto[3]},
	{"always", "convert at every level (on the median)", draw.RingGlyph{}, okabeIto[2]},
	{"never", "wait at every level (on the median)", draw.CrossGlyph{}, okabeIto[6]},
}

// addBoundaryMarks adds the boundary's points, region by region, with a
// legend entry for each region present.
func addBoundaryMarks(p *plot.Plot, marks map[string]plotter.XYs) error {
	for _, m := range boundaryMarks {
		xys := marks[m.region]
		if len(xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: m.c, Radius: vg.Points(4), Shape: m.shape}
		p.Add(s)
		p.Legend.Add(m.label, s)
	}
	return nil
}

// OptionTiming draws when a real option's blocks convert on the run's
// paths: for each block (in the order blocks convert), the share of paths
// on which its conversion has started by each decision month, with the
// share that never converts in the legend.
//
// It returns an error wrapping plotter.ErrNoData if o has no block or no
// decision date.
func OptionTiming(o *sim.OptionSummary) (*plot.Plot, error) {
	t := o.Timing
	if len(t.ConvertedBy) == 0 || len(o.DecisionMonths) == 0 {
		return nil, noData("option timing: %q has no block or no decision date", o.Name)
	}
	p := newPlot(fmt.Sprintf("When %s converts", o.Name), "decision month", "share of paths converted by then")
	for b, by := range t.ConvertedBy {
		if len(by) != len(o.DecisionMonths) {
			return nil, fmt.Errorf("plots: option timing: block %d has %d dates, want %d", b, len(by), len(o.DecisionMonths))
		}
		var xys plotter.XYs
		for d, v := range by {
			if d > 0 {
				xys = append(xys, plotter.XY{X: o.DecisionMonths[d], Y: by[d-1]})
			}
			xys = append(xys, plotter.XY{X: o.DecisionMonths[d], Y: v})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.LineStyle = lineStyle(StrategyColor(b), lineWidth)
		p.Add(l)
		name := "the block"
		if len(t.ConvertedBy) > 1 {
			name = fmt.Sprintf("block %d", b+1)
		}
		p.Legend.Add(fmt.Sprintf("%s (never: %s)", name, fmtShare(t.ProbNever[b])), l)
	}
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top = false
	p.Legend.Left = false
	return p, nil
}

// OptionMW draws a staged real option's mean converted capacity by
// decision month: the gross MW whose conversion has started, averaged over
// the run's paths.
//
// It returns an error wrapping plotter.ErrNoData if o has no decision
// date, and one naming the value if a figure is not finite.
func OptionMW(o *sim.OptionSummary) (*plot.Plot, error) {
	mw := o.Timing.MWBy
	if len(mw) == 0 || len(mw) != len(o.DecisionMonths) {
		return nil, noData("option MW: %q has %d dates of MW for %d decision dates", o.Name, len(mw), len(o.DecisionMonths))
	}
	if err := checkFinite("MW by date", mw); err != nil {
		return nil, err
	}
	p := newPlot(fmt.Sprintf("How much of the site %s converts, and when", o.Name), "decision month",
		fmt.Sprintf("mean gross MW converting (%d blocks of %s MW)", o.Blocks, fmtSig(o.BlockMW)))
	var xys plotter.XYs
	for d, v := range mw {
		if d > 0 {
			xys = append(xys, plotter.XY{X: o.DecisionMonths[d], Y: mw[d-1]})
		}
		xys = append(xys, plotter.XY{X: o.DecisionMonths[d], Y: v})
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(StrategyColor(0), lineWidth)
	p.Add(l)
	p.Y.Min, p.Y.Max = 0, float64(o.Blocks)*o.BlockMW
	return p, nil
}
