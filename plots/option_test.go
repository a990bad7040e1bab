package plots

import (
	"errors"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/sim"
)

// optionSummary is a hand-built summary of a real option of two blocks
// over four quarterly dates.
func optionSummary() *sim.OptionSummary {
	pts := []sim.BoundaryPoint{
		{Month: 0, Region: "never", Lo: 2.35, Median: 2.35, Hi: 2.35},
		{Month: 3, Region: "above", Critical: 2.9, Lo: 1.6, Median: 2.2, Hi: 3.1},
		{Month: 6, Region: "mixed", Critical: 2.5, Lo: 1.3, Median: 2.0, Hi: 3.2},
		{Month: 9, Region: "always", Lo: 1.1, Median: 1.9, Hi: 3.2},
	}
	return &sim.OptionSummary{
		Name: "real option", Blocks: 2, BlockMW: 50, DecisionMonths: []float64{0, 3, 6, 9},
		Boundaries: []sim.OptionBoundary{{Series: "gpuRent", Unit: "USD/GPU-hour", Points: pts}},
		Timing: sim.OptionTiming{Paths: 100, ConvertedBy: [][]float64{{0, 0.1, 0.3, 0.5}, {0, 0, 0.2, 0.4}},
			MWBy: []float64{0, 5, 25, 45}, ProbNever: []float64{0.5, 0.6}},
	}
}

// TestOptionPictures draws the boundary, the timing and the MW of a
// hand-built summary, each with its data's colours.
func TestOptionPictures(t *testing.T) {
	o := optionSummary()
	for _, c := range []struct {
		name   string
		draw   func() (*plot.Plot, error)
		colors []color.RGBA
	}{
		{"boundary", func() (*plot.Plot, error) { return OptionBoundary(o, "gpuRent") }, []color.RGBA{okabeIto[0], okabeIto[1], okabeIto[3]}},
		{"timing", func() (*plot.Plot, error) { return OptionTiming(o) }, []color.RGBA{StrategyColor(0), StrategyColor(1)}},
		{"mw", func() (*plot.Plot, error) { return OptionMW(o) }, []color.RGBA{StrategyColor(0)}},
	} {
		p, err := c.draw()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		checkColors(t, c.name, renderPNG(t, p), c.colors)
	}
}

// checkColors fails unless the PNG holds every colour of want.
func checkColors(t *testing.T, name string, png []byte, want []color.RGBA) {
	t.Helper()
	img, err := decodeRGBA(png)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			seen[img.RGBAAt(x, y)] = true
		}
	}
	for _, c := range want {
		if !seen[c] {
			t.Errorf("%s: no pixel of colour %v", name, c)
		}
	}
}

// TestOptionPicturesRefuse: missing data and values that are not finite
// are errors naming them.
func TestOptionPicturesRefuse(t *testing.T) {
	o := optionSummary()
	if _, err := OptionBoundary(o, "hashprice"); !errors.Is(err, plotter.ErrNoData) {
		t.Errorf("boundary along a series not read: %v", err)
	}
	o.Boundaries[0].Points[1].Critical = math.NaN()
	if _, err := OptionBoundary(o, "gpuRent"); !errors.Is(err, plotter.ErrNaN) {
		t.Errorf("NaN boundary: %v", err)
	}
	o.Timing.MWBy[2] = math.Inf(1)
	if _, err := OptionMW(o); !errors.Is(err, plotter.ErrInfinity) {
		t.Errorf("infinite MW: %v", err)
	}
	if _, err := OptionTiming(&sim.OptionSummary{Name: "x"}); !errors.Is(err, plotter.ErrNoData) {
		t.Errorf("empty timing: %v", err)
	}
	if _, err := ExerciseRegion(nil, [2]float64{}); !errors.Is(err, plotter.ErrNoData) {
		t.Errorf("nil region: %v", err)
	}
}

// TestExerciseRegionMap: a grid converting above a GPU rent of 2 is drawn
// in both colours.
func TestExerciseRegionMap(t *testing.T) {
	r := &sim.ExerciseRegion{Month: 12, X: market.SeriesHashprice, Y: market.SeriesGPURent,
		XLevels: []float64{10, 20, 30, 40}, YLevels: []float64{1, 1.5, 2.5, 3}}
	for _, y := range r.YLevels {
		row := make([]float64, len(r.XLevels))
		for i := range row {
			row[i] = y - 2
		}
		r.Gain = append(r.Gain, row)
	}
	p, err := ExerciseRegion(r, [2]float64{20, 1.8})
	if err != nil {
		t.Fatal(err)
	}
	checkColors(t, "region", renderPNG(t, p), []color.RGBA{convertColor, waitColor})
	r.Gain[1][2] = math.NaN()
	if _, err := ExerciseRegion(r, [2]float64{20, 1.8}); !errors.Is(err, plotter.ErrNaN) {
		t.Errorf("NaN gain: %v", err)
	}
}
