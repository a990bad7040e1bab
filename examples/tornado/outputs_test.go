package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// TestTornadoSweepOutputs: -json, -csv and -html write the rows; the
// CSV's swings equal the JSON's in full.
func TestTornadoSweepOutputs(t *testing.T) {
	dir := t.TempDir()
	js, cs, ht := filepath.Join(dir, "t.json"), filepath.Join(dir, "t.csv"), filepath.Join(dir, "t.html")
	clitest.Run(t, run, "-paths", "400", "-out", dir, "-json", js, "-csv", cs, "-html", ht).WantOK(t)
	var r results
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &r))
	require.NotEmpty(t, r.Rows)
	f, err := os.Open(cs)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, len(r.Rows)+1)
	for i, row := range r.Rows {
		s, err := strconv.ParseFloat(recs[i+1][11], 64)
		require.NoError(t, err)
		require.Equal(t, row.Swing, s)
	}
	page, err := os.ReadFile(ht)
	require.NoError(t, err)
	require.Contains(t, string(page), `id="tornado-table"`)
}
