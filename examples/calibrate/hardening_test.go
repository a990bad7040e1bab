package main

import (
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

// fatTailCSV is a date,price history of days days whose daily log returns
// are independent Student-t (4 degrees of freedom, 52 % a year): fat
// tails, no jumps, no regimes.
func fatTailCSV(t *testing.T, days int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("date,price\n")
	r := dist.New(21, 0)
	p := 30000.0
	d := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	s := 0.52 * math.Sqrt(1.0/365) * math.Sqrt(0.5) // a t₄ variable has variance 2
	for range days {
		fmt.Fprintf(&b, "%s,%.6f\n", d.Format(time.DateOnly), p)
		p *= math.Exp(s * r.Norm() / math.Sqrt(2*r.Gamma(2)/4))
		d = d.AddDate(0, 0, 1)
	}
	path := filepath.Join(t.TempDir(), "fat.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// readScenarioFile loads a written scenario strictly.
func readScenarioFile(t *testing.T, path string) model.Scenario {
	t.Helper()
	sc, err := model.LoadScenarioFile(path)
	require.NoError(t, err)
	return sc
}

// TestRunKeepsDriftView: -out keeps the base scenario's drift view and
// says so; -fit-drift puts the fitted drift in; the description says which.
func TestRunKeepsDriftView(t *testing.T) {
	hist := writeHistory(t, 4*365)
	dir := t.TempDir()
	kept, fitted, fits := filepath.Join(dir, "kept.json"), filepath.Join(dir, "fitted.json"), filepath.Join(dir, "fits.json")
	code, out, errs := runArgs("-history", hist, "-price", "gbm", "-out", kept, "-json", fits)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "price drift: the base scenario's view, 0.04 a year")
	assert.Contains(t, out, "-fit-drift puts the fitted drift in instead")
	sc := readScenarioFile(t, kept)
	assert.Equal(t, 0.04, sc.Market.BTCPrice.DriftPerYear)
	assert.Contains(t, sc.Description, "Price drift: the base scenario's view, 0.04 a year")
	assert.NotEqual(t, model.DefaultScenario().Description, sc.Description)

	var table []struct {
		Model  string `json:"model"`
		Params map[string]struct {
			Value float64 `json:"value"`
		} `json:"params"`
	}
	b, err := os.ReadFile(fits)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &table))
	drift := table[0].Params["driftPerYear"].Value
	require.NotEqual(t, 0.04, drift)

	code, out, errs = runArgs("-history", hist, "-price", "gbm", "-out", fitted, "-fit-drift")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "price drift: the window's fitted drift")
	sc = readScenarioFile(t, fitted)
	assert.Equal(t, drift, sc.Market.BTCPrice.DriftPerYear)
	assert.Contains(t, sc.Description, "it replaces the base scenario's view, 0.04 a year")
}

// TestRunAtBound: fat tails without jumps put the Merton fit at its
// jump-size bound; the table flags it, best passes it over and says why,
// and choosing it anyway says so in the output and the description.
func TestRunAtBound(t *testing.T) {
	hist := fatTailCSV(t, 1365)
	dir := t.TempDir()
	code, out, errs := runArgs("-history", hist, "-out", filepath.Join(dir, "best.json"))
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `merton +1364 +5 .* jumpSDLog\n`, out)
	assert.Contains(t, out, "price model: BIC chooses gbm: merton has a lower BIC")
	assert.Contains(t, out, "(at its bound)")
	assert.Equal(t, market.PriceGBM, readScenarioFile(t, filepath.Join(dir, "best.json")).Market.BTCPrice.Model)

	code, out, errs = runArgs("-history", hist, "-price", "merton", "-out", filepath.Join(dir, "merton.json"))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "price model: merton, as chosen, has jumpSDLog at a bound of its fit")
	sc := readScenarioFile(t, filepath.Join(dir, "merton.json"))
	assert.Equal(t, market.PriceMerton, sc.Market.BTCPrice.Model)
	assert.Contains(t, sc.Description, "Price model: merton, as chosen, has jumpSDLog at a bound of its fit")
}

// TestRunBaseStrict: -base is read by the strict scenario loader:
// repeated fields and nulls are errors with their line and column.
func TestRunBaseStrict(t *testing.T) {
	hist := writeHistory(t, 400)
	dir := t.TempDir()
	cases := []struct {
		name, doc, want string
	}{
		{"duplicate key", `{"name": "a", "name": "b"}`, "line 1, column"},
		{"null market", `{"market": null}`, "market"},
		{"unknown field", `{"finanse": {}}`, "finanse"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			require.NoError(t, os.WriteFile(base, []byte(tc.doc), 0o644))
			code, out, errs := runArgs("-history", hist, "-base", base, "-out", filepath.Join(dir, "out.json"))
			assert.Equal(t, 1, code, out)
			assert.Empty(t, out)
			oneLine(t, errs)
			assert.Contains(t, errs, base)
			assert.Contains(t, errs, tc.want)
		})
	}
	_, err := os.Stat(filepath.Join(dir, "out.json"))
	assert.True(t, os.IsNotExist(err), "a scenario was written from a rejected base")
}

// TestRunHistoryLimit: -history on a device that never ends stops at once
// with the file and the limit, instead of reading until memory runs out.
func TestRunHistoryLimit(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	done := make(chan struct{})
	var code int
	var out, errs string
	go func() {
		defer close(done)
		code, out, errs = runArgs("-history", "/dev/zero")
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("calibrate -history /dev/zero still reading after 30 s")
	}
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	oneLine(t, errs)
	assert.Contains(t, errs, "/dev/zero: calib: line 1: the line is longer than 1 MiB")
}

// TestRunMissingBlockColumn: a Coin Metrics file without BlkCnt says so.
func TestRunMissingBlockColumn(t *testing.T) {
	full, err := os.ReadFile(writeHistory(t, 400))
	require.NoError(t, err)
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(full)), "\n") {
		f := strings.Split(line, ",")
		b.WriteString(strings.Join(append(f[:2:2], f[3:]...), ",") + "\n") // drop column 3, BlkCnt
	}
	require.True(t, strings.HasPrefix(b.String(), "time,AdrActCnt,DiffMean,"))
	path := filepath.Join(t.TempDir(), "noblocks.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	code, out, errs := runArgs("-history", path)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "network not fitted (the scenario keeps its base parameters): calib: network fit: this file has no block-count column (BlkCnt)")
	assert.NotContains(t, out, "no blocks on")
}
