package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/site"
)

func TestDefaultScenarioValid(t *testing.T) {
	sc := DefaultScenario()
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []string{"pure mining", "hybrid 50% colocation", "full AI colocation"}
	got := sc.StrategyNames()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("default strategies %q, want %q", got, want)
	}
}

func TestScenarioValidateMessages(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Scenario)
		want string
	}{
		{"hybrid fraction", func(sc *Scenario) { sc.Strategies[1].Fraction = 1.3 },
			"strategies[1].fraction = 1.3: must be in [0, 1]"},
		{"negative build time", func(sc *Scenario) {
			c := site.DefaultConversion()
			c.BuildMonths = dist.Fixed(-3)
			sc.Strategies[2].Conversion = &c
		}, "strategies[2].conversion.buildMonths.min = -3: must be ≥ 0"},
		{"zero lease term", func(sc *Scenario) {
			l := site.DefaultLease()
			l.TermYears = 0
			sc.Strategies[1].Contract = l
		}, "strategies[1].lease.termYears = 0: must be in (0, 50]"},
		{"negative discount rate", func(sc *Scenario) { sc.Finance.DiscountRatePerYear = -2 },
			"finance.discountRatePerYear = -2: must be in [0, 1]"},
		{"step not dividing the horizon", func(sc *Scenario) { sc.Finance.StepMonths = 7 },
			"finance.stepMonths = 7: must be a divisor of the horizon of 120 months"},
		{"step longer than the horizon", func(sc *Scenario) { sc.Finance.StepMonths = 240 },
			"finance.stepMonths = 240: must be ≤ the horizon of 120 months"},
		{"facility", func(sc *Scenario) { sc.Facility.ITFraction = 0 }, "facility.itFraction = 0: must be in (0, 1]"},
		{"unknown kind", func(sc *Scenario) { sc.Strategies[0].Kind = "solar" }, `strategies[0].kind = "solar"`},
		{"duplicate name", func(sc *Scenario) { sc.Strategies = append(sc.Strategies, PureMining()) },
			`strategies[3].name = "pure mining": must be unique (also the name of strategies[0])`},
		{"fraction on pure mining", func(sc *Scenario) { sc.Strategies[0].Fraction = 0.5 }, "strategies[0].fraction = 0.5"},
		{"no strategies", func(sc *Scenario) { sc.Strategies = nil }, "strategies"},
		{"nil custom", func(sc *Scenario) { sc.Custom = []site.Strategy{nil} }, "custom[0]"},
		{"trigger", func(sc *Scenario) {
			sc.Strategies = append(sc.Strategies, ConditionalSwitch(0.5, site.Trigger{ForMonths: 3}, nil))
		}, "strategies[3].trigger.hashpriceBelowUSDPerPHDay = 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := DefaultScenario()
			tc.edit(&sc)
			err := sc.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant one containing %q", err, tc.want)
			}
			if _, err := NewPlan(&sc); err == nil {
				t.Error("NewPlan accepted the scenario")
			}
		})
	}
}

func TestScenarioValidateListsEveryProblem(t *testing.T) {
	sc := DefaultScenario()
	sc.Strategies[1].Fraction = 1.3
	sc.Finance.DiscountRatePerYear = -2
	sc.Facility.GridMW = 0
	err := sc.Validate()
	for _, w := range []string{"strategies[1].fraction", "finance.discountRatePerYear", "facility.gridMW"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not name %s", err, w)
		}
	}
}

func TestScenarioJSON(t *testing.T) {
	sc := DefaultScenario()
	b, err := json.Marshal(&sc)
	if err != nil {
		t.Fatal(err)
	}
	var back Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(back.StrategyNames(), "|") != strings.Join(sc.StrategyNames(), "|") || back.Facility != sc.Facility || back.Finance != sc.Finance {
		t.Errorf("round trip changed the scenario: %s", b)
	}
	// A partial document keeps the defaults for what it leaves out.
	var part Scenario
	if err := json.Unmarshal([]byte(`{"name":"small","facility":{"gridMW":20},"strategies":[{"kind":"fullAI","business":"gpuCloud"}]}`), &part); err != nil {
		t.Fatal(err)
	}
	f := site.DefaultFacility()
	f.GridMW = 20
	if part.Facility != f || part.Finance != site.DefaultFinance() || len(part.Strategies) != 1 || part.Strategies[0].terms().Business() != "gpuCloud" {
		t.Errorf("partial scenario decoded as %+v", part)
	}
	if err := part.Validate(); err != nil {
		t.Error(err)
	}
}
