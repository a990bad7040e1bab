package calib

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
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

// ParseError is a problem with one line of a history file. Line counts from 1
// (the header is line 1); Column is the header name of the offending column,
// or empty when the problem is with the line as a whole.
type ParseError struct {
	Line   int
	Column string
	Err    error
}

// Error formats the problem as "calib: line L, column "C": problem".
func (e *ParseError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("calib: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("calib: line %d, column %q: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the underlying problem.
func (e *ParseError) Unwrap() error { return e.Err }

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

// columnNames lists, for each series, the header names that select it,
// compared case-insensitively. The first is the Coin Metrics name (their
// public csv/btc.csv), the rest are plain aliases.
var columnNames = [numSeries][]string{
	colDate:       {"time", "date"},
	colPrice:      {"PriceUSD", "price", "price_usd"},
	colHashrate:   {"HashRate", "hashrate_ths"},
	colDifficulty: {"DiffMean", "difficulty"},
	colBlocks:     {"BlkCnt", "blk_cnt"},
	colFees:       {"FeeTotNtv", "fees_btc"},
	colIssuance:   {"IssTotNtv", "issuance_btc"},
}

func lookupColumn(name string) (series, bool) {
	for s, names := range columnNames {
		for _, n := range names {
			if strings.EqualFold(name, n) {
				return series(s), true
			}
		}
	}
	return 0, false
}

// ReadHistoryFile reads a daily history from the CSV file at path; see
// ReadHistory for the layouts it accepts.
func ReadHistoryFile(path string) (*History, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("calib: %w", err)
	}
	defer f.Close()
	h, err := ReadHistory(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// ReadHistory reads a daily history from CSV with a header line. It accepts
// the column layout of Coin Metrics' public community data (csv/btc.csv:
// time, PriceUSD, HashRate, DiffMean, BlkCnt, FeeTotNtv, IssTotNtv among many
// other columns) and a plain "date,price" layout. Header names are matched
// case-insensitively:
//
//	date         time | date                (required)
//	PriceUSD     PriceUSD | price | price_usd (required)
//	HashrateTHs  HashRate | hashrate_ths
//	Difficulty   DiffMean | difficulty
//	Blocks       BlkCnt | blk_cnt
//	FeesBTC      FeeTotNtv | fees_btc
//	IssuanceBTC  IssTotNtv | issuance_btc
//
// Columns may come in any order; other columns are ignored. A series whose
// column is absent is all NaN. Dates are "2006-01-02" or RFC 3339 timestamps
// at midnight UTC ("2009-01-03T00:00:00.000000000Z"). An empty cell is NaN.
// A leading UTF-8 byte-order mark is skipped, before the header is parsed
// (so the header may be quoted).
//
// Everything else is an error, a *ParseError naming the line and column: a
// missing required column, a column given twice, a line with a different
// number of fields than the header, an unparsable or non-midnight date, dates
// out of order or repeated, an unparsable or non-finite number, a price ≤ 0
// or another value < 0. A file with no data line is an error too, and so
// is an input longer than MaxHistoryBytes or with a line longer than
// MaxHistoryLineBytes: ReadHistory stops reading there, so a wrong file
// (a device, a log) cannot exhaust memory.
func ReadHistory(r io.Reader) (*History, error) {
	return readHistoryLimited(r, MaxHistoryBytes, MaxHistoryLineBytes)
}

// readHistoryLimited is ReadHistory with the given limits on the input's
// length and a line's, in bytes.
func readHistoryLimited(r io.Reader, maxBytes, maxLine int64) (*History, error) {
	lim := newLimitReader(r, maxBytes, maxLine)
	br := bufio.NewReader(lim)
	if b, _ := br.Peek(len(utf8BOM)); string(b) == utf8BOM {
		br.Discard(len(utf8BOM)) // cannot fail: the bytes are buffered
	}
	h, err := readHistory(br)
	if lim.err != nil {
		// Past a limit the CSV reader sees a cut line; the limit is
		// the problem.
		return nil, lim.err
	}
	return h, err
}

// utf8BOM is the UTF-8 byte-order mark some programs put first in a file.
const utf8BOM = "\ufeff"

// readHistory reads the CSV, its byte-order mark removed.
func readHistory(r io.Reader) (*History, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, to name the line in our own words
	cr.ReuseRecord = true

	names, idx, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	nFields := len(names)
	h := &History{}
	dst := [numSeries]*[]float64{
		colPrice:      &h.PriceUSD,
		colHashrate:   &h.HashrateTHs,
		colDifficulty: &h.Difficulty,
		colBlocks:     &h.Blocks,
		colFees:       &h.FeesBTC,
		colIssuance:   &h.IssuanceBTC,
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < nFields {
			return nil, &ParseError{Line: line, Column: names[len(rec)],
				Err: fmt.Errorf("missing: the line has %d fields, the header %d", len(rec), nFields)}
		}
		if len(rec) > nFields {
			return nil, &ParseError{Line: line,
				Err: fmt.Errorf("field %d has no column: the line has %d fields, the header %d", nFields+1, len(rec), nFields)}
		}
		if err := h.appendDate(rec[idx[colDate]], line, names[idx[colDate]]); err != nil {
			return nil, err
		}
		for s := colPrice; s < numSeries; s++ {
			v := math.NaN()
			if i := idx[s]; i >= 0 {
				v, err = parseValue(rec[i], s == colPrice)
				if err != nil {
					return nil, &ParseError{Line: line, Column: names[i], Err: err}
				}
			}
			*dst[s] = append(*dst[s], v)
		}
	}
	if len(h.Dates) == 0 {
		return nil, &ParseError{Line: 2, Err: errors.New("no data lines after the header")}
	}
	return h, nil
}

// readHeader reads the header line: the trimmed column names and, for each
// series, the index of its column (−1 when absent).
func readHeader(cr *csv.Reader) (names []string, idx [numSeries]int, err error) {
	header, err := cr.Read()
	if err == io.EOF {
		return nil, idx, &ParseError{Line: 1, Err: errors.New("empty file: want a header line")}
	}
	if err != nil {
		return nil, idx, csvError(err)
	}
	for s := range idx {
		idx[s] = -1
	}
	names = make([]string, len(header))
	for i, name := range header {
		name = strings.TrimSpace(name)
		names[i] = name
		s, ok := lookupColumn(name)
		if !ok {
			continue
		}
		if j := idx[s]; j >= 0 {
			return nil, idx, &ParseError{Line: 1, Column: name,
				Err: fmt.Errorf("column %q already given as %q (field %d)", name, names[j], j+1)}
		}
		idx[s] = i
	}
	for _, s := range []series{colDate, colPrice} {
		if idx[s] < 0 {
			return nil, idx, &ParseError{Line: 1, Column: columnNames[s][0],
				Err: fmt.Errorf("required column missing (any of %s)", strings.Join(columnNames[s], ", "))}
		}
	}
	return names, idx, nil
}

// appendDate parses a line's date cell and appends it, checking that the
// dates increase.
func (h *History) appendDate(cell string, line int, column string) error {
	d, err := parseDate(cell)
	if err != nil {
		return &ParseError{Line: line, Column: column, Err: err}
	}
	if n := len(h.Dates); n > 0 {
		prev := h.Dates[n-1]
		switch {
		case d.Equal(prev):
			return &ParseError{Line: line, Column: column, Err: fmt.Errorf("duplicate date %s", d.Format(time.DateOnly))}
		case d.Before(prev):
			return &ParseError{Line: line, Column: column,
				Err: fmt.Errorf("date %s out of order: follows %s", d.Format(time.DateOnly), prev.Format(time.DateOnly))}
		}
	}
	h.Dates = append(h.Dates, d)
	return nil
}

// csvError turns encoding/csv's syntax errors into a ParseError with the line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Err: fmt.Errorf("field %d: %w", pe.Column, pe.Err)}
	}
	return fmt.Errorf("calib: %w", err)
}

// parseDate accepts "2006-01-02" or an RFC 3339 timestamp that falls on
// midnight UTC, and returns that midnight in UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want 2006-01-02 or 2006-01-02T00:00:00Z", s)
	}
	t = t.UTC()
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return time.Time{}, fmt.Errorf("date %q: a daily history wants midnight UTC", s)
	}
	return t, nil
}

// parseValue parses one numeric cell: empty is NaN; otherwise a finite
// number, > 0 for a price and ≥ 0 for everything else.
func parseValue(s string, price bool) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("value %q: want a finite number", s)
	}
	if price && !(v > 0) {
		return 0, fmt.Errorf("value %s: a price must be > 0", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("value %s: must be ≥ 0", s)
	}
	return v, nil
}

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
