package parquetout

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/pivotrisk/pivotrisk/report"
)

// batchRows is the number of rows handed to the Parquet writer at once.
const batchRows = 4096

// UnitsKey is the key of the file's key–value metadata that holds the
// columns' units, a JSON object from column name to unit ("USD",
// "months", …; index columns have none).
const UnitsKey = "pivotrisk.units"

// Write writes s to w as one Parquet file: the index columns (path, pair)
// as required unsigned 64-bit integers, date columns as required DATEs
// (days since 1970-01-01), every other column as an optional
// double whose missing values (NaN in s) are nulls, compressed with
// Snappy, with the columns' units in the metadata under UnitsKey. Parquet
// orders a flat schema's columns by name; readers find them by name
// ("npv_usd.pure mining"). It returns an error if s has no column or
// columns of different lengths, or if w fails.
func Write(w io.Writer, s *report.Samples) error {
	if s == nil || len(s.Columns) == 0 {
		return fmt.Errorf("parquetout: no columns to write")
	}
	group := parquet.Group{}
	units := map[string]string{}
	n := s.Rows()
	for _, c := range s.Columns {
		if _, dup := group[c.Name]; dup {
			return fmt.Errorf("parquetout: column %q appears twice", c.Name)
		}
		if c.Len() != n {
			return fmt.Errorf("parquetout: column %q has %d values, column %q %d", c.Name, c.Len(), s.Columns[0].Name, n)
		}
		if c.Indices != nil {
			group[c.Name] = parquet.Compressed(parquet.Uint(64), &parquet.Snappy)
			continue
		}
		if c.Dates != nil {
			group[c.Name] = parquet.Compressed(parquet.Date(), &parquet.Snappy)
			continue
		}
		group[c.Name] = parquet.Compressed(parquet.Optional(parquet.Leaf(parquet.DoubleType)), &parquet.Snappy)
		units[c.Name] = c.Unit
	}
	schema := parquet.NewSchema("pivotrisk_samples", group)
	meta, err := json.Marshal(units)
	if err != nil {
		return err
	}
	pw := parquet.NewWriter(w, schema, parquet.KeyValueMetadata(UnitsKey, string(meta)))
	leaf := make([]int, len(s.Columns)) // column i of s is leaf leaf[i] of the schema
	for li, path := range schema.Columns() {
		for i, c := range s.Columns {
			if len(path) == 1 && path[0] == c.Name {
				leaf[i] = li
			}
		}
	}
	rows := make([]parquet.Row, 0, batchRows)
	for r := 0; r < n; r++ {
		row := make(parquet.Row, len(s.Columns))
		for i, c := range s.Columns {
			row[leaf[i]] = value(c, r, leaf[i])
		}
		rows = append(rows, row)
		if len(rows) == batchRows || r == n-1 {
			if _, err := pw.WriteRows(rows); err != nil {
				return fmt.Errorf("parquetout: %w", err)
			}
			rows = rows[:0]
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("parquetout: %w", err)
	}
	return nil
}

// value returns row r of column c as the Parquet value of leaf column li.
func value(c report.SampleColumn, r, li int) parquet.Value {
	if c.Indices != nil {
		return parquet.Int64Value(int64(c.Indices[r])).Level(0, 0, li)
	}
	if c.Dates != nil {
		return parquet.Int32Value(unixDays(c.Dates[r])).Level(0, 0, li)
	}
	v := c.Values[r]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return parquet.NullValue().Level(0, 0, li)
	}
	return parquet.DoubleValue(v).Level(0, 1, li)
}

// unixDays returns the days from 1970-01-01 to t's day in UTC.
func unixDays(t time.Time) int32 {
	y, m, d := t.UTC().Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
