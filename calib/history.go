package calib

import (
	"fmt"
	"math"
	"time"
)

// History is a daily bitcoin history: one row per UTC calendar day, dates
// strictly increasing. Every series has one value per date; a value is NaN
// where the file's cell was empty (early rows have no price, for instance) or
// where the file has no column for that series at all. Nothing else is ever
// NaN: a cell that is present is a finite number (a price is > 0, every other
// series is ≥ 0).
//
// The dates need not be consecutive; LogReturns checks that the days it uses
// are. A History built by hand may leave a series nil (absent); a non-nil
// series must have one value per date.
type History struct {
	Dates       []time.Time // UTC midnight of each day, strictly increasing
	PriceUSD    []float64   // closing price, USD per BTC (Coin Metrics PriceUSD)
	HashrateTHs []float64   // mean network hash rate, TH/s (HashRate)
	Difficulty  []float64   // mean difficulty of the day's blocks (DiffMean)
	Blocks      []float64   // blocks mined that day (BlkCnt)
	FeesBTC     []float64   // fees paid to miners, BTC per day (FeeTotNtv)
	IssuanceBTC []float64   // newly issued BTC per day, the block subsidy (IssTotNtv)
}

// Len returns the number of days in h.
func (h *History) Len() int { return len(h.Dates) }

// series identifies one of History's columns.
type series int

const (
	colDate series = iota
	colPrice
	colHashrate
	colDifficulty
	colBlocks
	colFees
	colIssuance
	numSeries
)

// Window returns the days of h from from to to, both included, as a new
// History that shares nothing with h. Only the calendar date of from and to
// counts (their clock time and zone are ignored: the date as written is the
// UTC day). It is an error when to is before from or when no day of h falls
// in the window.
func (h *History) Window(from, to time.Time) (*History, error) {
	from = dateOf(from)
	to = dateOf(to)
	if to.Before(from) {
		return nil, fmt.Errorf("calib: window %s..%s ends before it starts",
			from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	lo, hi := len(h.Dates), 0
	for i, d := range h.Dates {
		if d.Before(from) || d.After(to) {
			continue
		}
		lo = min(lo, i)
		hi = max(hi, i+1)
	}
	if lo >= hi {
		return nil, fmt.Errorf("calib: no day of the history in window %s..%s",
			from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	cp := func(x []float64) []float64 {
		if x == nil {
			return nil
		}
		return append([]float64(nil), x[lo:hi]...)
	}
	return &History{
		Dates:       append([]time.Time(nil), h.Dates[lo:hi]...),
		PriceUSD:    cp(h.PriceUSD),
		HashrateTHs: cp(h.HashrateTHs),
		Difficulty:  cp(h.Difficulty),
		Blocks:      cp(h.Blocks),
		FeesBTC:     cp(h.FeesBTC),
		IssuanceBTC: cp(h.IssuanceBTC),
	}, nil
}

// columnWords names each series' column for messages: what it is, and its
// Coin Metrics name.
var columnWords = [numSeries]string{
	colDate:       "date column (time)",
	colPrice:      "price column (PriceUSD)",
	colHashrate:   "hash-rate column (HashRate)",
	colDifficulty: "difficulty column (DiffMean)",
	colBlocks:     "block-count column (BlkCnt)",
	colFees:       "fee column (FeeTotNtv)",
	colIssuance:   "issuance column (IssTotNtv)",
}

// series returns h's values of s (nil for the dates).
func (h *History) series(s series) []float64 {
	switch s {
	case colPrice:
		return h.PriceUSD
	case colHashrate:
		return h.HashrateTHs
	case colDifficulty:
		return h.Difficulty
	case colBlocks:
		return h.Blocks
	case colFees:
		return h.FeesBTC
	case colIssuance:
		return h.IssuanceBTC
	}
	return nil
}

// has reports whether h has any value of series s: false when the series
// is nil (a History built without it) or NaN on every day (a file without
// its column, or with the column empty throughout).
func (h *History) has(s series) bool {
	for _, v := range h.series(s) {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// require returns an error, prefixed by prefix, naming the first of the
// series that h does not have (see has): "the history has no block-count
// column (BlkCnt), or it is empty on every day".
func (h *History) require(prefix string, ss ...series) error {
	for _, s := range ss {
		if h.has(s) {
			continue
		}
		if h.series(s) == nil {
			return fmt.Errorf("%sthe history has no %s", prefix, columnWords[s])
		}
		return fmt.Errorf("%sthis file has no %s, or it is empty on every day", prefix, columnWords[s])
	}
	return nil
}

// check reports a series whose length does not match the dates.
func (h *History) check() error {
	for _, s := range []struct {
		name string
		x    []float64
	}{
		{"PriceUSD", h.PriceUSD}, {"HashrateTHs", h.HashrateTHs}, {"Difficulty", h.Difficulty},
		{"Blocks", h.Blocks}, {"FeesBTC", h.FeesBTC}, {"IssuanceBTC", h.IssuanceBTC},
	} {
		if s.x != nil && len(s.x) != len(h.Dates) {
			return fmt.Errorf("calib: History.%s has %d values for %d dates", s.name, len(s.x), len(h.Dates))
		}
	}
	return nil
}

// dateOf returns midnight UTC of t's calendar date in t's own location.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LogReturns returns the daily log returns ln(P[i+1]/P[i]) of h's prices,
// len(h.Dates)−1 of them. Every day must have a price and the days must be
// consecutive calendar days; otherwise the error names the first date where
// that fails. Use Window to cut a history down to a gap-free stretch first.
func (h *History) LogReturns() ([]float64, error) {
	n := len(h.Dates)
	if n < 2 || len(h.PriceUSD) != n {
		return nil, fmt.Errorf("calib: log returns need at least 2 days with prices, have %d days", n)
	}
	out := make([]float64, n-1)
	for i, p := range h.PriceUSD {
		if !(p > 0) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("calib: no usable price on %s (PriceUSD = %g)", h.Dates[i].Format(time.DateOnly), p)
		}
		if i == 0 {
			continue
		}
		if want := h.Dates[i-1].AddDate(0, 0, 1); !h.Dates[i].Equal(want) {
			return nil, fmt.Errorf("calib: gap in the history: %s follows %s (want consecutive days)",
				h.Dates[i].Format(time.DateOnly), h.Dates[i-1].Format(time.DateOnly))
		}
		out[i-1] = math.Log(p) - math.Log(h.PriceUSD[i-1]) // no overflow of the ratio
	}
	return out, nil
}
