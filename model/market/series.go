package market

import (
	"fmt"
	"math"
	"strings"
)

// Series names one quantity of the State that decisions and reports watch
// over a path: a trigger's condition ("series": "btcPrice" in a scenario
// file), a fan chart's band. This list is the one place the State's
// variables are named for them. The zero value is no series.
type Series int

// The series, in the order of AllSeries.
const (
	// SeriesHashprice is the network's hashprice, State.HashpriceUSDPerPHDay
	// (USD per PH/s per day).
	SeriesHashprice Series = iota + 1
	// SeriesBTCPrice is the BTC price, State.BTCPriceUSD (USD).
	SeriesBTCPrice
	// SeriesGPURent is the H100-equivalent rent, State.GPURentUSDPerHour
	// (USD per GPU-hour).
	SeriesGPURent
	// SeriesGPURentToTrend is the GPU rent over its technology trend,
	// State.GPURentUSDPerHour / State.GPUTrendUSDPerHour (a ratio, 1 on the
	// trend): how tight the GPU market is.
	SeriesGPURentToTrend
	// SeriesColoRent is the market rent of a new colocation lease,
	// State.ColoRentUSDPerKWMonth (USD per kW-month).
	SeriesColoRent
	// SeriesPower is the site's power price, State.PowerUSDPerMWh (USD/MWh).
	SeriesPower
	// SeriesFees is the average fees per block, State.FeesPerBlockBTC (BTC).
	SeriesFees
	// SeriesHashrate is the network hashrate, State.HashrateEHs (EH/s).
	SeriesHashrate
	// SeriesMonths is the time since the start, 12·State.TimeYears
	// (months): the calendar.
	SeriesMonths

	numSeries = iota
)

// seriesInfo holds each series' name and unit, indexed by Series.
var seriesInfo = [numSeries + 1]struct{ name, unit string }{
	SeriesHashprice:      {"hashprice", "USD/PH/s/day"},
	SeriesBTCPrice:       {"btcPrice", "USD"},
	SeriesGPURent:        {"gpuRent", "USD/GPU-hour"},
	SeriesGPURentToTrend: {"gpuRentToTrend", "ratio to the trend"},
	SeriesColoRent:       {"coloRent", "USD/kW-month"},
	SeriesPower:          {"power", "USD/MWh"},
	SeriesFees:           {"fees", "BTC/block"},
	SeriesHashrate:       {"hashrate", "EH/s"},
	SeriesMonths:         {"months", "months"},
}

// AllSeries returns every series, in the order of their constants.
func AllSeries() []Series {
	out := make([]Series, numSeries)
	for i := range out {
		out[i] = Series(i + 1)
	}
	return out
}

// Valid reports whether x is one of the series.
func (x Series) Valid() bool { return x >= 1 && x <= numSeries }

// Name returns the series' name in scenario files ("btcPrice"), or "" for
// an invalid one.
func (x Series) Name() string {
	if !x.Valid() {
		return ""
	}
	return seriesInfo[x].name
}

// Unit returns the series' unit ("USD/GPU-hour").
func (x Series) Unit() string {
	if !x.Valid() {
		return ""
	}
	return seriesInfo[x].unit
}

// String returns the name, or "Series(n)" for an invalid one.
func (x Series) String() string {
	if !x.Valid() {
		return fmt.Sprintf("Series(%d)", int(x))
	}
	return x.Name()
}

// Value returns the series' value in s (NaN for an invalid series).
func (x Series) Value(s *State) float64 {
	switch x {
	case SeriesHashprice:
		return s.HashpriceUSDPerPHDay
	case SeriesBTCPrice:
		return s.BTCPriceUSD
	case SeriesGPURent:
		return s.GPURentUSDPerHour
	case SeriesGPURentToTrend:
		return s.GPURentUSDPerHour / s.GPUTrendUSDPerHour
	case SeriesColoRent:
		return s.ColoRentUSDPerKWMonth
	case SeriesPower:
		return s.PowerUSDPerMWh
	case SeriesFees:
		return s.FeesPerBlockBTC
	case SeriesHashrate:
		return s.HashrateEHs
	case SeriesMonths:
		return s.TimeYears * 12
	}
	return math.NaN()
}

// SeriesNames lists the series' names: "hashprice, btcPrice, …".
func SeriesNames() string {
	names := make([]string, numSeries)
	for i := range names {
		names[i] = Series(i + 1).Name()
	}
	return strings.Join(names, ", ")
}

// MarshalText encodes the series as its name.
func (x Series) MarshalText() ([]byte, error) {
	if !x.Valid() {
		return nil, fmt.Errorf("market: series %d: must be one of %s", int(x), SeriesNames())
	}
	return []byte(x.Name()), nil
}

// UnmarshalText decodes a series' name (exactly as listed; a name that
// differs only in case is named in the error).
func (x *Series) UnmarshalText(b []byte) error {
	for _, s := range AllSeries() {
		if s.Name() == string(b) {
			*x = s
			return nil
		}
	}
	for _, s := range AllSeries() {
		if strings.EqualFold(s.Name(), string(b)) {
			return fmt.Errorf("market: series %q: must be one of %s (did you mean %q? names are case-sensitive)", b, SeriesNames(), s.Name())
		}
	}
	return fmt.Errorf("market: series %q: must be one of %s", b, SeriesNames())
}
