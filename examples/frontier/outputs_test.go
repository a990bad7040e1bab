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
