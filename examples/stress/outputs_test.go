package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// TestStressSweepOutputs: -json has a row per strategy of every scenario,
// the moves only where a base counterpart exists; -csv and -html are
// written.
func TestStressSweepOutputs(t *testing.T) {
	dir := t.TempDir()
	js, cs, ht := filepath.Join(dir, "s.json"), filepath.Join(dir, "s.csv"), filepath.Join(dir, "s.html")
	clitest.Run(t, run, "-paths", "400", "-json", js, "-csv", cs, "-html", ht,
		filepath.Join("..", "scenarios", "btc-crash.json")).WantOK(t)
	var r results
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &r))
	require.Equal(t, "default", r.Rows[0].Scenario)
	moved := 0
	for _, x := range r.Rows {
		if x.DMeanUSD != nil {
			moved++
			require.NotEmpty(t, x.BaseStrategy)
		}
	}
	require.Positive(t, moved)
	for _, f := range []string{cs, ht} {
		st, err := os.Stat(f)
		require.NoError(t, err)
		require.Positive(t, st.Size())
	}
}

// TestStressSamples: -samples writes one row per path with every
// scenario's strategies' NPVs side by side (the same paths).
func TestStressSamples(t *testing.T) {
	dir := t.TempDir()
	cs := filepath.Join(dir, "s.csv")
	clitest.Run(t, run, "-paths", "400", "-samples", cs, filepath.Join("..", "scenarios", "btc-crash.json")).WantOK(t)
	f, err := os.Open(cs)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 401)
	require.Equal(t, []string{"path", "pair", "npv_usd.default/pure mining"}, recs[0][:3])
	require.Contains(t, recs[0], "npv_usd.btc-crash/pure mining")
}
