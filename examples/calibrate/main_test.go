package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// writeHistory simulates the default market in daily steps for days days
// and writes it as a Coin Metrics-layout CSV (block counts drawn Poisson
// around the market's expected count, the hashrate measured from them as
// Coin Metrics does); it returns the file's path.
func writeHistory(t *testing.T, days int) string {
	t.Helper()
	const dt = 1.0 / 365
	m, err := market.NewMarket(market.DefaultMarketParams(), dt)
	require.NoError(t, err)
	r, noise := dist.New(11, 0), dist.New(11, 1)
	var b strings.Builder
	b.WriteString("time,AdrActCnt,BlkCnt,DiffMean,FeeTotNtv,HashRate,IssTotNtv,PriceUSD\n")
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	s := m.Start()
	for j := 0; j <= days; j++ {
		expected, subsidy := 144.0, s.SubsidyBTC
		if j > 0 {
			m.Step(&s, r)
			expected = s.BlocksMined
			subsidy = (s.RewardBTC - s.BlocksMined*s.FeesPerBlockBTC) / s.BlocksMined
		}
		n := float64(noise.Poisson(expected))
		fmt.Fprintf(&b, "%sT00:00:00.000000000Z,,%g,%g,%.8f,%g,%.8f,%g\n",
			start.AddDate(0, 0, j).Format(time.DateOnly), n, s.Difficulty, s.FeesPerBlockBTC*n,
			s.HashrateEHs*1e6*n/expected, subsidy*n, s.BTCPriceUSD)
	}
	path := filepath.Join(t.TempDir(), "btc.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// runArgs runs the program and returns its status, stdout and stderr.
func runArgs(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// oneLine checks that a problem is reported on exactly one line of stderr,
// with no stack trace.
func oneLine(t *testing.T, stderr string) {
	t.Helper()
	assert.Equal(t, 1, strings.Count(stderr, "\n"), "want one line, got %q", stderr)
	assert.True(t, strings.HasPrefix(stderr, "calibrate: "), stderr)
	assert.NotContains(t, stderr, "goroutine")
}

func TestRunWithoutHistory(t *testing.T) {
	code, out, errs := runArgs()
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	for _, want := range []string{"coinmetrics/data", "csv/btc.csv", "CC BY-NC 4.0", "-history"} {
		assert.Contains(t, errs, want)
	}
}

func TestRunUsageErrors(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "never-read.csv")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"flag without value", []string{"-history"}, "flag needs an argument: -history"},
		{"bad from", []string{"-history", hist, "-from", "2022-13-01"}, `-from "2022-13-01": want a date like 2022-01-01`},
		{"bad to", []string{"-history", hist, "-to", "26/09/2025"}, `-to "26/09/2025"`},
		{"to before from", []string{"-history", hist, "-from", "2024-01-01", "-to", "2023-01-01"}, "-to 2023-01-01 is before -from 2024-01-01"},
		{"bad price model", []string{"-history", hist, "-price", "kou"}, `-price "kou"`},
		{"stray argument", []string{"-history", hist, "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runArgs(tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			oneLine(t, errs)
			assert.Contains(t, errs, tc.want)
		})
	}
}

func TestRunHelp(t *testing.T) {
	code, _, errs := runArgs("-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, errs, "usage: calibrate -history FILE")
	assert.Contains(t, errs, "-price")
}

func TestRunFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	malformed := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(malformed, []byte("time,PriceUSD\n2024-03-01,100\n2024-03-02,1O5\n"), 0o644))
	short := filepath.Join(dir, "short.csv")
	require.NoError(t, os.WriteFile(short, []byte("date,price\n2024-03-01,100\n2024-03-02,105\n"), 0o644))
	badBase := filepath.Join(dir, "base.json")
	require.NoError(t, os.WriteFile(badBase, []byte(`{"finance": {"discountRatePerYear": -2}}`), 0o644))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"-history", missing}, "missing.csv: no such file"},
		{"malformed file", []string{"-history", malformed}, `line 3, column "PriceUSD": value "1O5"`},
		{"too few days", []string{"-history", short}, "need at least 30"},
		{"bad base scenario", []string{"-history", missing, "-base", badBase}, "discountRatePerYear = -2"},
		{"missing base scenario", []string{"-history", missing, "-base", filepath.Join(dir, "nope.json")}, "nope.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runArgs(tc.args...)
			assert.Equal(t, 1, code)
			assert.Empty(t, out)
			oneLine(t, errs)
			assert.Contains(t, errs, tc.want)
		})
	}
}

// TestRunEndToEnd calibrates a simulated four-year history and checks the
// printed table and both files.
func TestRunEndToEnd(t *testing.T) {
	hist := writeHistory(t, 4*365)
	dir := t.TempDir()
	scPath := filepath.Join(dir, "calibrated.json")
	fitsPath := filepath.Join(dir, "fits.json")
	code, out, errs := runArgs("-history", hist, "-from", "2020-03-01", "-to", "2023-12-31",
		"-out", scPath, "-json", fitsPath, "-price", "gbm")
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	for _, want := range []string{"window 2020-03-01..2023-12-31", "driftPerYear", "errorCorrectionPerYear", "levelBTC", "logLik", "AIC", "BIC", "±", "wrote the scenario"} {
		assert.Contains(t, out, want)
	}

	// The scenario loads, validates and plans, with a GBM price.
	b, err := os.ReadFile(scPath)
	require.NoError(t, err)
	var sc model.Scenario
	require.NoError(t, json.Unmarshal(b, &sc))
	require.NoError(t, sc.Validate())
	_, err = model.NewPlan(&sc)
	require.NoError(t, err)
	assert.Equal(t, market.PriceGBM, sc.Market.BTCPrice.Model)
	assert.Contains(t, sc.Name, "2020-03-01..2023-12-31")

	// The fit table: one entry per model, parameters as name → {value,
	// stderr}, and the scenario holds the GBM and network values.
	b, err = os.ReadFile(fitsPath)
	require.NoError(t, err)
	var table []struct {
		Model  string `json:"model"`
		Params map[string]struct {
			Value  float64  `json:"value"`
			StdErr *float64 `json:"stderr"`
		} `json:"params"`
		LogLik float64 `json:"logLik"`
		AIC    float64 `json:"aic"`
		BIC    float64 `json:"bic"`
	}
	require.NoError(t, json.Unmarshal(b, &table))
	var models []string
	for _, e := range table {
		models = append(models, e.Model)
		assert.NotEmpty(t, e.Params, e.Model)
		assert.False(t, math.IsNaN(e.LogLik+e.AIC+e.BIC), e.Model)
	}
	assert.Equal(t, []string{"gbm", "merton", "regime", "network", "fees"}, models)
	assert.Equal(t, table[0].Params["volPerYear"].Value, sc.Market.BTCPrice.VolPerYear)
	assert.Equal(t, table[3].Params["errorCorrectionPerYear"].Value, sc.Market.Network.ErrorCorrectionPerYear)
	assert.Nil(t, table[3].Params["priceLagYears"].StdErr, "a profiled input has no standard error")
	assert.NotNil(t, table[3].Params["trendGrowthPerYear"].StdErr)

	// Nothing but the two outputs in their directory: no temporary file is
	// left behind.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2)
}

// TestRunOutputErrors: an output that cannot be written is refused before
// anything is read or fitted (no table), on one line naming it; with one
// good and one bad output, neither is written.
func TestRunOutputErrors(t *testing.T) {
	hist := writeHistory(t, 2*365)
	dir := t.TempDir()
	nowhere := filepath.Join(dir, "no-such-dir", "out.json")
	good := filepath.Join(dir, "fits.json")
	for _, flagName := range []string{"-out", "-json"} {
		code, out, errs := runArgs("-history", hist, flagName, nowhere)
		assert.Equal(t, 1, code, flagName)
		assert.Empty(t, out, flagName)
		oneLine(t, errs)
		assert.Contains(t, errs, "no-such-dir")
	}
	code, _, errs := runArgs("-history", hist, "-json", good, "-out", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, dir)
	_, err := os.Stat(good)
	assert.True(t, os.IsNotExist(err), "the good output was written: %v", err)
}
