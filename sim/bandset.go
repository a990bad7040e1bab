package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// BandSet selects what a run keeps fan-chart bands of (Config.Bands):
// market series, by name, and each strategy's cumulative cash. Halving
// times are kept whenever any band is.
//
// In JSON it is {"series": ["btcPrice", "hashprice"], "cash": true}. The
// form of result format 1, {"btcPrice": true, "hashprice": false,
// "gpuRent": true, "cash": true}, is read too (its series in that order).
type BandSet struct {
	// Series are the market series kept, in this order (Bands.Series
	// follows it), each at most once.
	Series []market.Series `json:"series,omitempty"`
	// Cash keeps each strategy's cumulative undiscounted free cash, USD.
	Cash bool `json:"cash"`
}

// DefaultBands is what a run keeps when Config.Bands is nil: the BTC
// price, the hashprice, the GPU rent and the cumulative cash.
func DefaultBands() *BandSet {
	return &BandSet{Series: []market.Series{market.SeriesBTCPrice, market.SeriesHashprice, market.SeriesGPURent}, Cash: true}
}

// AllBands keeps every market series (market.AllSeries) and the
// cumulative cash.
func AllBands() *BandSet {
	return &BandSet{Series: market.AllSeries(), Cash: true}
}

func (b BandSet) any() bool { return len(b.Series) > 0 || b.Cash }

// validate reports a series that is not one, or is repeated.
func (b BandSet) validate() error {
	var c valid.Checker
	for i, x := range b.Series {
		field := fmt.Sprintf("series[%d]", i)
		switch {
		case !x.Valid():
			c.Add(field, int(x), "one of "+market.SeriesNames())
		case slices.Index(b.Series[:i], x) >= 0:
			c.Add(field, x.Name(), fmt.Sprintf("kept once (also series[%d])", slices.Index(b.Series[:i], x)))
		}
	}
	return c.Err()
}

// UnmarshalJSON reads a BandSet in either form (see BandSet), refusing an
// unknown field and a mix of the two forms.
func (b *BandSet) UnmarshalJSON(data []byte) error {
	var v struct {
		Series    *[]market.Series `json:"series"`
		Cash      bool             `json:"cash"`
		BTCPrice  *bool            `json:"btcPrice"`
		Hashprice *bool            `json:"hashprice"`
		GPURent   *bool            `json:"gpuRent"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("bands: %w", err)
	}
	out := BandSet{Cash: v.Cash}
	legacy := false
	for _, f := range []struct {
		on *bool
		x  market.Series
	}{{v.BTCPrice, market.SeriesBTCPrice}, {v.Hashprice, market.SeriesHashprice}, {v.GPURent, market.SeriesGPURent}} {
		if f.on != nil {
			legacy = true
			if *f.on {
				out.Series = append(out.Series, f.x)
			}
		}
	}
	if v.Series != nil {
		if legacy {
			return errors.New(`bands: "series" with the format-1 keys "btcPrice", "hashprice" or "gpuRent": use "series" alone`)
		}
		out.Series = *v.Series
	}
	*b = out
	return nil
}
