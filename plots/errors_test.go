package plots

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestErrors checks that every picture refuses bad data with an error
// naming the problem (and wrapping gonum/plot's sentinel where one fits)
// instead of drawing a blank or misleading picture.
func TestErrors(t *testing.T) {
	mod := func(f func(r *sim.Result)) *sim.Result {
		r := fixtureResult(t)
		f(r)
		return r
	}
	npvFuncs := map[string]func(*sim.Result) (*plot.Plot, error){"NPVDistribution": NPVDistribution, "NPVCDF": NPVCDF}
	fanFuncs := map[string]func(*sim.Result) (*plot.Plot, error){
		"BTCPriceFan": BTCPriceFan, "HashpriceFan": HashpriceFan, "GPURentFan": GPURentFan,
		"CashFan": func(r *sim.Result) (*plot.Plot, error) { return CashFan(r, "pure mining") },
		"CashFans": func(r *sim.Result) (*plot.Plot, error) {
			ps, err := CashFans(r)
			if err != nil {
				return nil, err
			}
			return ps[0], nil
		},
	}
	type tc struct {
		name string
		call func() (*plot.Plot, error)
		want string // substring of the message
		is   error  // sentinel it wraps, if any
	}
	var cases []tc
	for fn, f := range npvFuncs {
		for _, c := range []struct {
			name string
			res  *sim.Result
			want string
			is   error
		}{
			{"nil result", nil, "nil result", plotter.ErrNoData},
			{"empty result", &sim.Result{}, "no strategies", plotter.ErrNoData},
			{"no samples", mod(func(r *sim.Result) { r.NPV = nil }), "no NPV samples", plotter.ErrNoData},
			{"empty sample", mod(func(r *sim.Result) { r.NPV[1] = nil }), `strategy "hybrid 50% colocation": no NPV samples`, plotter.ErrNoData},
			{"samples of fewer strategies", mod(func(r *sim.Result) { r.NPV = r.NPV[:2] }), "3 strategies but NPV samples of 2", nil},
			{"NaN sample", mod(func(r *sim.Result) { r.NPV[2][17] = math.NaN() }), `strategy "full AI colocation": NPV sample 17 is NaN`, plotter.ErrNaN},
			{"+Inf sample", mod(func(r *sim.Result) { r.NPV[0][3] = math.Inf(1) }), `strategy "pure mining": NPV sample 3 is +Inf`, plotter.ErrInfinity},
			{"-Inf sample", mod(func(r *sim.Result) { r.NPV[0][999] = math.Inf(-1) }), "NPV sample 999 is -Inf", plotter.ErrInfinity},
		} {
			cases = append(cases, tc{fn + "/" + c.name, func() (*plot.Plot, error) { return f(c.res) }, c.want, c.is})
		}
	}
	for fn, f := range fanFuncs {
		for _, c := range []struct {
			name string
			res  *sim.Result
			want string
			is   error
		}{
			{"nil result", nil, "nil result", plotter.ErrNoData},
			{"no bands", mod(func(r *sim.Result) { r.Bands = nil }), "no bands", plotter.ErrNoData},
			{"one time point", mod(func(r *sim.Result) { r.Bands.TimeYears = r.Bands.TimeYears[:1] }), "1 time points, need at least 2", plotter.ErrNoData},
			{"NaN time", mod(func(r *sim.Result) { r.Bands.TimeYears[4] = math.NaN() }), "time point 4 is NaN", plotter.ErrNaN},
			{"times not increasing", mod(func(r *sim.Result) { r.Bands.TimeYears[4] = r.Bands.TimeYears[3] }), "timeYears[4]", nil},
			{"NaN halving", mod(func(r *sim.Result) { r.Bands.Halvings[1].P50Years = math.NaN() }), "halving 2 is NaN", plotter.ErrNaN},
		} {
			cases = append(cases, tc{fn + "/" + c.name, func() (*plot.Plot, error) { return f(c.res) }, c.want, c.is})
		}
	}
	for _, c := range []tc{
		{"BTCPriceFan/series not kept", func() (*plot.Plot, error) {
			return BTCPriceFan(mod(func(r *sim.Result) { r.Bands.Series = r.Bands.Series[1:] }))
		}, "no band to draw", plotter.ErrNoData},
		{"BTCPriceFan/NaN median", func() (*plot.Plot, error) {
			return BTCPriceFan(mod(func(r *sim.Result) { r.Bands.Of(market.SeriesBTCPrice).P50[7] = math.NaN() }))
		}, `fan "btcPrice": P50 at point 7 is NaN`, plotter.ErrNaN},
		{"HashpriceFan/+Inf P95", func() (*plot.Plot, error) {
			return HashpriceFan(mod(func(r *sim.Result) { r.Bands.Of(market.SeriesHashprice).P95[9] = math.Inf(1) }))
		}, `fan "hashprice": P95 at point 9 is +Inf`, plotter.ErrInfinity},
		{"GPURentFan/quantiles out of order", func() (*plot.Plot, error) {
			return GPURentFan(mod(func(r *sim.Result) { r.Bands.Of(market.SeriesGPURent).P25[5] = 100 }))
		}, "at point 5, P50", nil},
		{"GPURentFan/short series", func() (*plot.Plot, error) {
			return GPURentFan(mod(func(r *sim.Result) { b := r.Bands.Of(market.SeriesGPURent); b.P75 = b.P75[:10] }))
		}, "P75 has 10 values for 121 time points", nil},
		{"BTCPriceFan/zero price on a log scale", func() (*plot.Plot, error) {
			return BTCPriceFan(mod(func(r *sim.Result) { r.Bands.Of(market.SeriesBTCPrice).P5[3] = 0 }))
		}, "must be > 0 on a log scale", nil},
		{"CashFans/no cash bands", func() (*plot.Plot, error) {
			_, err := CashFans(mod(func(r *sim.Result) { r.Bands.CumulativeCashUSD = nil }))
			return nil, err
		}, "no cumulative cash bands", plotter.ErrNoData},
		{"CashFans/NaN in the last strategy", func() (*plot.Plot, error) {
			_, err := CashFans(mod(func(r *sim.Result) { r.Bands.CumulativeCashUSD[2].P50[60] = math.NaN() }))
			return nil, err
		}, `fan "full AI colocation": P50 at point 60 is NaN`, plotter.ErrNaN},
		{"CashFan/unknown strategy", func() (*plot.Plot, error) {
			return CashFan(fixtureResult(t), "moon mining")
		}, `no cumulative cash band of a strategy called "moon mining"`, nil},
		{"FanChart/nil bands", func() (*plot.Plot, error) {
			return FanChart(nil, &sim.Band{}, FanSpec{})
		}, "no bands", plotter.ErrNoData},
		{"FanChart/bad start year", func() (*plot.Plot, error) {
			b := fixtureBands()
			return FanChart(b, b.Of(market.SeriesBTCPrice), FanSpec{StartYear: -3})
		}, "startYear = -3", nil},
		{"FanChart/negative scale", func() (*plot.Plot, error) {
			b := fixtureBands()
			return FanChart(b, b.Of(market.SeriesBTCPrice), FanSpec{Scale: -1})
		}, "scale = -1", nil},
		{"FanChart/log scale with a non-positive fixed range", func() (*plot.Plot, error) {
			b := fixtureBands()
			return FanChart(b, b.Of(market.SeriesBTCPrice), FanSpec{LogY: true, YMin: -1, YMax: 10})
		}, "yMin = -1", nil},

		{"Frontier/no points", func() (*plot.Plot, error) { return Frontier(nil) }, "frontier: no points", plotter.ErrNoData},
		{"Frontier/NaN mean", func() (*plot.Plot, error) {
			pts := fixtureFrontier()
			pts[4].MeanNPVUSD = math.NaN()
			return Frontier(pts)
		}, `frontier point 4 ("40 %"): meanNPVUSD is NaN`, plotter.ErrNaN},
		{"Frontier/infinite ES", func() (*plot.Plot, error) {
			pts := fixtureFrontier()
			pts[0].ES95USD = math.Inf(-1)
			return Frontier(pts)
		}, `frontier point 0 ("pure mining"): es95USD is -Inf`, plotter.ErrInfinity},
		{"Frontier/NaN interval", func() (*plot.Plot, error) {
			pts := fixtureFrontier()
			pts[10].ES95CI95USD[1] = math.NaN()
			return Frontier(pts)
		}, "es95CI95USD[1] is NaN", plotter.ErrNaN},
		{"Frontier/inverted interval", func() (*plot.Plot, error) {
			pts := fixtureFrontier()
			pts[2].MeanCI95USD = [2]float64{5, 1}
			return Frontier(pts)
		}, "meanCI95USD = [5, 1]: low end above high end", nil},

		{"Tornado/no bars", func() (*plot.Plot, error) { return Tornado("t", 0, nil) }, "tornado: no bars", plotter.ErrNoData},
		{"Tornado/NaN base", func() (*plot.Plot, error) {
			_, bars := fixtureTornado()
			return Tornado("t", math.NaN(), bars)
		}, "tornado: base is NaN", plotter.ErrNaN},
		{"Tornado/infinite low value", func() (*plot.Plot, error) {
			base, bars := fixtureTornado()
			bars[3].LowValueUSD = math.Inf(1)
			return Tornado("t", base, bars)
		}, `tornado bar 3 ("power price"): lowValueUSD is +Inf`, plotter.ErrInfinity},
		{"Tornado/NaN high value", func() (*plot.Plot, error) {
			base, bars := fixtureTornado()
			bars[5].HighValueUSD = math.NaN()
			return Tornado("t", base, bars)
		}, `tornado bar 5 ("build months"): highValueUSD is NaN`, plotter.ErrNaN},
		{"Tornado/empty input name", func() (*plot.Plot, error) {
			base, bars := fixtureTornado()
			bars[1].Input = ""
			return Tornado("t", base, bars)
		}, "tornado bar 1: input name is empty", nil},
	} {
		cases = append(cases, c)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.call()
			if err == nil {
				t.Fatalf("no error (plot %v), want one containing %q", p != nil, c.want)
			}
			if p != nil {
				t.Errorf("a plot came back with the error %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q does not start with the package name", err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %q does not wrap %v", err, c.is)
			}
		})
	}
}

// TestInputsUntouched checks that drawing leaves the caller's data as it
// was (the NPV samples are sorted in copies, the tornado bars reordered in
// a copy).
func TestInputsUntouched(t *testing.T) {
	res := fixtureResult(t)
	before := make([][]float64, len(res.NPV))
	for j := range res.NPV {
		before[j] = slices.Clone(res.NPV[j])
	}
	for _, f := range []func(*sim.Result) (*plot.Plot, error){NPVDistribution, NPVCDF} {
		if _, err := f(res); err != nil {
			t.Fatal(err)
		}
	}
	for j := range res.NPV {
		if !slices.Equal(before[j], res.NPV[j]) {
			t.Errorf("strategy %d: NPV samples changed", j)
		}
	}
	base, bars := fixtureTornado()
	want := slices.Clone(bars)
	if _, err := Tornado("t", base, bars); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(bars, want) {
		t.Error("tornado bars reordered")
	}
}
