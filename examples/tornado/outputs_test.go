package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
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

// TestTornadoSamples: -samples writes every path's NPV, IRR and payback
// in every run, base first, then each input's low and high side in the
// order of model.TornadoInputs; each column's mean is the JSON's figure
// exactly, and asking for the samples leaves the JSON unchanged byte for
// byte.
func TestTornadoSamples(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-paths", "400", "-out", dir}
	plain, js, cs := filepath.Join(dir, "plain.json"), filepath.Join(dir, "t.json"), filepath.Join(dir, "t.csv")
	clitest.Run(t, run, append(args, "-json", plain)...).WantOK(t)
	clitest.Run(t, run, append(args, "-json", js, "-samples", cs)...).WantOK(t)
	a, err := os.ReadFile(plain)
	require.NoError(t, err)
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.Equal(t, string(a), string(b), "-samples changed the results")
	var r results
	require.NoError(t, json.Unmarshal(b, &r))

	sc := model.DefaultScenario()
	one, err := sc.Only(r.Strategy)
	require.NoError(t, err)
	want := []string{"path", "pair"}
	for _, run := range append([]string{"base"}, sides(model.TornadoInputs(one))...) {
		want = append(want, "npv_usd."+run, "irr_per_year."+run, "payback_months."+run)
	}
	f, err := os.Open(cs)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 401)
	require.Equal(t, want, recs[0])
	col := func(name string) []float64 {
		i := slices.Index(recs[0], name)
		require.GreaterOrEqual(t, i, 0, name)
		var xs []float64
		for _, rec := range recs[1:] {
			x, err := strconv.ParseFloat(rec[i], 64)
			require.NoError(t, err, name)
			xs = append(xs, x)
		}
		return xs
	}
	mean := func(name string) float64 {
		m, err := sim.MeasureMean.Of(col(name))
		require.NoError(t, err)
		return m
	}
	for _, row := range r.Rows {
		require.Equal(t, row.AtBase, mean("npv_usd.base"))
		require.Equal(t, row.AtLow, mean("npv_usd."+row.Input+"=low"), row.Input)
		require.Equal(t, row.AtHigh, mean("npv_usd."+row.Input+"=high"), row.Input)
	}
}

// sides returns the names of the runs of inputs' sides: "INPUT=low",
// "INPUT=high" for each input in order.
func sides(inputs []model.InputRange) []string {
	var out []string
	for _, in := range inputs {
		out = append(out, in.Name+"=low", in.Name+"=high")
	}
	return out
}
