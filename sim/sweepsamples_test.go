package sim

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// samePrinted fails unless a and b print the same with %#v, which writes
// every float64 in the fewest digits that read back to its bits (so a
// change in the last bit shows, and NaN equals NaN).
func samePrinted(t *testing.T, what string, a, b any) {
	t.Helper()
	if x, y := fmt.Sprintf("%#v", a), fmt.Sprintf("%#v", b); x != y {
		t.Errorf("%s differ:\n%s\n%s", what, x, y)
	}
}

// WithSamples leaves the frontier's points bit-identical and keeps, per
// fraction, the very samples a Run of the same strategies holds: the ends
// and middle of the default scenario are pure mining, the 50 % hybrid and
// full AI, path for path (NPV, IRR and payback), also from a first path
// other than 0 and without antithetic pairs.
func TestFrontierSamples(t *testing.T) {
	sc := shortDefault(3)
	for _, cfg := range []Config{{Paths: 400, Seed: 7, Antithetic: true}, {Paths: 401, FirstPath: 1001, Seed: 8, Workers: 3}} {
		fr := []float64{0, 0.5, 1}
		plain, err := Frontier(context.Background(), sc, fr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var s SweepSamples
		kept, err := Frontier(context.Background(), sc, fr, cfg, WithSamples(&s))
		if err != nil {
			t.Fatal(err)
		}
		samePrinted(t, "points with and without samples", plain, kept)
		if s.FirstPath != cfg.FirstPath || s.Antithetic != cfg.Antithetic || len(s.Runs) != len(fr) {
			t.Fatalf("samples: first path %d, antithetic %v, %d runs; want %d, %v, %d", s.FirstPath, s.Antithetic, len(s.Runs), cfg.FirstPath, cfg.Antithetic, len(fr))
		}
		res := mustRun(t, sc, cfg)
		for j, name := range []string{"pure mining", "hybrid 50% colocation", "full AI colocation"} {
			r := s.Runs[j]
			if r.Name != plain[j].Summary.Name || r.Fraction != fr[j] || r.Input != "" || r.Side != "" {
				t.Errorf("run %d: name %q, fraction %g, input %q, side %q; want %q, %g", j, r.Name, r.Fraction, r.Input, r.Side, plain[j].Summary.Name, fr[j])
			}
			k := slices.Index(res.StrategyNames(), name)
			sameFloats(t, name+" npv", r.NPV, res.NPV[k])
			sameFloats(t, name+" irr", r.IRRPerYear, res.IRRPerYear[k])
			sameFloats(t, name+" payback", r.PaybackMonths, res.PaybackMonths[k])
		}
	}
}

// With NPVSamplesOnly the samples hold the NPVs alone; a nil destination
// and a failed sweep keep nothing and leave the destination as it was.
func TestSweepSamplesNPVOnlyAndErrors(t *testing.T) {
	sc := shortDefault(1)
	cfg := Config{Paths: 400, Seed: 3, NPVSamplesOnly: true}
	var s SweepSamples
	if _, err := Frontier(context.Background(), sc, []float64{0.2}, cfg, WithSamples(&s)); err != nil {
		t.Fatal(err)
	}
	if r := s.Runs[0]; len(r.NPV) != 400 || r.IRRPerYear != nil || r.PaybackMonths != nil {
		t.Errorf("npv-only run kept %d NPVs, IRR %v, payback %v; want 400, nil, nil", len(r.NPV), r.IRRPerYear != nil, r.PaybackMonths != nil)
	}
	if _, err := Frontier(context.Background(), sc, []float64{0.2}, cfg, WithSamples(nil), nil); err != nil {
		t.Errorf("nil destination and nil option: %v", err)
	}
	before := s
	if _, err := Frontier(context.Background(), sc, []float64{2}, cfg, WithSamples(&s)); err == nil {
		t.Fatal("fraction 2 accepted")
	}
	in := []model.InputRange{{Input: model.DiscountRateInput(), Low: 0.05, High: 3}}
	if _, err := Tornado(context.Background(), sc, "pure mining", in, cfg, MeasureMean, WithSamples(&s)); err == nil {
		t.Fatal("a discount rate of 3 accepted")
	}
	samePrinted(t, "samples after failed sweeps", before, s)
}

// WithSamples leaves the tornado's rows bit-identical and keeps the base
// run, then each input's low and high side in the order of the inputs
// (not the rows' order): the base is the strategy's samples in a run of
// the whole scenario, a side is a run of the scenario with the input
// moved, a side at the base value shares the base's samples, and each
// run's measure is the row's figure.
func TestTornadoSamples(t *testing.T) {
	sc := shortDefault(2)
	const name = "hybrid 50% colocation"
	inputs := []model.InputRange{
		{Input: model.DiscountRateInput(), Low: 0.05, High: 0.11, Source: "test"}, // high = base
		{Input: model.CapexInput(), Low: 6, High: 12, Source: "test"},
	}
	cfg := tornadoCfg()
	plain, err := Tornado(context.Background(), sc, name, inputs, cfg, MeasureES95)
	if err != nil {
		t.Fatal(err)
	}
	var s SweepSamples
	cfg.Workers = 2
	kept, err := Tornado(context.Background(), sc, name, inputs, cfg, MeasureES95, WithSamples(&s))
	if err != nil {
		t.Fatal(err)
	}
	samePrinted(t, "rows with and without samples", plain, kept)
	want := []struct {
		name, input, side string
		value             float64
	}{{"base", "", "", 0}, {"discount rate=low", "discount rate", "low", 0.05}, {"discount rate=high", "discount rate", "high", 0.11},
		{"capex per MW=low", "capex per MW", "low", 6}, {"capex per MW=high", "capex per MW", "high", 12}}
	if len(s.Runs) != len(want) || !s.Antithetic || s.FirstPath != 0 {
		t.Fatalf("%d runs, antithetic %v, first path %d; want %d, true, 0", len(s.Runs), s.Antithetic, s.FirstPath, len(want))
	}
	for k, w := range want {
		r := s.Runs[k]
		if r.Name != w.name || r.Input != w.input || r.Side != w.side || r.Value != w.value {
			t.Errorf("run %d: %q %q %q %g, want %q %q %q %g", k, r.Name, r.Input, r.Side, r.Value, w.name, w.input, w.side, w.value)
		}
		if len(r.NPV) != cfg.Paths || len(r.IRRPerYear) != cfg.Paths || len(r.PaybackMonths) != cfg.Paths {
			t.Errorf("run %d: %d, %d, %d samples, want %d each", k, len(r.NPV), len(r.IRRPerYear), len(r.PaybackMonths), cfg.Paths)
		}
	}
	full := mustRun(t, sc, cfg)
	k := slices.Index(full.StrategyNames(), name)
	sameFloats(t, "base npv", s.Runs[0].NPV, full.NPV[k])
	sameFloats(t, "base irr", s.Runs[0].IRRPerYear, full.IRRPerYear[k])
	sameFloats(t, "high discount rate (the base value)", s.Runs[2].NPV, s.Runs[0].NPV)
	one, _ := sc.Only(name)
	moved := one
	moved.Finance.DiscountRatePerYear = 0.05
	sameFloats(t, "low discount rate", s.Runs[1].NPV, mustRun(t, &moved, cfg).NPV[0])
	rows := map[string]TornadoRow{}
	for _, r := range kept {
		rows[r.Input] = r
	}
	for _, r := range s.Runs[1:] {
		got, err := MeasureES95.Of(r.NPV)
		if err != nil {
			t.Fatal(err)
		}
		row := rows[r.Input]
		if w := map[string]float64{"low": row.AtLow, "high": row.AtHigh}[r.Side]; got != w {
			t.Errorf("%s: ES95 of the samples %g, the row's %g", r.Name, got, w)
		}
	}
}
