package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// BandProbs are the probabilities of the quantiles every Band holds:
// 5, 25, 50, 75 and 95 %.
var BandProbs = [5]float64{0.05, 0.25, 0.50, 0.75, 0.95}

// Bands are the fan charts of a run: per time point, quantiles across
// paths of the market series Config.Bands selects and of each strategy's
// cumulative cash.
//
// Method: the bands come from a deterministic sub-sample, the first Paths
// paths of the run (Config.BandPaths), so they are the same for any worker
// count and do not change when more paths are added. Each quantile is the
// exact type-1 order statistic of those paths' values at that point (see
// Quantile), taken from values stored as float32 while running (7
// significant digits; 4 bytes per path per point per series). Its Monte
// Carlo error, in probability units, is about √(p(1−p)/K) for K = Paths
// (±0.005 at p = 0.05 for K = 2,000). The points are every step
// (TimeYears[0] = 0 is the start, identical on every path), or every m-th
// step when the run has more than MaxBandPoints steps, always including
// the last.
type Bands struct {
	// Paths is the number of paths K the bands are taken from.
	Paths int `json:"paths"`
	// Steps is the step index of each point (0 is the start).
	Steps []int `json:"steps"`
	// TimeYears is the time of each point in years since the start (the
	// market's year of 365.25 days), for calendar axes.
	TimeYears []float64 `json:"timeYears"`
	// Series holds the bands of the market series kept, in the order of
	// Config.Bands.Series, each named by its market.Series name and in its
	// unit (see Of).
	Series []Band `json:"series,omitempty"`
	// CumulativeCashUSD holds, per strategy in the run's order, the
	// cumulative undiscounted free cash flow since the start, USD (empty
	// unless kept; see Cash).
	CumulativeCashUSD []Band `json:"cumulativeCashUSD,omitempty"`
	// Halvings describes when the band paths' halvings fall, so plots can
	// mark them: one entry per halving number reached by at least one band
	// path.
	Halvings []HalvingBand `json:"halvings"`
}

// Of returns the band of market series x, or nil if b is nil or did not
// keep it.
func (b *Bands) Of(x market.Series) *Band {
	if b == nil || !x.Valid() {
		return nil
	}
	for i := range b.Series {
		if b.Series[i].Name == x.Name() {
			return &b.Series[i]
		}
	}
	return nil
}

// Cash returns the cumulative cash band of the strategy called name, or
// nil if b is nil or has none.
func (b *Bands) Cash(name string) *Band {
	if b == nil {
		return nil
	}
	for i := range b.CumulativeCashUSD {
		if b.CumulativeCashUSD[i].Name == name {
			return &b.CumulativeCashUSD[i]
		}
	}
	return nil
}

// Band is one series' fan: the quantiles at BandProbs of the series across
// the band paths, one value per point of Bands.TimeYears, in Unit.
type Band struct {
	Name string    `json:"name"` // the market series' name ("btcPrice", …), or the strategy's name for cash
	Unit string    `json:"unit"` // unit of the values (market.Series.Unit, "USD" for cash)
	P5   []float64 `json:"p5"`   // 5 % quantile per point
	P25  []float64 `json:"p25"`  // 25 % quantile per point
	P50  []float64 `json:"p50"`  // median (type 1) per point
	P75  []float64 `json:"p75"`  // 75 % quantile per point
	P95  []float64 `json:"p95"`  // 95 % quantile per point
}

// HalvingBand is the timing of one halving across the band paths. A halving
// is dated by the first band point at which the path has seen it, so its
// time is exact to the spacing of the points (one step, or m steps).
type HalvingBand struct {
	// Number counts halvings since the start (1 is the next halving).
	Number int `json:"number"`
	// ShareReached is the share of band paths that reach it before the
	// horizon, in (0, 1].
	ShareReached float64 `json:"shareReached"`
	// P5Years, P50Years and P95Years are type-1 quantiles of its time in
	// years since the start, over the band paths that reach it.
	P5Years  float64 `json:"p5Years"`
	P50Years float64 `json:"p50Years"`
	P95Years float64 `json:"p95Years"`
}

// UnmarshalJSON reads Bands as WriteJSON writes them, and also the layout
// of result format 1, whose market bands were the members "btcPriceUSD",
// "hashpriceUSDPerPHDay" and "gpuRentUSDPerHour" (read into Series in
// that order). It refuses an unknown member and a mix of the layouts.
func (b *Bands) UnmarshalJSON(data []byte) error {
	type plain Bands // Bands without this method
	var v struct {
		plain
		BTCPriceUSD          *Band `json:"btcPriceUSD"`
		HashpriceUSDPerPHDay *Band `json:"hashpriceUSDPerPHDay"`
		GPURentUSDPerHour    *Band `json:"gpuRentUSDPerHour"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	old := []*Band{v.BTCPriceUSD, v.HashpriceUSDPerPHDay, v.GPURentUSDPerHour}
	if v.Series != nil && slices.ContainsFunc(old, func(b *Band) bool { return b != nil }) {
		return errors.New(`bands: "series" with the format-1 members "btcPriceUSD", "hashpriceUSDPerPHDay" or "gpuRentUSDPerHour": use "series" alone`)
	}
	*b = Bands(v.plain)
	for _, o := range old {
		if o != nil {
			b.Series = append(b.Series, *o)
		}
	}
	return nil
}
