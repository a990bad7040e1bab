package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/calib"
)

// TestRunSamples: -samples writes one row per daily log return of the
// window, the returns the price fits were made on (as many as the JSON
// table's N, from the day after -from): each the log of the day's price
// over the day before's in the history, the GBM residuals standardized
// (mean 0, mean square 1: maximum likelihood), and probabilities in
// [0, 1]; as Parquet the date is a DATE. Another extension is a usage
// error.
func TestRunSamples(t *testing.T) {
	hist := writeHistory(t, 4*365)
	dir := t.TempDir()
	fits, days, pq := filepath.Join(dir, "fits.json"), filepath.Join(dir, "days.csv"), filepath.Join(dir, "days.parquet")
	code, _, errs := runArgs("-history", hist, "-from", "2020-03-01", "-to", "2023-12-31", "-json", fits, "-samples", days)
	require.Equal(t, 0, code, errs)
	var table []struct {
		Model string `json:"model"`
		N     int    `json:"n"`
	}
	b, err := os.ReadFile(fits)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &table))
	f, err := os.Open(days)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"date", "price_usd", "log_return", "gbm_z", "merton_jump_prob", "regime_volatile_prob", "regime_volatile_prob_filtered"}, recs[0])
	require.Len(t, recs, 1+table[0].N)
	require.Equal(t, "2020-03-02", recs[1][0])
	require.Equal(t, "2023-12-31", recs[len(recs)-1][0])

	h, err := calib.ReadHistoryFile(hist)
	require.NoError(t, err)
	price := map[string]float64{}
	for i, d := range h.Dates {
		price[d.Format(time.DateOnly)] = h.PriceUSD[i]
	}
	var sz, sz2 float64
	for _, rec := range recs[1:] {
		x := make([]float64, len(rec))
		for j := 1; j < len(rec); j++ {
			x[j], err = strconv.ParseFloat(rec[j], 64)
			require.NoError(t, err, "%s column %s", rec[0], recs[0][j])
		}
		d, _ := time.Parse(time.DateOnly, rec[0])
		prev := d.AddDate(0, 0, -1).Format(time.DateOnly)
		require.Equal(t, price[rec[0]], x[1])
		require.InDelta(t, math.Log(price[rec[0]]/price[prev]), x[2], 1e-12, rec[0])
		sz += x[3]
		sz2 += x[3] * x[3]
		for _, p := range x[4:] {
			require.True(t, p >= 0 && p <= 1, "%s: probability %g", rec[0], p)
		}
	}
	n := float64(len(recs) - 1)
	assert.InDelta(t, 0, sz/n, 1e-9, "mean of the standardized residuals")
	assert.InDelta(t, 1, sz2/n, 1e-9, "mean square of the standardized residuals")

	code, _, errs = runArgs("-history", hist, "-from", "2020-03-01", "-to", "2023-12-31", "-samples", pq)
	require.Equal(t, 0, code, errs)
	raw, err := os.ReadFile(pq)
	require.NoError(t, err)
	pf, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	require.Equal(t, int64(table[0].N), pf.NumRows())
	col, ok := pf.Schema().Lookup("date")
	require.True(t, ok)
	require.NotNil(t, col.Node.Type().LogicalType().Date)

	code, _, errs = runArgs("-history", hist, "-samples", filepath.Join(dir, "days.xlsx"))
	require.Equal(t, 2, code)
	oneLine(t, errs)
	assert.Contains(t, errs, "-samples")
	assert.Contains(t, errs, ".csv or .parquet")
}

// The Merton jump probabilities come from the density the fit maximizes:
// at its maximum the likelihood's derivatives in the daily jump intensity
// l and the daily mean m vanish, which says that the expected number of
// jumps given each day's return sums to l·N, and that the returns'
// deviations from each component's mean, weighted by the posterior and
// the component's precision, sum to 0. A posterior that used another
// parametrization (the jump size's standard deviation for its variance,
// the annual instead of the daily intensity) breaks them.
func TestMertonPosteriorAtTheFit(t *testing.T) {
	hist := writeHistory(t, 4*365)
	h, err := calib.ReadHistoryFile(hist)
	require.NoError(t, err)
	c, err := calib.Calibrate(h, time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), nil)
	require.NoError(t, err)
	f := c.Price.Merton
	require.NotNil(t, f)
	require.Empty(t, f.AtBound(), "the test needs an interior fit")
	w, err := h.Window(c.From, c.To)
	require.NoError(t, err)
	r, err := w.LogReturns()
	require.NoError(t, err)
	l := f.JumpsPerYear * dayYears
	v := f.VolPerYear * f.VolPerYear * dayYears
	b2 := f.JumpSDLog * f.JumpSDLog
	m := (f.DriftPerYear - f.VolPerYear*f.VolPerYear/2 - f.JumpsPerYear*math.Expm1(f.JumpMeanLog+b2/2)) * dayYears
	var jumps, score, scale float64
	var post []float64
	for _, x := range r {
		post = mertonPosterior(f, x, post)
		sum := 0.0
		for k, p := range post {
			sum += p
			jumps += float64(k) * p
			dev := (x - m - float64(k)*f.JumpMeanLog) / (v + float64(k)*b2)
			score += p * dev
			scale += p * math.Abs(dev)
		}
		require.InDelta(t, 1, sum, 1e-12)
	}
	n := float64(len(r))
	t.Logf("expected jumps %.4f, l·N %.4f; mean score %.3g of mean |score| %.3g", jumps, l*n, score/n, scale/n)
	assert.InDelta(t, l*n, jumps, 1e-3*l*n, "expected jumps given the returns sum to l·N at the maximum")
	assert.Less(t, math.Abs(score), 1e-3*scale, "the score in the daily mean vanishes at the maximum")
}
