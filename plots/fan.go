package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/pivotrisk/pivotrisk/sim"
)

// DefaultStartYear is the calendar year whose January 1 is time 0 of the
// ready-made fan charts (BTCPriceFan, HashpriceFan, GPURentFan, CashFans,
// CashFan): 2026, the date of the default market (market.DefaultStartParams).
// A Result records no calendar date; draw a scenario that starts elsewhere
// with FanChart and FanSpec.StartYear.
const DefaultStartYear = 2026

// FanSpec says how FanChart draws one band.
type FanSpec struct {
	// Title is the picture's title.
	Title string
	// YLabel is the Y axis label, with the unit (after Scale).
	YLabel string
	// Color is the colour of the median and, lightened, of the bands.
	Color color.RGBA
	// Scale divides every value before drawing (1e6 draws USD in M USD);
	// 0 means 1.
	Scale float64
	// LogY draws the Y axis on a log scale, labelled at 1-2-5 steps with
	// k/M/B suffixes; every value must then be > 0.
	LogY bool
	// ZeroLine draws a grey horizontal line at 0.
	ZeroLine bool
	// Halvings marks each halving of bands.Halvings at its median date by
	// a dashed grey vertical line labelled "halving", over a light grey
	// span from its 5 % to its 95 % date.
	Halvings bool
	// StartYear is the calendar year whose January 1 is time 0; 0 means
	// DefaultStartYear. Range [1, 9999].
	StartYear float64
	// YMin and YMax, if YMax > YMin, fix the Y range (after Scale) instead
	// of fitting it to the bands, so that several charts share a scale.
	YMin, YMax float64
}

// FanChart draws band, one series of bands, as a fan chart over calendar
// years (spec.StartYear + bands.TimeYears): the median as a line, the
// 25–75 % band darker and the 5–95 % band lighter, in spec.Color, with the
// legend in a corner the bands leave free.
//
// Errors name the series, quantile and point: no data (wrapping
// plotter.ErrNoData: bands or band nil, fewer than two time points), a
// value not finite (wrapping plotter.ErrNaN or plotter.ErrInfinity),
// slices longer or shorter than bands.TimeYears, quantiles out of order,
// times not increasing, a value ≤ 0 on a log scale, a field of spec out
// of range.
func FanChart(bands *sim.Bands, band *sim.Band, spec FanSpec) (*plot.Plot, error) {
	p, _, err := fanChart(bands, band, spec, nil)
	return p, err
}

// fanChart is FanChart; extra, if not nil, adds to the picture what its
// caller draws beside the fan, given the frame, and returns the boxes the
// legend must avoid.
func fanChart(bands *sim.Bands, band *sim.Band, spec FanSpec, extra func(*plot.Plot, *fanFrame) []normBox) (*plot.Plot, *fanFrame, error) {
	if bands == nil {
		return nil, nil, noData("no bands (the run kept none: sim.Config.Bands)")
	}
	if band == nil {
		return nil, nil, noData("no band to draw (the run did not keep this series: sim.Config.Bands)")
	}
	scale, start, err := spec.resolve(band.Name)
	if err != nil {
		return nil, nil, err
	}
	qs, err := checkBand(bands, band, spec.LogY)
	if err != nil {
		return nil, nil, err
	}
	f := newFanFrame(bands.TimeYears, qs, start, scale, spec)
	p := newFanPlot(spec, start, spec.Halvings && len(bands.Halvings) > 0)
	if spec.Halvings {
		addHalvingSpans(p, bands.Halvings, start)
	}
	if spec.ZeroLine {
		p.Add(&refLine{Value: 0, Line: lineStyle(gray, 1)})
	}
	median, inner, outer, err := addFan(p, qs, f, spec.Color)
	if err != nil {
		return nil, nil, fmt.Errorf("plots: fan %q: %w", band.Name, err)
	}
	// The halving labels and the bands decide the legend's corner.
	var occupied []normBox
	if spec.Halvings {
		occupied = addHalvingMarks(p, bands.Halvings, f)
	}
	p.Legend.Add("median", median)
	p.Legend.Add("25\u201375 % of paths", inner)
	p.Legend.Add("5\u201395 % of paths", outer)
	occupied = append(occupied, f.bandBoxes(qs)...)
	if extra != nil {
		occupied = append(occupied, extra(p, f)...)
	}
	f.setRanges(p, placeLegend(p, occupied, 0, topLeft, bottomLeft, topRight, bottomRight))
	return p, f, nil
}

// resolve returns the divisor and the calendar year of time 0 that spec
// asks for (1 and DefaultStartYear for 0), after checking Scale,
// StartYear, YMin and YMax; name names the series in the errors.
func (spec FanSpec) resolve(name string) (scale, start float64, err error) {
	scale = spec.Scale
	if scale == 0 {
		scale = 1
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return 0, 0, fmt.Errorf("plots: fan %q: scale = %v: must be positive and finite", name, spec.Scale)
	}
	if spec.LogY && spec.YMax > spec.YMin && !(spec.YMin > 0) {
		return 0, 0, fmt.Errorf("plots: fan %q: yMin = %v: must be > 0 on a log scale", name, spec.YMin)
	}
	for _, v := range []struct {
		field string
		v     float64
	}{{"yMin", spec.YMin}, {"yMax", spec.YMax}} {
		if err := finiteErr(fmt.Sprintf("fan %q: %s", name, v.field), v.v); err != nil {
			return 0, 0, err
		}
	}
	start = spec.StartYear
	if start == 0 {
		start = DefaultStartYear
	}
	if !(start >= 1 && start <= 9999) {
		return 0, 0, fmt.Errorf("plots: fan %q: startYear = %v: must be in [1, 9999]", name, spec.StartYear)
	}
	return scale, start, nil
}

// newFanPlot returns the empty fan chart of spec: title, axis labels
// (time 0 as January 1 of start, and how halvings are drawn if marked),
// calendar-year ticks and, if spec.LogY, a log Y axis.
func newFanPlot(spec FanSpec, start float64, halvings bool) *plot.Plot {
	xLabel := fmt.Sprintf("year (time 0 = January 1, %d)", int(start))
	if halvings {
		xLabel = fmt.Sprintf("year (time 0 = January 1, %d); halvings at their median date, 5–95 %% of paths shaded", int(start))
	}
	p := newPlot(spec.Title, xLabel, spec.YLabel)
	p.X.Tick.Marker = yearTicks{}
	if spec.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	return p
}

// fanFrame maps a fan chart's data onto its axes: time point i to the
// calendar year start + times[i], a value v to v/scale on the Y axis, and
// both to the data area's normalized coordinates, where the legend's
// corner is chosen.
type fanFrame struct {
	times        []float64 // years since time 0, increasing
	start, scale float64   // calendar year of time 0; divisor of every value
	logY         bool
	lo, hi       float64 // the Y range before headroom and margins, after scale
}

// newFanFrame returns the frame of the quantiles qs: the Y range from the
// lowest P5 to the highest P95 (holding 0 if spec.ZeroLine), or spec's
// fixed range, opened around a flat band (×1.5 either way on a log scale,
// else ±max(1, 10 % of the value)).
func newFanFrame(times []float64, qs [5][]float64, start, scale float64, spec FanSpec) *fanFrame {
	f := &fanFrame{times: times, start: start, scale: scale, logY: spec.LogY}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range times {
		lo = math.Min(lo, qs[0][i]/scale)
		hi = math.Max(hi, qs[4][i]/scale)
	}
	if spec.ZeroLine {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if spec.YMax > spec.YMin {
		lo, hi = spec.YMin, spec.YMax
	}
	if hi == lo {
		if spec.LogY {
			hi, lo = hi*1.5, lo/1.5
		} else {
			d := math.Max(1, math.Abs(hi)*0.1)
			hi, lo = hi+d, lo-d
		}
	}
	f.lo, f.hi = lo, hi
	return f
}

// x returns the calendar year of time point i.
func (f *fanFrame) x(i int) float64 { return f.start + f.times[i] }

// xNorm returns where calendar year v falls across the X range, 0 at the
// first time point and 1 at the last.
func (f *fanFrame) xNorm(v float64) float64 {
	xLo, xHi := f.x(0), f.x(len(f.times)-1)
	return (v - xLo) / (xHi - xLo)
}

// yNorm returns where the scaled value v falls in [lo, hi], linearly or
// logarithmically.
func (f *fanFrame) yNorm(v float64) float64 {
	if f.logY {
		return math.Log(v/f.lo) / math.Log(f.hi/f.lo)
	}
	return (v - f.lo) / (f.hi - f.lo)
}

// bandBoxes returns the vertical extent of the 5–95 % band at each time
// point, in normalized coordinates.
func (f *fanFrame) bandBoxes(qs [5][]float64) []normBox {
	boxes := make([]normBox, 0, len(f.times))
	for i := range f.times {
		xn := f.xNorm(f.x(i))
		boxes = append(boxes, normBox{x0: xn, x1: xn, y0: f.yNorm(qs[0][i] / f.scale), y1: f.yNorm(qs[4][i] / f.scale)})
	}
	return boxes
}

// setRanges sets p's axes: X over the time points, Y over [lo, hi]
// raised by headroom (the share of the height the legend needs above the
// data) and widened by 2 % of the range on each side (in log terms on a
// log scale).
func (f *fanFrame) setRanges(p *plot.Plot, headroom float64) {
	lo, hi := f.lo, f.hi
	if headroom > 0 {
		if f.logY {
			hi = lo * math.Pow(hi/lo, 1/(1-headroom))
		} else {
			hi = lo + (hi-lo)/(1-headroom)
		}
	}
	p.X.Min, p.X.Max = f.x(0), f.x(len(f.times)-1)
	if f.logY {
		p.Y.Min, p.Y.Max = lo/math.Pow(hi/lo, 0.02), hi*math.Pow(hi/lo, 0.02)
	} else {
		p.Y.Min, p.Y.Max = lo-0.02*(hi-lo), hi+0.02*(hi-lo)
	}
}

// addFan adds the fan to p: the 5–95 % band lighter (18 % opaque), the
// 25–75 % band darker (38 %) and the median as a line, in c, and returns
// the three for the legend.
func addFan(p *plot.Plot, qs [5][]float64, f *fanFrame, c color.RGBA) (median *plotter.Line, inner, outer *plotter.Polygon, err error) {
	if outer, err = bandPolygon(qs[0], qs[4], f.x, f.scale); err != nil {
		return nil, nil, nil, err
	}
	outer.Color = withAlpha(c, 0.18)
	if inner, err = bandPolygon(qs[1], qs[3], f.x, f.scale); err != nil {
		return nil, nil, nil, err
	}
	inner.Color = withAlpha(c, 0.38)
	med := make(plotter.XYs, len(f.times))
	for i := range med {
		med[i] = plotter.XY{X: f.x(i), Y: qs[2][i] / f.scale}
	}
	if median, err = plotter.NewLine(med); err != nil {
		return nil, nil, nil, fmt.Errorf("median: %w", err)
	}
	median.LineStyle = lineStyle(c, lineWidth)
	p.Add(outer, inner, median)
	return median, inner, outer, nil
}

// checkBand checks band against bands and returns its quantiles in the
// order of sim.BandProbs.
func checkBand(bands *sim.Bands, band *sim.Band, logY bool) ([5][]float64, error) {
	qs := [5][]float64{band.P5, band.P25, band.P50, band.P75, band.P95}
	names := [5]string{"P5", "P25", "P50", "P75", "P95"}
	n := len(bands.TimeYears)
	if n < 2 {
		return qs, noData("fan %q: %d time points, need at least 2", band.Name, n)
	}
	if err := checkFinite(fmt.Sprintf("fan %q: time point", band.Name), bands.TimeYears); err != nil {
		return qs, err
	}
	for i := 1; i < n; i++ {
		if !(bands.TimeYears[i] > bands.TimeYears[i-1]) {
			return qs, fmt.Errorf("plots: fan %q: timeYears[%d] = %v after %v: times must increase", band.Name, i, bands.TimeYears[i], bands.TimeYears[i-1])
		}
	}
	for k, q := range qs {
		if len(q) != n {
			return qs, fmt.Errorf("plots: fan %q: %s has %d values for %d time points", band.Name, names[k], len(q), n)
		}
		if err := checkFinite(fmt.Sprintf("fan %q: %s at point", band.Name, names[k]), q); err != nil {
			return qs, err
		}
	}
	for i := range n {
		for k := 1; k < 5; k++ {
			if qs[k][i] < qs[k-1][i] {
				return qs, fmt.Errorf("plots: fan %q: at point %d, %s = %v < %s = %v: quantiles out of order", band.Name, i, names[k], qs[k][i], names[k-1], qs[k-1][i])
			}
		}
		if logY && !(qs[0][i] > 0) {
			return qs, fmt.Errorf("plots: fan %q: P5 at point %d = %v: must be > 0 on a log scale", band.Name, i, qs[0][i])
		}
	}
	for _, h := range bands.Halvings {
		for _, v := range []float64{h.P5Years, h.P50Years, h.P95Years, h.ShareReached} {
			if err := finiteErr(fmt.Sprintf("fan %q: halving %d", band.Name, h.Number), v); err != nil {
				return qs, err
			}
		}
	}
	return qs, nil
}

// bandPolygon returns the polygon between the series lower and upper
// (divided by scale) over the times x(i).
func bandPolygon(lower, upper []float64, x func(int) float64, scale float64) (*plotter.Polygon, error) {
	n := len(lower)
	xys := make(plotter.XYs, 0, 2*n)
	for i := range n {
		xys = append(xys, plotter.XY{X: x(i), Y: upper[i] / scale})
	}
	for i := n - 1; i >= 0; i-- {
		xys = append(xys, plotter.XY{X: x(i), Y: lower[i] / scale})
	}
	poly, err := plotter.NewPolygon(xys)
	if err != nil {
		return nil, err
	}
	poly.LineStyle.Width = 0
	return poly, nil
}
