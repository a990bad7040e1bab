package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/sim"
)

// BTCPriceFan draws the fan chart of the BTC price of res (log scale, USD
// with k/M suffixes), with the halvings marked. It returns an error
// wrapping plotter.ErrNoData if res is nil or kept no BTC price band, and
// the errors of FanChart.
func BTCPriceFan(res *sim.Result) (*plot.Plot, error) {
	b, err := resultBands(res)
	if err != nil {
		return nil, err
	}
	return FanChart(b, b.Of(market.SeriesBTCPrice), FanSpec{
		Title:    fanTitle("BTC price", b),
		YLabel:   "BTC price, USD (log scale)",
		Color:    MarketColor(),
		LogY:     true,
		Halvings: true,
	})
}

// HashpriceFan draws the fan chart of the hashprice of res, USD per PH/s
// per day (linear scale), with the halvings marked. Errors as for
// BTCPriceFan.
func HashpriceFan(res *sim.Result) (*plot.Plot, error) {
	b, err := resultBands(res)
	if err != nil {
		return nil, err
	}
	return FanChart(b, b.Of(market.SeriesHashprice), FanSpec{
		Title:    fanTitle("Hashprice", b),
		YLabel:   "hashprice, USD per PH/s per day",
		Color:    MarketColor(),
		Halvings: true,
	})
}

// GPURentFan draws the fan chart of the GPU rent of res, USD per
// GPU-hour (H100-equivalent). Errors as for BTCPriceFan.
func GPURentFan(res *sim.Result) (*plot.Plot, error) {
	b, err := resultBands(res)
	if err != nil {
		return nil, err
	}
	return FanChart(b, b.Of(market.SeriesGPURent), FanSpec{
		Title:  fanTitle("GPU rent (H100-equivalent)", b),
		YLabel: "GPU rent, USD per GPU-hour",
		Color:  MarketColor(),
	})
}

// CashFans draws one fan chart per strategy of res, in the run's order, of
// its cumulative undiscounted free cash since the start, M USD, in the
// strategy's colour, all on one Y range so that they compare at a glance.
// The fan runs to the step before the horizon; the last step, whose free
// cash includes the terminal value (as in package sim), is drawn apart at
// the horizon as a box and whiskers with its figures, and the Y range is
// fitted to the fans alone, so that a large terminal value does not
// squash them. It returns an error wrapping plotter.ErrNoData if res is
// nil or kept no cash bands, and the errors of FanChart.
func CashFans(res *sim.Result) ([]*plot.Plot, error) {
	b, err := resultBands(res)
	if err != nil {
		return nil, err
	}
	if len(b.CumulativeCashUSD) == 0 {
		return nil, noData("result kept no cumulative cash bands (sim.Config.Bands.Cash)")
	}
	lo, hi := 0.0, 0.0
	for i := range b.CumulativeCashUSD {
		c := &b.CumulativeCashUSD[i]
		if _, err := checkBand(b, c, false); err != nil {
			return nil, err
		}
		end := len(c.P5)
		if end > 2 {
			end-- // the fan stops before the terminal value
		}
		for k := range end {
			lo, hi = math.Min(lo, c.P5[k]/usdPerM), math.Max(hi, c.P95[k]/usdPerM)
		}
	}
	out := make([]*plot.Plot, len(b.CumulativeCashUSD))
	for j := range b.CumulativeCashUSD {
		if out[j], err = cashFan(b, j, lo, hi); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CashFan draws the fan chart of the cumulative undiscounted free cash of
// the strategy of res called name, M USD, in the strategy's colour, on a Y
// range fitted to it alone (CashFans shares one range), with the terminal
// value apart as CashFans draws it. It returns an error if res has no such
// strategy, and the errors of CashFans.
func CashFan(res *sim.Result, name string) (*plot.Plot, error) {
	b, err := resultBands(res)
	if err != nil {
		return nil, err
	}
	for j, c := range b.CumulativeCashUSD {
		if c.Name == name {
			return cashFan(b, j, 0, 0)
		}
	}
	if len(b.CumulativeCashUSD) == 0 {
		return nil, noData("result kept no cumulative cash bands (sim.Config.Bands.Cash)")
	}
	return nil, fmt.Errorf("plots: no cumulative cash band of a strategy called %q (have %q)", name, res.StrategyNames())
}

// cashFan draws the cash fan of strategy j of b, on the Y range [lo, hi]
// M USD if hi > lo, else on one fitted to it: the fan to the step before
// the horizon and the horizon's cash, terminal value included, as a
// terminalMark (a band of two points is drawn whole).
func cashFan(b *sim.Bands, j int, lo, hi float64) (*plot.Plot, error) {
	c := &b.CumulativeCashUSD[j]
	yLabel := "cumulative free cash since the start, M USD"
	if hi > lo {
		yLabel += " (same scale for every strategy)"
	}
	spec := FanSpec{
		Title:    shortTitle("Cumulative free cash, undiscounted — %s", c.Name) + fmt.Sprintf("\nmedian and bands over %s paths", fmtThousands(b.Paths)),
		YLabel:   yLabel,
		Color:    StrategyColor(j),
		Scale:    usdPerM,
		ZeroLine: true,
		YMin:     lo,
		YMax:     hi,
	}
	if _, err := checkBand(b, c, false); err != nil {
		return nil, err
	}
	n := len(b.TimeYears)
	if n < 3 {
		p, err := FanChart(b, c, spec)
		if err != nil {
			return nil, err
		}
		p.X.Label.Text += "; the last step includes the terminal value, if any"
		return p, nil
	}
	cut, band, last := withoutLast(b, c)
	for k := range last {
		last[k] /= usdPerM
	}
	var start float64
	mark := &terminalMark{q: last, color: StrategyColor(j)}
	p, f, err := fanChart(cut, band, spec, func(p *plot.Plot, f *fanFrame) []normBox {
		mark.x = f.start + b.TimeYears[n-1]
		start = f.start
		return mark.add(p, f)
	})
	if err != nil {
		return nil, err
	}
	// Room on the right for the mark.
	p.X.Max = start + b.TimeYears[n-1] + 0.02*(b.TimeYears[n-1]-b.TimeYears[0])
	_ = f
	p.X.Label.Text += "; the fan stops a step before the horizon, where the cash with the terminal value is drawn apart"
	return p, nil
}

// resultBands returns the bands of res, or an error wrapping
// plotter.ErrNoData if res is nil or kept none.
func resultBands(res *sim.Result) (*sim.Bands, error) {
	if res == nil {
		return nil, noData("nil result")
	}
	if res.Bands == nil {
		return nil, noData("result has no bands (the run kept none: sim.Config.Bands)")
	}
	return res.Bands, nil
}

// fanTitle returns the title of the fan chart of series: its name and the
// number of paths the bands summarize.
func fanTitle(series string, b *sim.Bands) string {
	return fmt.Sprintf("%s \u2014 median and bands over %s paths", series, fmtThousands(b.Paths))
}
