package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestDegenerateData checks that data with no spread — a constant NPV, a
// single strategy or path, a flat band, one frontier point, a tornado
// input that moves nothing — still draws (with finite axis ranges) rather
// than failing or dividing by zero.
func TestDegenerateData(t *testing.T) {
	constant := &sim.Result{
		Strategies: []sim.Summary{{Name: "flat"}},
		NPV:        [][]float64{{5e6, 5e6, 5e6, 5e6}},
	}
	onePath := &sim.Result{
		Strategies: []sim.Summary{{Name: "one"}, {Name: "zero"}},
		NPV:        [][]float64{{-3e6}, {0}},
	}
	flat := fixtureBands()
	for _, q := range [][]float64{flat.Of(market.SeriesGPURent).P5, flat.Of(market.SeriesGPURent).P25, flat.Of(market.SeriesGPURent).P50, flat.Of(market.SeriesGPURent).P75, flat.Of(market.SeriesGPURent).P95} {
		for i := range q {
			q[i] = 2
		}
	}
	cases := map[string]func() (*plot.Plot, error){
		"constant NPV density": func() (*plot.Plot, error) { return NPVDistribution(constant) },
		"constant NPV CDF":     func() (*plot.Plot, error) { return NPVCDF(constant) },
		"one path density":     func() (*plot.Plot, error) { return NPVDistribution(onePath) },
		"one path CDF":         func() (*plot.Plot, error) { return NPVCDF(onePath) },
		"flat band":            func() (*plot.Plot, error) { return FanChart(flat, flat.Of(market.SeriesGPURent), FanSpec{}) },
		"flat band, log":       func() (*plot.Plot, error) { return FanChart(flat, flat.Of(market.SeriesGPURent), FanSpec{LogY: true}) },
		"one frontier point": func() (*plot.Plot, error) {
			return Frontier([]FrontierPoint{{Label: "only", MeanNPVUSD: 1e6, ES95USD: 2e6}})
		},
		"tornado of no moves": func() (*plot.Plot, error) {
			return Tornado("t", 0, []TornadoBar{{Input: "x", LowValueUSD: 0, HighValueUSD: 0}})
		},
	}
	for name, f := range cases {
		p, err := f()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, a := range []struct {
			axis     string
			min, max float64
		}{{"X", p.X.Min, p.X.Max}, {"Y", p.Y.Min, p.Y.Max}} {
			if math.IsNaN(a.min) || math.IsNaN(a.max) || math.IsInf(a.min, 0) || math.IsInf(a.max, 0) || !(a.max > a.min) {
				t.Errorf("%s: %s range [%v, %v]", name, a.axis, a.min, a.max)
			}
		}
		renderPNG(t, p)
	}
}
