package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// TestRealOptionJSON: a real option in a scenario file decodes over the
// defaults (an "option" member starts from DefaultRealOption, its state
// replaced whole), writes back, and reads back the same.
func TestRealOptionJSON(t *testing.T) {
	doc := `{"strategies": [
		{"kind": "pureMining"},
		{"kind": "realOption", "fraction": 1, "phases": 4, "business": "gpuCloud",
		 "option": {"decisionMonths": 6, "maxBlocksPerDecision": 1, "state": ["hashprice", "gpuRentToTrend"]}},
		{"kind": "realOption", "fraction": 0.5}
	]}`
	sc, err := LoadScenario(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	o := sc.Strategies[1].OptionSettings()
	want := DefaultRealOption()
	want.DecisionMonths, want.MaxBlocksPerDecision = 6, 1
	want.State = []market.Series{market.SeriesHashprice, market.SeriesGPURentToTrend}
	if o.DecisionMonths != 6 || o.MaxBlocksPerDecision != 1 || len(o.State) != 2 || o.State[1] != market.SeriesGPURentToTrend ||
		o.Basis != want.Basis || o.Degree != want.Degree || o.CalibrationPaths != want.CalibrationPaths || !o.GPURegime {
		t.Errorf("option %+v, want %+v", o, want)
	}
	if sc.Strategies[2].Option != nil {
		t.Errorf("an option left out decodes to %+v, want nil (the defaults)", *sc.Strategies[2].Option)
	}
	names := sc.StrategyNames()
	if names[1] != "real option 100% GPU cloud, 4 blocks, one a decision" || names[2] != "real option 50% colocation" {
		t.Errorf("names %q", names)
	}
	b, err := json.Marshal(sc.Strategies[1])
	if err != nil {
		t.Fatal(err)
	}
	var back StrategySpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if back.Name() != names[1] || back.OptionSettings().DecisionMonths != 6 || back.Phases != 4 {
		t.Errorf("read back %s as %+v", b, back)
	}
}

// TestRealOptionRefused: every bad field of a real option is named with
// its value and range, at its place in the file.
func TestRealOptionRefused(t *testing.T) {
	for _, c := range []struct{ strategy, want string }{
		{`{"kind": "realOption"}`, `fraction: missing for kind "realOption"`},
		{`{"kind": "realOption", "fraction": 1, "option": {"decisionMonths": 0}}`, "option.decisionMonths = 0: must be in (0, 1200]"},
		{`{"kind": "realOption", "fraction": 1, "option": {"state": ["months"]}}`, "state[0] = months: must be a market series"},
		{`{"kind": "realOption", "fraction": 1, "option": {"state": ["gpuRent", "gpuRent"]}}`, "state[1] = gpuRent: given twice"},
		{`{"kind": "realOption", "fraction": 1, "option": {"state": [], "gpuRegime": false}}`, "must name at least one series"},
		{`{"kind": "realOption", "fraction": 1, "option": {"basis": "spline"}}`, `option.basis = "spline": must be polynomial or laguerre`},
		{`{"kind": "realOption", "fraction": 1, "option": {"degree": 5}}`, "option.degree = 5: must be"},
		{`{"kind": "realOption", "fraction": 1, "option": {"calibrationPaths": 1001}}`, "option.calibrationPaths = 1001: must be even"},
		{`{"kind": "realOption", "fraction": 1, "option": {"maxBlocksPerDecision": 2}}`, "option.maxBlocksPerDecision = 2"},
		{`{"kind": "realOption", "fraction": 1, "startMonths": 3}`, "startMonths = 3: must be 0 (unset) for kind realOption"},
		{`{"kind": "hybrid", "fraction": 1, "option": {}}`, `option = "{…}": must be unset for kind hybrid`},
		{`{"kind": "realOption", "fraction": 1, "option": {"decisionMonths": 2.5}}`, "option.decisionMonths = 2.5: must be a whole number of steps (of 1 months)"},
	} {
		_, err := LoadScenario(strings.NewReader(`{"strategies": [` + c.strategy + `]}`))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.strategy, err, c.want)
		}
	}
}

// TestRealOptionOnTheGrid: decision dates off the scenario's steps are
// refused where the file sets them.
func TestRealOptionOnTheGrid(t *testing.T) {
	doc := `{"finance": {"stepMonths": 3},
	 "strategies": [{"kind": "realOption", "fraction": 1, "option": {"decisionMonths": 2}}]}`
	_, err := LoadScenario(strings.NewReader(doc))
	if err == nil || !strings.Contains(err.Error(), "line 2") ||
		!strings.Contains(err.Error(), "strategies[0].option.decisionMonths = 2: must be a whole number of steps (of 3 months)") {
		t.Errorf("error %v", err)
	}
}

// TestRealOptionNeedsFit: a plan of a real option without a fitted rule
// compiles (its steps and strategies are known), but a simulator of it is
// refused with what to do; so is a decision interval that is not a whole
// number of steps.
func TestRealOptionNeedsFit(t *testing.T) {
	sc := DefaultScenario()
	sc.Strategies = []StrategySpec{NewRealOption(1, 1, nil, DefaultRealOption())}
	plan, err := NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.NewSimulator(); err == nil || !strings.Contains(err.Error(), "has no fitted rule: run it with sim.Run") {
		t.Errorf("error %v", err)
	}
	o := DefaultRealOption()
	o.DecisionMonths = 2.5
	sp := NewRealOption(1, 1, nil, o)
	env := site.Env{Facility: sc.Facility, Finance: sc.Finance, DtYears: sc.Finance.DtYears(), Steps: sc.Finance.Steps()}
	if _, err := sp.OptionProbe(env); err == nil || !strings.Contains(err.Error(), "option.decisionMonths = 2.5: must be a whole number of steps (of 1 months)") {
		t.Errorf("error %v", err)
	}
}

// TestSameAs: the benchmarks of a real option are recognized among
// strategies written another way, and nothing else is.
func TestSameAs(t *testing.T) {
	o := DefaultRealOption()
	opt := NewRealOption(1, 1, nil, o)
	now, never := opt.Benchmarks()
	for _, c := range []struct {
		a, b StrategySpec
		same bool
	}{
		{now, FullAI(0, nil), true},
		{now, FullAI(0, site.DefaultLease()), true},
		{now, Hybrid(1, 0, nil), true},
		{now, Hybrid(1, 3, nil), false},
		{now, FullAI(0, site.DefaultGPUCloud()), false},
		{never, PureMining(), true},
		{never, Hybrid(0.5, 0, nil), false},
	} {
		if got := SameAs(c.a, c.b); got != c.same {
			t.Errorf("SameAs(%s, %s) = %v, want %v", c.a.Name(), c.b.Name(), got, c.same)
		}
	}
	o.MaxBlocksPerDecision = 1
	staged := NewRealOption(1, 4, nil, o)
	now, _ = staged.Benchmarks()
	if h := (StrategySpec{Kind: KindHybrid, Fraction: 1, Phases: 4, PhaseIntervalMonths: 3}); !SameAs(now, h) {
		t.Errorf("the staged benchmark %+v is not one block a quarter", now)
	}
}
