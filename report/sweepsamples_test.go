package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// A frontier's samples become the table path, pair, then each share's
// NPV, IRR and payback named after its strategy, the very slices the
// sweep kept; its CSV reads back to the same numbers.
func TestNewSweepSamplesFrontier(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	var ss sim.SweepSamples
	cfg := sim.Config{Paths: 400, FirstPath: 10, Seed: 5, Antithetic: true}
	if _, err := sim.Frontier(context.Background(), &sc, []float64{0, 0.3}, cfg, sim.WithSamples(&ss)); err != nil {
		t.Fatal(err)
	}
	s, err := NewSweepSamples(&ss)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"path", "pair", "npv_usd.hybrid 0%", "irr_per_year.hybrid 0%", "payback_months.hybrid 0%",
		"npv_usd.hybrid 30%", "irr_per_year.hybrid 30%", "payback_months.hybrid 30%"}
	var got []string
	for _, c := range s.Columns {
		got = append(got, c.Name)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("columns %q, want %q", got, want)
	}
	if s.Rows() != 400 || s.Columns[0].Indices[0] != 10 || s.Columns[1].Indices[1] != 5 || s.Columns[1].Indices[2] != 6 {
		t.Errorf("%d rows, first path %d, pairs %d, %d; want 400, 10, 5, 6", s.Rows(), s.Columns[0].Indices[0], s.Columns[1].Indices[1], s.Columns[1].Indices[2])
	}
	if &s.Columns[5].Values[0] != &ss.Runs[1].NPV[0] {
		t.Error("the NPV column is a copy, not the sweep's slice")
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs[1:] {
		v, err := strconv.ParseFloat(rec[5], 64)
		if err != nil || v != ss.Runs[1].NPV[i] {
			t.Fatalf("row %d: %q, want %v", i, rec[5], ss.Runs[1].NPV[i])
		}
	}
}

// Samples that cannot make one table are refused with the reason.
func TestNewSweepSamplesErrors(t *testing.T) {
	npv := func(n int) []float64 { return make([]float64, n) }
	cases := []struct {
		name string
		ss   *sim.SweepSamples
		want string
	}{
		{"nil", nil, "no runs"},
		{"no runs", &sim.SweepSamples{}, "no runs"},
		{"empty", &sim.SweepSamples{Runs: []sim.SweepRun{{Name: "a"}}}, `run "a" has 0 NPV samples`},
		{"unequal", &sim.SweepSamples{Runs: []sim.SweepRun{{Name: "a", NPV: npv(3)}, {Name: "b", NPV: npv(2)}}}, `run "b" has 2 NPV samples and run "a" 3`},
		{"same name", &sim.SweepSamples{Runs: []sim.SweepRun{{Name: "a", NPV: npv(3)}, {Name: "a", NPV: npv(3)}}}, `runs 0 and 1 are both named "a"`},
		{"short IRR", &sim.SweepSamples{Runs: []sim.SweepRun{{Name: "a", NPV: npv(3), IRRPerYear: npv(2), PaybackMonths: npv(3)}}}, "2 IRR and 3 payback samples for 3 paths"},
		{"IRR only", &sim.SweepSamples{Runs: []sim.SweepRun{{Name: "a", NPV: npv(3), IRRPerYear: []float64{1, 2, math.NaN()}}}}, "3 IRR and 0 payback"},
	}
	for _, tc := range cases {
		if _, err := NewSweepSamples(tc.ss); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
