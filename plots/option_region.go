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

// Colours of the exercise-region map.
var (
	convertColor = color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // bluish green
	waitColor    = color.RGBA{R: 0xD3, G: 0xD9, B: 0xDF, A: 0xFF} // light slate
)

// ExerciseRegion draws where a real option converts its first block at one
// decision date, over two series (sim.OptionSummary.ExerciseRegion): each
// cell of the grid is coloured by the sign of the fitted gain of
// converting, the other coordinates at their calibration medians, with
// the medians of the two series marked.
//
// It returns an error wrapping plotter.ErrNoData for an empty grid, and
// one naming the value if a level or gain is not finite.
func ExerciseRegion(r *sim.ExerciseRegion, median [2]float64) (*plot.Plot, error) {
	if r == nil || len(r.XLevels) < 2 || len(r.YLevels) < 2 || len(r.Gain) != len(r.YLevels) {
		return nil, noData("exercise region: no grid")
	}
	if err := checkFinite("x level", r.XLevels); err != nil {
		return nil, err
	}
	if err := checkFinite("y level", r.YLevels); err != nil {
		return nil, err
	}
	for j, row := range r.Gain {
		if len(row) != len(r.XLevels) {
			return nil, fmt.Errorf("plots: exercise region: row %d has %d cells, want %d", j, len(row), len(r.XLevels))
		}
		if err := checkFinite(fmt.Sprintf("gain of row %d, column", j), row); err != nil {
			return nil, err
		}
	}
	p := newPlot(fmt.Sprintf("Where converting the first block pays at month %g (other coordinates at their medians)", r.Month),
		fmt.Sprintf("%s, %s", r.X.Name(), r.X.Unit()), fmt.Sprintf("%s, %s", r.Y.Name(), r.Y.Unit()))
	h := plotter.NewHeatMap(regionGrid{r}, twoColours{})
	h.Min, h.Max = 0, 1
	p.Add(h)
	for _, e := range []struct {
		label string
		c     color.Color
	}{{"convert", convertColor}, {"wait", waitColor}} {
		p.Legend.Add(e.label, boxSwatch{e.c})
	}
	m, err := plotter.NewScatter(plotter.XYs{{X: median[0], Y: median[1]}})
	if err != nil {
		return nil, err
	}
	m.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
	p.Add(m)
	p.Legend.Add("medians at that date", m)
	return p, nil
}

// boxSwatch is a legend thumbnail filled with one colour and outlined, so
// that it shows on a ground of its own colour.
type boxSwatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s boxSwatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(s.c, pts)
	c.StrokeLines(lineStyle(color.Black, 0.6), append(pts, r.Min))
}

// regionGrid is an ExerciseRegion as a heat map's grid: 1 where the gain
// is > 0, 0 elsewhere.
type regionGrid struct{ r *sim.ExerciseRegion }

func (g regionGrid) Dims() (c, r int) { return len(g.r.XLevels), len(g.r.YLevels) }
func (g regionGrid) X(c int) float64  { return g.r.XLevels[c] }
func (g regionGrid) Y(r int) float64  { return g.r.YLevels[r] }
func (g regionGrid) Z(c, r int) float64 {
	if g.r.Gain[r][c] > 0 {
		return 1
	}
	return 0
}

// twoColours is the map's palette: wait (0), convert (1).
type twoColours struct{}

func (twoColours) Colors() []color.Color { return []color.Color{waitColor, convertColor} }
