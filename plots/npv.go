package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pivotrisk/pivotrisk/sim"
)

// kdePoints is the number of grid points a density is drawn with.
const kdePoints = 600

// tailStats are a strategy's figures quoted in the NPV pictures, USD.
type tailStats struct {
	mean, var95, es95, probLoss float64
}

func tailOf(sorted []float64) (tailStats, error) {
	var t tailStats
	var err error
	if t.var95, err = sim.SortedVaR(sorted, 0.95); err != nil {
		return t, err
	}
	if t.es95, err = sim.SortedES(sorted, 0.95); err != nil {
		return t, err
	}
	var neg int
	for _, x := range sorted {
		t.mean += x
		if x < 0 {
			neg++
		}
	}
	t.mean /= float64(len(sorted))
	t.probLoss = float64(neg) / float64(len(sorted))
	if err := finiteErr("mean NPV", t.mean); err != nil {
		return t, err
	}
	return t, nil
}

// NPVDistribution draws each strategy's NPV distribution in res as a
// Gaussian kernel density (a line in the strategy's colour, so several
// strategies stay readable on shared axes), with its 95 % value-at-risk
// marked by a dashed vertical line at NPV = −VaR95 (the 5 % quantile) and
// its 95 % expected shortfall by a dotted one at NPV = −ES95 (the mean of
// the worst 5 % of paths), both in the strategy's colour, and a grey line
// at NPV = 0. The legend quotes each strategy's mean, VaR95 and ES95 in
// M USD; VaR and ES are computed from the samples as in package sim
// (type-1 quantile; positive = loss).
//
// The X axis is the NPV in M USD (negative = loss), the Y axis the density
// per M USD. Each density uses Silverman's rule-of-thumb bandwidth (see
// silverman), floored at 1/300 of the X window's width so that a constant
// or nearly constant sample still draws as a narrow peak.
//
// The X axis spans a robust window rather than the whole sample, so that a
// few extreme paths do not squeeze the body of the distributions: from the
// smallest 0.1 % quantile to the largest 99.9 % quantile over the
// strategies, widened to hold every VaR95 and ES95 marker and 0 (see
// npvWindow). A side is cut only where some sample lies more than a quarter
// of the window's width beyond it; then the X axis label says how many
// values lie beyond the axis and how far they reach. The densities are
// still those of all the samples: a cut tail is left out of the picture,
// not of the estimate, so the area under a curve is the share of its
// paths inside the window.
//
// It needs the per-path samples res.NPV (a Result from sim.Run has them; one
// read from JSON only if written with them) and returns an error wrapping
// plotter.ErrNoData if res is nil or has no strategies or samples, and one
// wrapping plotter.ErrNaN or plotter.ErrInfinity naming the strategy and
// sample index of the first value that is not finite.
func NPVDistribution(res *sim.Result) (*plot.Plot, error) {
	names, npv, err := strategySamples(res)
	if err != nil {
		return nil, err
	}
	w, err := npvWindow(names, npv)
	if err != nil {
		return nil, err
	}
	p := newPlot(npvTitle("NPV distribution by strategy", res), w.axisLabel(), "probability density, per M USD")
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(gray, 1)})
	yMax := 0.0
	var lines []*plotter.Line
	for j, xys := range w.densities() {
		for _, q := range xys {
			yMax = math.Max(yMax, q.Y)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: density: %w", names[j], err)
		}
		l.LineStyle = lineStyle(StrategyColor(j), lineWidth)
		lines = append(lines, l)
	}
	for j, st := range w.stats {
		c := StrategyColor(j)
		p.Add(&refLine{Vertical: true, Value: -st.var95 / usdPerM, Line: lineStyle(c, refWidth+0.4, dashed...)})
		p.Add(&refLine{Vertical: true, Value: -st.es95 / usdPerM, Line: lineStyle(c, refWidth+0.8, dotted...)})
	}
	for _, l := range lines {
		p.Add(l)
	}
	for j, st := range w.stats {
		p.Legend.Add(fmt.Sprintf("%s: mean %s, VaR95 %s, ES95 %s M USD", names[j],
			fmtSig(st.mean/usdPerM), fmtSig(st.var95/usdPerM), fmtSig(st.es95/usdPerM)), lines[j])
	}
	p.Legend.Add("dashed: NPV = "+minus+"VaR95, the 5 % quantile", &refLine{Line: lineStyle(gray, refWidth+0.4, dashed...)})
	p.Legend.Add("dotted: NPV = "+minus+"ES95, mean of the worst 5 %", &refLine{Line: lineStyle(gray, refWidth+0.8, dotted...)})
	// The legend goes in a top corner free of curves and marker lines, or
	// top right above the curves.
	xLo, xHi := w.lo/usdPerM, w.hi/usdPerM
	xn := func(x float64) float64 { return (x - xLo) / (xHi - xLo) }
	top := 1.04 * yMax
	occupied := []normBox{{x0: xn(0), x1: xn(0), y0: 0, y1: 1}}
	for j, st := range w.stats {
		for _, x := range []float64{-st.var95 / usdPerM, -st.es95 / usdPerM} {
			occupied = append(occupied, normBox{x0: xn(x), x1: xn(x), y0: 0, y1: 1})
		}
		for _, q := range lines[j].XYs {
			occupied = append(occupied, normBox{x0: xn(q.X), x1: xn(q.X), y0: 0, y1: q.Y / top})
		}
	}
	p.Y.Min, p.Y.Max = 0, top
	if headroom := placeLegend(p, occupied, 0, topRight, topLeft); headroom > 0 {
		p.Y.Max = top / (1 - headroom)
	}
	p.X.Min, p.X.Max = xLo, xHi
	return p, nil
}

// densities returns each strategy's kernel density over the window, at
// kdePoints evenly spaced points from lo to hi, in M USD and per M USD. The
// grid is extended by 5 bandwidths beyond the window on the same lattice,
// so that the samples just beyond it still count where it is drawn: the
// estimate is that of all the samples.
func (w *window) densities() []plotter.XYs {
	delta := (w.hi - w.lo) / (kdePoints - 1)
	ext := int(math.Ceil(5 * w.hMax / delta))
	g := kdePoints + 2*ext
	gLo, gHi := w.lo-float64(ext)*delta, w.hi+float64(ext)*delta
	out := make([]plotter.XYs, len(w.sorted))
	for j, s := range w.sorted {
		dens := kde(s, w.h[j], gLo, gHi, g)
		xys := make(plotter.XYs, kdePoints)
		for k := range xys {
			xys[k].X = (gLo + float64(ext+k)*(gHi-gLo)/float64(g-1)) / usdPerM
			xys[k].Y = dens[ext+k] * usdPerM
		}
		out[j] = xys
	}
	return out
}

// Quantiles bounding the X window of the NPV pictures, and how far beyond
// them a tail must reach before it is cut, as a share of the window's
// width.
const (
	windowLowP  = 0.001
	windowHighP = 0.999
	cutReach    = 0.25
)

// window is the X range of the NPV pictures and what lies beyond it.
type window struct {
	lo, hi       float64 // the X range, USD
	sorted       [][]float64
	stats        []tailStats
	h            []float64 // each strategy's bandwidth, USD
	hMax         float64
	below, above int     // samples of all strategies below lo and above hi
	min, max     float64 // the smallest and largest sample, USD
	total        int     // samples of all strategies
}

// npvWindow sorts the strategies' samples, computes their tail figures and
// bandwidths, and chooses the X window of the NPV pictures: the core
// [min_j q_0.001, max_j q_0.999] over strategies j (type-1 quantiles, as in
// package sim), widened to hold 0 and every −VaR95 and −ES95. On each side
// the window reaches 4 bandwidths beyond the extreme sample (or 3 % of the
// core's width beyond the core, if further), as a full picture would,
// unless that sample lies more than cutReach of the core's width beyond
// the core: then the side is cut 3 % of that width beyond the core, and
// the samples beyond it are counted for the axis label.
func npvWindow(names []string, npv [][]float64) (*window, error) {
	w := &window{
		sorted: make([][]float64, len(npv)),
		stats:  make([]tailStats, len(npv)),
		h:      make([]float64, len(npv)),
		min:    math.Inf(1),
		max:    math.Inf(-1),
	}
	lo, hi := 0.0, 0.0 // the core, with 0 in it
	for j, xs := range npv {
		s := sortedCopy(xs)
		w.sorted[j] = s
		st, err := tailOf(s)
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: %w", names[j], err)
		}
		w.stats[j] = st
		lo = math.Min(lo, math.Min(sim.Quantile(s, windowLowP), math.Min(-st.var95, -st.es95)))
		hi = math.Max(hi, math.Max(sim.Quantile(s, windowHighP), math.Max(-st.var95, -st.es95)))
		w.min, w.max = math.Min(w.min, s[0]), math.Max(w.max, s[len(s)-1])
		w.total += len(s)
	}
	span := hi - lo
	if span == 0 { // every sample is 0
		span = usdPerM
	}
	for j, s := range w.sorted {
		w.h[j] = math.Max(silverman(s), span/300)
		w.hMax = math.Max(w.hMax, w.h[j])
	}
	w.lo = math.Min(w.min-4*w.hMax, lo-0.03*span)
	if w.min < lo-cutReach*span {
		w.lo = lo - 0.03*span
	}
	w.hi = math.Max(w.max+4*w.hMax, hi+0.03*span)
	if w.max > hi+cutReach*span {
		w.hi = hi + 0.03*span
	}
	for _, s := range w.sorted {
		w.below += sort.SearchFloat64s(s, w.lo)
		w.above += len(s) - sort.Search(len(s), func(i int) bool { return s[i] > w.hi })
	}
	return w, nil
}

// axisLabel returns the X axis label of the NPV pictures: the unit, and on
// a second line, if the window cuts a tail, how many samples (of all
// strategies) lie beyond it and how far they reach.
func (w *window) axisLabel() string {
	const unit = "NPV, M USD (negative = loss)"
	var parts []string
	if w.below > 0 {
		parts = append(parts, fmt.Sprintf("%s down to %s", fmtThousands(w.below), fmtSig(w.min/usdPerM)))
	}
	if w.above > 0 {
		parts = append(parts, fmt.Sprintf("%s up to %s", fmtThousands(w.above), fmtSig(w.max/usdPerM)))
	}
	var where string
	switch {
	case w.below > 0 && w.above > 0:
		where = "near the 0.1 and 99.9 % quantiles"
	case w.below > 0:
		where = "near the 0.1 % quantile"
	case w.above > 0:
		where = "near the 99.9 % quantile"
	default:
		return unit
	}
	return fmt.Sprintf("%s\naxis cut %s; not drawn: %s (of %s values)", unit, where, strings.Join(parts, ", "), fmtThousands(w.total))
}

// NPVCDF draws each strategy's empirical NPV distribution function
// P(NPV ≤ x) in res as a step line in the strategy's colour on shared axes
// — the picture a risk committee reads the tail from — with the 5 % level
// marked by a dashed grey line, each strategy's 5 % quantile (NPV =
// −VaR95) marked by a dot on its curve, and a grey line at NPV = 0, where
// each curve reads the probability of a loss. The legend quotes each
// strategy's 5 % quantile and probability of loss.
//
// The X axis is the NPV in M USD (negative = loss), the Y axis the
// probability in percent. Samples of more than 4,000 paths are drawn
// through 4,000 evenly spaced order statistics (including the smallest and
// largest), which moves no step by more than 1/4,000 in probability.
//
// The X axis spans the same window as NPVDistribution's, so that the two
// pictures read side by side, with the same note in its label when a tail
// is cut: beyond the window every curve is within 0.1 % of 0 or of 100 %,
// which no reader can tell from the axis, while the full range would
// squeeze the part where the curves differ. The curves run off the edges
// of the window; the probabilities are those of all the samples.
//
// Errors are those of NPVDistribution.
func NPVCDF(res *sim.Result) (*plot.Plot, error) {
	names, npv, err := strategySamples(res)
	if err != nil {
		return nil, err
	}
	w, err := npvWindow(names, npv)
	if err != nil {
		return nil, err
	}
	p := newPlot(npvTitle("NPV cumulative distribution by strategy", res), w.axisLabel(), "probability that NPV \u2264 x, %")
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(gray, 1)})
	p.Add(&refLine{Value: 5, Line: lineStyle(gray, refWidth, dashed...), Label: "5 %", Text: textStyle(noteSize, gray), AlignLeft: true})
	var curves []*plotter.Line
	for j, s := range w.sorted {
		st := w.stats[j]
		// The curve runs from 0 % at the left edge to 100 % at the right.
		pts := cdfPoints(s)
		pts = append(plotter.XYs{{X: math.Min(w.lo, s[0]) / usdPerM, Y: 0}}, pts...)
		pts = append(pts, plotter.XY{X: math.Max(w.hi, s[len(s)-1]) / usdPerM, Y: 100})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: CDF: %w", names[j], err)
		}
		l.LineStyle = lineStyle(StrategyColor(j), lineWidth)
		l.StepStyle = plotter.PostStep
		p.Add(l)
		curves = append(curves, l)
		q := -st.var95 / usdPerM
		sc, err := plotter.NewScatter(plotter.XYs{{X: q, Y: 5}})
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: 5 %% quantile: %w", names[j], err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: StrategyColor(j), Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("%s: 5 %% quantile %s M USD, P(NPV < 0) %s %%", names[j],
			fmtSig(q), fmtFixed(100*st.probLoss, 1)), l, sc)
	}
	// The legend goes bottom right, where the curves have reached 100 %,
	// lifted above the 5 % line and its label (25 + 14 points up at
	// DefaultHeight), or top left, where they have not left 0 %.
	lo, hi := w.lo/usdPerM, w.hi/usdPerM
	xn := func(x float64) float64 { return (x - lo) / (hi - lo) }
	occupied := []normBox{{x0: xn(0), x1: xn(0), y0: 0, y1: 1}}
	for _, l := range curves {
		for k, q := range l.XYs {
			// The step from this point runs right to the next one.
			next := q.X
			if k+1 < len(l.XYs) {
				next = l.XYs[k+1].X
			}
			occupied = append(occupied, normBox{x0: xn(q.X), x1: xn(next), y0: q.Y / 100, y1: q.Y / 100})
		}
	}
	placeLegend(p, occupied, vg.Points(48), bottomRight, topLeft)
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 100
	return p, nil
}

// cdfPoints returns the points of the empirical distribution function of
// sorted (ascending) for a post-step line, in M USD and percent: (x_(i),
// 100·i/n) for i = 1..n, preceded by (x_(1), 0), or by up to 4,000 evenly
// spaced order statistics when n is larger.
func cdfPoints(sorted []float64) plotter.XYs {
	n := len(sorted)
	const most = 4000
	m := min(n, most)
	xys := make(plotter.XYs, 0, m+1)
	xys = append(xys, plotter.XY{X: sorted[0] / usdPerM, Y: 0})
	for k := 1; k <= m; k++ {
		i := k // rank 1..n
		if n > most {
			i = int(math.Round(float64(k) * float64(n) / float64(m)))
		}
		xys = append(xys, plotter.XY{X: sorted[i-1] / usdPerM, Y: 100 * float64(i) / float64(n)})
	}
	return xys
}

// npvTitle returns title followed by the scenario name and path count of
// res, when known.
func npvTitle(title string, res *sim.Result) string {
	n := len(res.NPV[0])
	if res.Scenario != nil && res.Scenario.Name != "" {
		return fmt.Sprintf("%s \u2014 scenario %q, %s paths", title, res.Scenario.Name, fmtThousands(n))
	}
	return fmt.Sprintf("%s \u2014 %s paths", title, fmtThousands(n))
}
