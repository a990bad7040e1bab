package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestFrontierSweepOutputs: -json, -csv and -html write the points, the
// CSV's amounts equal the JSON's in full, and the page has the table and
// the picture.
func TestFrontierSweepOutputs(t *testing.T) {
	dir := t.TempDir()
	js, cs, ht := filepath.Join(dir, "f.json"), filepath.Join(dir, "f.csv"), filepath.Join(dir, "f.html")
	clitest.Run(t, run, "-paths", "400", "-fractions", "0,0.5,1", "-out", dir, "-json", js, "-csv", cs, "-html", ht).WantOK(t)
	var r results
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &r))
	require.Len(t, r.Points, 3)
	f, err := os.Open(cs)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 4)
	for i, p := range r.Points {
		m, err := strconv.ParseFloat(recs[i+1][2], 64)
		require.NoError(t, err)
		require.Equal(t, p.Summary.Mean, m)
		require.Equal(t, strconv.FormatBool(p.Efficient), recs[i+1][9])
	}
	page, err := os.ReadFile(ht)
	require.NoError(t, err)
	require.Contains(t, string(page), `id="frontier-table"`)
	require.Contains(t, string(page), "<svg ")
}

// TestFrontierSamples: -samples writes every path's NPV, IRR and payback
// at every share, as Parquet or CSV: the columns' mean and ES 95 % are the
// JSON's figures exactly, and asking for them leaves the JSON unchanged
// byte for byte; with -npv-only only the NPVs.
func TestFrontierSamples(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-paths", "400", "-fractions", "0,0.5,1", "-out", dir}
	plain, js := filepath.Join(dir, "plain.json"), filepath.Join(dir, "f.json")
	pq, cs := filepath.Join(dir, "f.parquet"), filepath.Join(dir, "f.csv")
	clitest.Run(t, run, append(args, "-json", plain)...).WantOK(t)
	clitest.Run(t, run, append(args, "-json", js, "-samples", pq)...).WantOK(t)
	a, err := os.ReadFile(plain)
	require.NoError(t, err)
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.Equal(t, string(a), string(b), "-samples changed the results")
	var r results
	require.NoError(t, json.Unmarshal(b, &r))

	cols := readParquet(t, pq) // Parquet orders a group's columns by name
	var names []string
	for name := range cols {
		names = append(names, name)
	}
	require.ElementsMatch(t, []string{"path", "pair", "npv_usd.hybrid 0%", "irr_per_year.hybrid 0%", "payback_months.hybrid 0%",
		"npv_usd.hybrid 50%", "irr_per_year.hybrid 50%", "payback_months.hybrid 50%",
		"npv_usd.hybrid 100%", "irr_per_year.hybrid 100%", "payback_months.hybrid 100%"}, names)
	require.Len(t, cols["path"], 400)
	require.Equal(t, 399.0, cols["path"][399])
	require.Equal(t, 199.0, cols["pair"][399])
	for _, p := range r.Points {
		npv := cols["npv_usd."+p.Summary.Name]
		m, err := sim.MeasureMean.Of(npv)
		require.NoError(t, err)
		require.Equal(t, p.Summary.Mean, m, p.Summary.Name)
		e, err := sim.MeasureES95.Of(npv)
		require.NoError(t, err)
		require.Equal(t, p.Summary.ES95, e, p.Summary.Name)
	}

	clitest.Run(t, run, append(args, "-npv-only", "-samples", cs)...).WantOK(t)
	f, err := os.Open(cs)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 401)
	require.Equal(t, []string{"path", "pair", "npv_usd.hybrid 0%", "npv_usd.hybrid 50%", "npv_usd.hybrid 100%"}, recs[0])

	o := clitest.Run(t, run, append(args, "-samples", filepath.Join(dir, "f.xlsx"))...)
	require.Equal(t, cli.ExitUsage, o.Code, o.Stderr)
	require.Contains(t, o.Stderr, ".csv or .parquet")
}

// readParquet reads every column of the Parquet file at path by name
// (integers as float64, null as NaN).
func readParquet(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var names []string
	for _, p := range f.Schema().Columns() {
		names = append(names, strings.Join(p, "."))
	}
	cols := map[string][]float64{}
	r := parquet.NewReader(bytes.NewReader(b))
	defer r.Close()
	rows := make([]parquet.Row, 1)
	for {
		n, err := r.ReadRows(rows)
		if n == 0 && errors.Is(err, io.EOF) {
			break
		}
		require.Equal(t, 1, n)
		for i, v := range rows[0] {
			x := math.NaN()
			switch {
			case v.IsNull():
			case v.Kind() == parquet.Int64:
				x = float64(v.Int64())
			default:
				x = v.Double()
			}
			cols[names[i]] = append(cols[names[i]], x)
		}
	}
	return cols
}
