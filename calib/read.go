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
