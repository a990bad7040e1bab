package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RankBar is one driver's rank correlation with an output (Spearman's ρ,
// in [−1, 1]), a bar of a RankTornado.
type RankBar struct {
	// Driver names the driver; it labels the bar's row.
	Driver string
	// Rho is the rank correlation.
	Rho float64
}

// Rank tornado colours: a driver that raises the output in blue, one that
// lowers it in vermillion (Okabe–Ito).
var (
	rankUp   = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	rankDown = color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
)

// RankTornado draws the rank correlations of drivers with an output, the
// regression-style tornado of @RISK and ModelRisk beside the one-at-a-time
// Tornado: a row per driver, largest |ρ| at the top, a bar from 0 to ρ
// (blue when the output rises with the driver, vermillion when it falls)
// labelled with ρ, on an X axis from −1 to 1. A |ρ| below 2/√paths (paths
// > 0), about two standard errors of ρ when there is no relation, is
// drawn grey: not told apart from 0. Rows with a name longer than the
// picture holds are abbreviated.
//
// It returns an error wrapping plotter.ErrNoData if bars is empty, and one
// naming the bar if a Rho is not finite or outside [−1, 1].
func RankTornado(title string, paths int, bars []RankBar) (*plot.Plot, error) {
	if len(bars) == 0 {
		return nil, noData("rank tornado: no bars")
	}
	for i, b := range bars {
		if err := finiteErr(fmt.Sprintf("rank tornado bar %d (%q)", i, b.Driver), b.Rho); err != nil {
			return nil, err
		}
		if b.Rho < -1 || b.Rho > 1 {
			return nil, fmt.Errorf("plots: rank tornado bar %d (%q): rho = %v: must be in [-1, 1]", i, b.Driver, b.Rho)
		}
	}
	rows := slices.Clone(bars)
	slices.SortStableFunc(rows, func(a, b RankBar) int {
		switch {
		case math.Abs(a.Rho) > math.Abs(b.Rho):
			return 1
		case math.Abs(a.Rho) < math.Abs(b.Rho):
			return -1
		}
		return 0
	})
	// Sorted by increasing |ρ|: row 0, at the bottom, is the smallest.
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = shortLabel(r.Driver, 60)
	}
	noise := 0.0
	if paths > 0 {
		noise = 2 / math.Sqrt(float64(paths))
	}
	p := newPlot(title, fmt.Sprintf("Spearman rank correlation with the NPV (grey: |\u03c1| < %s, not told apart from 0)", fmtSig(noise)), "")
	p.NominalY(names...)
	p.Y.Tick.Label.Font = p.X.Tick.Label.Font
	p.X.Min, p.X.Max = -1, 1
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	p.Add(&refLine{Vertical: true, Value: 0, Line: lineStyle(color.Black, 1)})
	p.Add(&rankBars{rows: rows, noise: noise, text: textStyle(noteSize, color.Black)})
	return p, nil
}

// rankBars draws the bars of a RankTornado, row i at Y = i.
type rankBars struct {
	rows  []RankBar
	noise float64
	text  text.Style
}

// Plot implements plot.Plotter.
func (r *rankBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for i, b := range r.rows {
		fill := rankUp
		if b.Rho < 0 {
			fill = rankDown
		}
		if math.Abs(b.Rho) < r.noise {
			fill = color.RGBA{R: 0xA0, G: 0xA0, B: 0xA0, A: 0xFF}
		}
		x0, x1 := tx(0), tx(b.Rho)
		y0, y1 := ty(float64(i)-0.32), ty(float64(i)+0.32)
		c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		sty := r.text
		sty.YAlign = draw.YCenter
		at := vg.Point{X: x1 + vg.Points(5), Y: ty(float64(i))}
		sty.XAlign = draw.XLeft
		if b.Rho < 0 {
			sty.XAlign = draw.XRight
			at.X = x1 - vg.Points(5)
		}
		c.FillText(sty, at, fmtFixed(b.Rho, 2))
	}
}

// shortLabel returns s, or its first n−1 runes and "…" if it is longer
// than n runes, with control characters as spaces.
func shortLabel(s string, n int) string {
	r := []rune(printable(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "\u2026"
}
