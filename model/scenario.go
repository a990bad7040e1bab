package model

import (
	"encoding/json"
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Scenario is everything a run compares: the market, the site, the finance
// terms and the strategies. It is plain data with JSON tags (the user's own
// strategies, added in Go, are not serialised). Build a Plan from it with
// NewPlan.
type Scenario struct {
	// Name labels the scenario in results.
	Name string `json:"name"`
	// Market is the market the site lives in.
	Market MarketParams `json:"market"`
	// Facility is the site.
	Facility Facility `json:"facility"`
	// Finance holds the discount rate, horizon, step, tax and terminal value.
	Finance Finance `json:"finance"`
	// Strategies are the built-in strategies to compare.
	Strategies []StrategySpec `json:"strategies"`
	// Custom are the user's own strategies, run after the built-in ones.
	Custom []Strategy `json:"-"`
}

// DefaultScenario compares pure mining, a 50 % hybrid and a full AI
// conversion (colocation) of the default 100 MW site in the default market,
// with construction starting at once, over ten years in monthly steps.
func DefaultScenario() Scenario {
	return Scenario{
		Name:     "default",
		Market:   DefaultMarketParams(),
		Facility: DefaultFacility(),
		Finance:  DefaultFinance(),
		Strategies: []StrategySpec{
			PureMining(),
			Hybrid(0.5, 0, BusinessColocation),
			FullAI(0, BusinessColocation),
		},
	}
}

// UnmarshalJSON decodes a scenario starting from DefaultScenario, so that a
// partial document changes only the fields it names (a "strategies" array,
// when present, replaces the default strategies).
func (sc *Scenario) UnmarshalJSON(b []byte) error {
	type plain Scenario
	p := plain(DefaultScenario())
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	custom := sc.Custom
	*sc = Scenario(p)
	sc.Custom = custom
	return nil
}

// StrategyNames returns the names of the scenario's strategies, built-in
// first, then custom.
func (sc *Scenario) StrategyNames() []string {
	names := make([]string, 0, len(sc.Strategies)+len(sc.Custom))
	for _, sp := range sc.Strategies {
		names = append(names, sp.Name())
	}
	for _, cs := range sc.Custom {
		if cs != nil {
			names = append(names, cs.Name())
		}
	}
	return names
}

// Validate reports every invalid field with its value and allowed range,
// with nested paths ("strategies[1].fraction = 1.3: must be in [0, 1]",
// "finance.discountRatePerYear = -2: must be in [0, 1]"). It also requires
// at least one strategy and unique strategy names.
func (sc *Scenario) Validate() error {
	var c valid.Checker
	c.Sub("market", sc.Market.Validate())
	c.Sub("facility", sc.Facility.Validate())
	c.Sub("finance", sc.Finance.Validate())
	if len(sc.Strategies)+len(sc.Custom) == 0 {
		c.Add("strategies", "[]", "at least one strategy (built-in or custom)")
	}
	seen := make(map[string]string)
	name := func(field, n string) {
		if n == "" {
			c.Add(field+".name", n, "a non-empty name")
			return
		}
		if prev, ok := seen[n]; ok {
			c.Add(field+".name", n, fmt.Sprintf("unique (also the name of %s)", prev))
			return
		}
		seen[n] = field
	}
	for i, sp := range sc.Strategies {
		field := fmt.Sprintf("strategies[%d]", i)
		c.Sub(field, sp.Validate())
		name(field, sp.Name())
	}
	for i, cs := range sc.Custom {
		field := fmt.Sprintf("custom[%d]", i)
		if cs == nil {
			c.Add(field, "nil", "a Strategy")
			continue
		}
		name(field, cs.Name())
	}
	return c.Err()
}
