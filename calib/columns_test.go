package calib

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// historyCSV writes h as a Coin Metrics-layout CSV with only the named
// columns besides time (Coin Metrics names), and reads it back.
func historyCSV(t *testing.T, h *History, cols ...string) *History {
	t.Helper()
	series := map[string][]float64{
		"PriceUSD": h.PriceUSD, "HashRate": h.HashrateTHs, "DiffMean": h.Difficulty,
		"BlkCnt": h.Blocks, "FeeTotNtv": h.FeesBTC, "IssTotNtv": h.IssuanceBTC,
	}
	var b strings.Builder
	b.WriteString("time," + strings.Join(cols, ",") + "\n")
	for i, d := range h.Dates {
		b.WriteString(d.Format(time.RFC3339))
		for _, c := range cols {
			fmt.Fprintf(&b, ",%g", series[c][i])
		}
		b.WriteString("\n")
	}
	back, err := ReadHistory(strings.NewReader(b.String()))
	require.NoError(t, err)
	return back
}

// TestMissingColumns: a file without a column says so, not "no blocks on
// <its first day>" as if one day's cell were empty.
func TestMissingColumns(t *testing.T) {
	h := simMarketHistory(t, market.DefaultMarketParams(), 400, 7, false)
	tests := []struct {
		name          string
		cols          []string
		network, fees string
	}{
		{"no BlkCnt", []string{"PriceUSD", "HashRate", "FeeTotNtv", "IssTotNtv"},
			"network fit: this file has no block-count column (BlkCnt), or it is empty on every day",
			"fee fit: this file has no block-count column (BlkCnt), or it is empty on every day"},
		{"no HashRate", []string{"PriceUSD", "BlkCnt", "FeeTotNtv", "IssTotNtv"},
			"network fit: this file has no hash-rate column (HashRate)", ""},
		{"no FeeTotNtv", []string{"PriceUSD", "HashRate", "BlkCnt", "IssTotNtv"},
			"network fit: this file has no fee column (FeeTotNtv)", "fee fit: this file has no fee column (FeeTotNtv)"},
		{"no IssTotNtv", []string{"PriceUSD", "HashRate", "BlkCnt", "FeeTotNtv"},
			"the history has no IssTotNtv column and does not start at the genesis day", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Calibrate(historyCSV(t, h, tc.cols...), time.Time{}, time.Time{}, nil)
			require.NoError(t, err)
			assert.Contains(t, c.Errors[ModelNetwork], tc.network)
			assert.NotContains(t, c.Errors[ModelNetwork], "on 2001-")
			if tc.fees == "" {
				assert.NotContains(t, c.Errors, ModelFees)
			} else {
				assert.Contains(t, c.Errors[ModelFees], tc.fees)
			}
		})
	}
	// One empty cell is still named by its day.
	g := historyCSV(t, h, "PriceUSD", "HashRate", "BlkCnt", "FeeTotNtv", "IssTotNtv")
	g.Blocks[100] = nan
	_, err := FitFees(g, time.Time{}, time.Time{})
	assert.ErrorContains(t, err, "fee fit: no blocks on 2001-04-11 (BlkCnt is empty)")
}
