package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/pivotrisk/pivotrisk/sim"
)

// Samples is a run's per-path table, one row per path, for a quant to
// take elsewhere (WriteCSV; package parquetout writes it as Parquet). Its
// columns, in order:
//
//   - path: the path's index (its random streams are those of the run's
//     seed and this index);
//   - pair: the antithetic pair the path belongs to (index/2; a path's
//     own index without antithetic pairs), the unit of independent draws;
//   - for each strategy S: "npv_usd.S" (USD), "irr_per_year.S" (the
//     annualized IRR, 0.12 for 12 % a year; missing where undefined) and
//     "payback_months.S" (the discounted payback; missing where never),
//     the last two only if the run kept them;
//   - for each driver D of a sim.Drivers observer: "driver.D", in the
//     driver's unit.
//
// Missing values are NaN in Values, empty in CSV, null in Parquet.
type Samples struct {
	Columns []SampleColumn
}

// SampleColumn is one column of Samples: exactly one of Indices, Dates
// and Values is set.
type SampleColumn struct {
	// Name is the column's name; Unit its unit ("" for an index or a
	// date).
	Name, Unit string
	// Indices holds an index column (path, pair), one value per row.
	Indices []uint64
	// Dates holds a column of calendar days (a table of daily data; the
	// day of each time in UTC): 2006-01-02 in CSV, a DATE in Parquet.
	Dates []time.Time
	// Values holds a column of figures, one per row, NaN where missing.
	Values []float64
}

// Len returns the number of values of the column.
func (c SampleColumn) Len() int {
	switch {
	case c.Indices != nil:
		return len(c.Indices)
	case c.Dates != nil:
		return len(c.Dates)
	}
	return len(c.Values)
}

// NewSamples returns the per-path table of res, which must hold its NPV
// samples, with the drivers of d (nil for none), which must hold every
// path of res.
func NewSamples(res *sim.Result, d *sim.Drivers) (*Samples, error) {
	if err := checkSamples(res); err != nil {
		return nil, err
	}
	n := len(res.NPV[0])
	s := &Samples{Columns: indexColumns(res.Config.FirstPath, n, res.Config.Antithetic)}
	for j, name := range res.StrategyNames() {
		s.Columns = append(s.Columns, SampleColumn{Name: "npv_usd." + name, Unit: "USD", Values: res.NPV[j]})
		if len(res.IRRPerYear) == len(res.NPV) && len(res.PaybackMonths) == len(res.NPV) {
			s.Columns = append(s.Columns,
				SampleColumn{Name: "irr_per_year." + name, Unit: "per year", Values: res.IRRPerYear[j]},
				SampleColumn{Name: "payback_months." + name, Unit: "months", Values: res.PaybackMonths[j]})
		}
	}
	if d != nil {
		if d.Paths() != n {
			return nil, fmt.Errorf("report: the drivers hold %d paths, the result %d: give NewSamples the observer of the same run", d.Paths(), n)
		}
		for i, dr := range d.List() {
			xs, err := d.Values(i)
			if err != nil {
				return nil, err
			}
			s.Columns = append(s.Columns, SampleColumn{Name: "driver." + dr.Name, Unit: dr.Unit, Values: xs})
		}
	}
	return s, nil
}

// indexColumns returns the path and pair columns of n paths from first.
func indexColumns(first uint64, n int, antithetic bool) []SampleColumn {
	path := make([]uint64, n)
	pair := make([]uint64, n)
	for i := range path {
		idx := first + uint64(i)
		path[i], pair[i] = idx, idx
		if antithetic {
			pair[i] = idx / 2
		}
	}
	return []SampleColumn{{Name: "path", Indices: path}, {Name: "pair", Indices: pair}}
}

// Rows returns the number of rows (paths).
func (s *Samples) Rows() int {
	if len(s.Columns) == 0 {
		return 0
	}
	return s.Columns[0].Len()
}

// WriteCSV writes the table as CSV (RFC 4180): a header of the column
// names, then one line per path; index columns as integers, dates as
// 2006-01-02, the others
// with the fewest digits that read back to the same float64 ('g'
// format), a missing value as an empty field.
func (s *Samples) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	rec := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for r := range s.Rows() {
		for i, c := range s.Columns {
			if c.Indices != nil {
				rec[i] = strconv.FormatUint(c.Indices[r], 10)
				continue
			}
			if c.Dates != nil {
				rec[i] = c.Dates[r].UTC().Format(time.DateOnly)
				continue
			}
			switch v := c.Values[r]; {
			case math.IsNaN(v) || math.IsInf(v, 0):
				rec[i] = ""
			default:
				rec[i] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
