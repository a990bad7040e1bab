package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// scatterMost is the most points DriverScatter draws of the paths outside
// the tail (every k-th path, in order); the tail's are all drawn.
const scatterMost = 1500

// DriverScatter draws a strategy's NPV (Y, M USD) against a driver (X, in
// its unit) path by path: the paths of the strategy's worst 5 % (tail[i]
// true) in vermillion, the others in translucent grey, so that where the
// losses sit along the driver shows. Beyond scatterMost, the other paths
// are thinned to every k-th, in path order; all tail paths are drawn. The
// note under the X axis gives the rank correlation rho.
//
// It returns an error wrapping plotter.ErrNoData if there are no points,
// one if the lengths differ, and one naming the first value that is not
// finite.
func DriverScatter(title, xLabel string, driver, npvUSD []float64, tail []bool, rho float64) (*plot.Plot, error) {
	if len(driver) == 0 {
		return nil, noData("scatter: no points")
	}
	if len(npvUSD) != len(driver) || len(tail) != len(driver) {
		return nil, fmt.Errorf("plots: scatter: %d driver values, %d NPVs and %d tail flags: want as many of each", len(driver), len(npvUSD), len(tail))
	}
	if err := checkFinite("scatter: driver value", driver); err != nil {
		return nil, err
	}
	if err := checkFinite("scatter: NPV", npvUSD); err != nil {
		return nil, err
	}
	rest := len(driver)
	for _, t := range tail {
		if t {
			rest--
		}
	}
	step := max(1, (rest+scatterMost-1)/scatterMost)
	var body, worst plotter.XYs
	k := 0
	for i, x := range driver {
		pt := plotter.XY{X: x, Y: npvUSD[i] / usdPerM}
		if tail[i] {
			worst = append(worst, pt)
			continue
		}
		if k%step == 0 {
			body = append(body, pt)
		}
		k++
	}
	p := newPlot(title, xLabel+fmt.Sprintf("\nSpearman rank correlation %s", fmtFixed(rho, 2)), "NPV, M USD")
	p.Add(&refLine{Value: 0, Line: lineStyle(gray, 1)})
	t := newLegendTable()
	if len(body) > 0 {
		sc, err := plotter.NewScatter(body)
		if err != nil {
			return nil, fmt.Errorf("plots: scatter: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: color.NRGBA{R: 0x50, G: 0x50, B: 0x50, A: 0x60}, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		note := "other paths"
		if step > 1 {
			note += fmt.Sprintf(" (every %s)", ordinal(step))
		}
		t.addNote(note, sc)
	}
	if len(worst) > 0 {
		sc, err := plotter.NewScatter(worst)
		if err != nil {
			return nil, fmt.Errorf("plots: scatter: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: rankDown, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		t.addNote(fmt.Sprintf("the worst 5 %% of paths by NPV (%s)", fmtThousands(len(worst))), sc)
	}
	t.install(p)
	return p, nil
}

// ordinal writes k as "2nd", "3rd", "10th".
func ordinal(k int) string {
	suffix := "th"
	switch {
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		suffix = "st"
	case k%10 == 2:
		suffix = "nd"
	case k%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", k, suffix)
}
