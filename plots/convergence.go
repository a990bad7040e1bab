package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// ConvergencePoint is an estimate's state after Paths paths: the mean NPV
// and minus the ES 95 % (both as NPV levels, USD) with their 95 %
// confidence intervals.
type ConvergencePoint struct {
	Paths                  int
	MeanUSD                float64
	MeanLoUSD, MeanHiUSD   float64
	NegES95USD             float64
	NegESLoUSD, NegESHiUSD float64
}

// Convergence draws how a strategy's mean NPV and its −ES 95 % settle as
// paths are added: each a line against the number of paths (log scale),
// over its 95 % confidence band, in M USD, with the legend table above
// the data.
//
// It returns an error wrapping plotter.ErrNoData for fewer than two
// points, and one naming the point if a value is not finite or its Paths
// do not increase.
func Convergence(title string, pts []ConvergencePoint) (*plot.Plot, error) {
	if len(pts) < 2 {
		return nil, noData("convergence: %d points, need at least 2", len(pts))
	}
	for i, q := range pts {
		for _, v := range []float64{q.MeanUSD, q.MeanLoUSD, q.MeanHiUSD, q.NegES95USD, q.NegESLoUSD, q.NegESHiUSD} {
			if err := finiteErr(fmt.Sprintf("convergence point %d", i), v); err != nil {
				return nil, err
			}
		}
		if q.Paths < 1 || (i > 0 && q.Paths <= pts[i-1].Paths) {
			return nil, fmt.Errorf("plots: convergence point %d: paths = %d: must be ≥ 1 and increase", i, q.Paths)
		}
	}
	p := newPlot(title, "paths (log scale)", "M USD")
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{}
	t := newLegendTable()
	for k, sel := range []func(ConvergencePoint) (float64, float64, float64){
		func(q ConvergencePoint) (float64, float64, float64) { return q.MeanUSD, q.MeanLoUSD, q.MeanHiUSD },
		func(q ConvergencePoint) (float64, float64, float64) { return q.NegES95USD, q.NegESLoUSD, q.NegESHiUSD },
	} {
		col := StrategyColor(k)
		var line, band plotter.XYs
		for _, q := range pts {
			v, lo, _ := sel(q)
			line = append(line, plotter.XY{X: float64(q.Paths), Y: v / usdPerM})
			band = append(band, plotter.XY{X: float64(q.Paths), Y: lo / usdPerM})
		}
		for i := len(pts) - 1; i >= 0; i-- {
			_, _, hi := sel(pts[i])
			band = append(band, plotter.XY{X: float64(pts[i].Paths), Y: hi / usdPerM})
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, fmt.Errorf("plots: convergence: %w", err)
		}
		poly.Color = withAlpha(col, 0.22)
		poly.LineStyle.Width = 0
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, fmt.Errorf("plots: convergence: %w", err)
		}
		l.LineStyle = lineStyle(col, lineWidth)
		p.Add(poly, l)
		last := pts[len(pts)-1]
		v, lo, hi := sel(last)
		what := []string{"mean NPV", minus + "ES95 (mean NPV of the worst 5 %)"}[k]
		t.addNote(fmt.Sprintf("%s: %s M USD at %s paths (95 %% interval %s to %s, shaded)", what,
			fmtSig(v/usdPerM), fmtThousands(last.Paths), fmtSig(lo/usdPerM), fmtSig(hi/usdPerM)), l, poly)
	}
	t.install(p)
	p.X.Min, p.X.Max = float64(pts[0].Paths), float64(pts[len(pts)-1].Paths)
	return p, nil
}
