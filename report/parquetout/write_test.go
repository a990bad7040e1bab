package parquetout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/report/parquetout"
	"github.com/pivotrisk/pivotrisk/sim"
)

// samples runs the default scenario on 400 antithetic paths from path
// 1,000 with the drivers observer and returns its per-path table.
func samples(t *testing.T) (*sim.Result, *report.Samples) {
	t.Helper()
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	d, err := sim.NewDrivers(plan, 5, sim.DriverSpec{AtMonths: []float64{6, 24}})
	require.NoError(t, err)
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, FirstPath: 1000, Seed: 5, Antithetic: true, Observers: []sim.Observer{d}})
	require.NoError(t, err)
	s, err := report.NewSamples(res, d)
	require.NoError(t, err)
	return res, s
}

// TestRoundTrip writes a run's table as Parquet and reads it back with
// parquet-go's reader: every column by name, every value bit for bit, the
// undefined IRRs (pure mining earns before it invests) and never-paid-back
// paths as nulls, the units in the metadata.
func TestRoundTrip(t *testing.T) {
	res, s := samples(t)
	var buf bytes.Buffer
	require.NoError(t, parquetout.Write(&buf, s))
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	require.Equal(t, int64(400), f.NumRows())
	units, ok := f.Lookup(parquetout.UnitsKey)
	require.True(t, ok)
	var um map[string]string
	require.NoError(t, json.Unmarshal([]byte(units), &um))
	require.Equal(t, "USD", um["npv_usd.pure mining"])
	cols := f.Schema().Columns()
	index := map[string]int{}
	for i, p := range cols {
		index[strings.Join(p, ".")] = i
	}
	require.Len(t, cols, len(s.Columns))
	r := parquet.NewReader(bytes.NewReader(buf.Bytes()))
	defer r.Close()
	rows := make([]parquet.Row, 1)
	nulls := 0
	for i := 0; ; i++ {
		n, err := r.ReadRows(rows)
		if n == 0 && errors.Is(err, io.EOF) {
			require.Equal(t, 400, i)
			break
		}
		require.Equal(t, 1, n)
		row := rows[0]
		for _, c := range s.Columns {
			v := row[index[c.Name]]
			if c.Indices != nil {
				require.Equal(t, int64(c.Indices[i]), v.Int64(), c.Name)
				continue
			}
			if math.IsNaN(c.Values[i]) {
				require.True(t, v.IsNull(), "%s row %d", c.Name, i)
				nulls++
				continue
			}
			require.Equal(t, math.Float64bits(c.Values[i]), math.Float64bits(v.Double()), "%s row %d", c.Name, i)
		}
	}
	require.Positive(t, nulls)
	require.Equal(t, uint64(1000), s.Columns[0].Indices[0])
	require.Equal(t, uint64(500), s.Columns[1].Indices[1]) // path 1,001 is in pair 500
	require.Equal(t, res.NPV[1][7], s.Columns[2+3].Values[7])
}

// TestNotInCoreImports: the Parquet library is imported by this package
// alone: dist, model, sim, plots and report do not pull it in.
func TestNotInCoreImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/pivotrisk/pivotrisk/dist", "github.com/pivotrisk/pivotrisk/model/...",
		"github.com/pivotrisk/pivotrisk/sim", "github.com/pivotrisk/pivotrisk/plots", "github.com/pivotrisk/pivotrisk/report").CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v: %s", err, out)
	}
	require.NotContains(t, string(out), "parquet")
}

// TestWriteRefusesBadTables: no columns, or columns of different lengths.
func TestWriteRefusesBadTables(t *testing.T) {
	require.ErrorContains(t, parquetout.Write(io.Discard, &report.Samples{}), "no columns")
	bad := &report.Samples{Columns: []report.SampleColumn{{Name: "path", Indices: []uint64{1, 2}}, {Name: "x", Values: []float64{1}}}}
	require.ErrorContains(t, parquetout.Write(io.Discard, bad), `column "x" has 1 values`)
}

// TestDatesRoundTrip: a date column is a Parquet DATE, days since
// 1970-01-01 (1969-12-31 is −1, 2024-02-29 is 19782), whatever the time of
// day or zone of the times given; in CSV it reads 2006-01-02.
func TestDatesRoundTrip(t *testing.T) {
	east := time.FixedZone("UTC+9", 9*3600)
	dates := []time.Time{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC),
		time.Date(2024, 3, 1, 3, 0, 0, 0, east)} // 2024-02-29 18:00 UTC
	s := &report.Samples{Columns: []report.SampleColumn{{Name: "date", Dates: dates}, {Name: "x", Unit: "USD", Values: []float64{1, math.NaN(), 3}}}}
	var buf bytes.Buffer
	require.NoError(t, parquetout.Write(&buf, s))
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	col, ok := f.Schema().Lookup("date")
	require.True(t, ok)
	require.NotNil(t, col.Node.Type().LogicalType().Date, "the date column is a DATE")
	r := parquet.NewReader(bytes.NewReader(buf.Bytes()))
	defer r.Close()
	rows := make([]parquet.Row, 3)
	n, err := r.ReadRows(rows)
	require.Equal(t, 3, n, "%v", err)
	for i, want := range []int32{-1, 19782, 19782} {
		require.Equal(t, want, rows[i][col.ColumnIndex].Int32(), "row %d", i)
	}
	var csvOut bytes.Buffer
	require.NoError(t, s.WriteCSV(&csvOut))
	require.Equal(t, "date,x\n1969-12-31,1\n2024-02-29,\n2024-02-29,3\n", csvOut.String())
}
