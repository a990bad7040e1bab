package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/report"
)

// TestQuickstartReportAndSamples: -html writes the report, -samples the
// per-path table as Parquet or CSV (400 rows, NPV, IRR and payback of each
// strategy, the drivers), -analysis the JSON with the convergence.
func TestQuickstartReportAndSamples(t *testing.T) {
	dir := t.TempDir()
	html, pq, an := filepath.Join(dir, "report.html"), filepath.Join(dir, "paths.parquet"), filepath.Join(dir, "analysis.json")
	o := clitest.Run(t, run, "-paths", "400", "-seed", "7", "-out", filepath.Join(dir, "pics"), "-html", html, "-samples", pq, "-analysis", an, "-band-paths", "200")
	o.WantOK(t)
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	for _, want := range []string{`id="risk-table"`, `id="rank-table"`, `id="attribution-full-ai-colocation"`, `id="convergence"`, "<svg ", "over the first 200 paths"} {
		require.Contains(t, string(page), want)
	}
	b, err := os.ReadFile(pq)
	require.NoError(t, err)
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.Equal(t, int64(400), f.NumRows())
	var cols []string
	for _, p := range f.Schema().Columns() {
		cols = append(cols, strings.Join(p, "."))
	}
	for _, want := range []string{"path", "pair", "npv_usd.pure mining", "irr_per_year.full AI colocation", "payback_months.hybrid 50% colocation",
		"driver.BTC price at month 12", "driver.full AI colocation: capex overrun"} {
		require.Contains(t, cols, want)
	}
	raw, err := os.ReadFile(an)
	require.NoError(t, err)
	var a report.Analysis
	require.NoError(t, json.Unmarshal(raw, &a))
	require.Equal(t, 400, a.Paths)
	require.Len(t, a.Convergence, 3)

	csvPath := filepath.Join(dir, "paths.csv")
	clitest.Run(t, run, "-paths", "400", "-seed", "7", "-out", filepath.Join(dir, "pics"), "-samples", csvPath).WantOK(t)
	fh, err := os.Open(csvPath)
	require.NoError(t, err)
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 401)
	require.Equal(t, "path", recs[0][0])
}

// TestQuickstartReportFlagsChecked: a -samples of another extension and a
// -band-paths out of range are usage errors, before anything runs.
func TestQuickstartReportFlagsChecked(t *testing.T) {
	dir := t.TempDir()
	o := clitest.Run(t, run, "-paths", "400", "-out", dir, "-samples", filepath.Join(dir, "x.xlsx"))
	require.Equal(t, cli.ExitUsage, o.Code, o.Stderr)
	require.Contains(t, o.Stderr, "-samples")
	require.Contains(t, o.Stderr, ".csv or .parquet")
	o = clitest.Run(t, run, "-paths", "400", "-out", dir, "-band-paths", "-3")
	require.Equal(t, cli.ExitUsage, o.Code, o.Stderr)
	require.Contains(t, o.Stderr, "-band-paths -3")
}
