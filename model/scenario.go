package model

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Scenario is everything a run compares: the market, the site, the finance
// terms and the strategies. It is plain data with JSON tags (the user's own
// strategies, added in Go, are not serialised). Build a Plan from it with
// NewPlan.
//
// A scenario file (LoadScenarioFile, SaveScenarioFile) is its JSON form,
// field for field, decoded over DefaultScenario, so a file may name only
// what differs:
//
//	{"name": "dear-power", "description": "Power at 60 USD/MWh.",
//	 "market": {"start": {"powerUSDPerMWh": 60}}}
//
// Objects merge field by field into the defaults. Arrays ("strategies",
// "shocks", …), distributions (dist.Spec), "market.correlation" and each
// strategy replace the default whole; a strategy's "conversion", contract
// terms ("lease", "gpuCloud") and "trigger" start from
// site.DefaultConversion, the kind's defaults (site.DefaultLease,
// site.DefaultGPUCloud) and site.DefaultTrigger. Decoding is strict at
// every depth (see LoadScenario).
//
// A Scenario is safe to share read-only between goroutines: NewPlan, Plan's
// methods and sim's runs only read it, so concurrent runs on one scenario
// each give the result they give alone. It must not be modified while a
// run uses it (its Custom strategies must themselves be safe for
// concurrent use, see site.Strategy).
type Scenario struct {
	// Name labels the scenario in results.
	Name string `json:"name"`
	// Description says in prose what the scenario is and what it changes;
	// free text, not used by the simulation.
	Description string `json:"description"`
	// Market is the market the site lives in.
	Market market.MarketParams `json:"market"`
	// Facility is the site.
	Facility site.Facility `json:"facility"`
	// Finance holds the discount rate, horizon, step, tax and terminal value.
	Finance site.Finance `json:"finance"`
	// Coupling is the economics the site's parcels share (one power
	// contract, one curtailment obligation, reliability capex, overhead,
	// the mining halls' PUE); {"off": true} (site.NoCoupling) turns it all
	// off and reproduces the uncoupled model bit for bit.
	Coupling site.Coupling `json:"coupling"`
	// Measure is the valuation measure: real-world (the default: drifts as
	// stated, the risk-adjusted discount rate of Finance) or risk-neutral
	// (see market.Measure).
	Measure market.Measure `json:"measure"`
	// Strategies are the built-in strategies to compare.
	Strategies []StrategySpec `json:"strategies"`
	// Funding holds the capital structures of the strategies that have one,
	// each naming its strategy (built-in or custom); a strategy without one
	// is all-equity, valued by its project NPV alone. See package funding
	// and sim.FundingSummary.
	Funding []funding.Structure `json:"funding,omitempty"`
	// Custom are the user's own strategies, run after the built-in ones.
	// They are neither read from nor written to JSON.
	Custom []site.Strategy `json:"-"`
}

// DefaultScenario compares pure mining, a 50 % hybrid and a full AI
// conversion (colocation) of the default 100 MW site in the default market,
// with construction starting at once, over ten years in monthly steps.
func DefaultScenario() Scenario {
	return Scenario{
		Name: "default",
		Description: "The calibrated market of January 2026 (docs/CALIBRATION.md): a 100 MW " +
			"bitcoin mining site compares mining on, converting half of it and converting all of it " +
			"to AI colocation, construction starting at once, over ten years in monthly steps.",
		Market:   market.DefaultMarketParams(),
		Facility: site.DefaultFacility(),
		Finance:  site.DefaultFinance(),
		Coupling: site.DefaultCoupling(),
		Measure:  market.DefaultMeasure(),
		Strategies: []StrategySpec{
			PureMining(),
			Hybrid(0.5, 0, nil),
			FullAI(0, nil),
		},
	}
}

// UnmarshalJSON decodes a scenario starting from DefaultScenario, so that a
// partial document changes only the fields it names (a "strategies" array,
// when present, replaces the default strategies). Unknown fields are errors
// at every depth. Empty arrays held in struct fields decode to nil slices
// (the same as leaving the field out). JSON null leaves sc unchanged.
// Custom is kept.
func (sc *Scenario) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Scenario
	p := plain(DefaultScenario())
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	nilEmptySlices(reflect.ValueOf(&p).Elem())
	custom := sc.Custom
	*sc = Scenario(p)
	sc.Custom = custom
	return nil
}

// JSONFields implements strictjson.Object: a scenario's JSON members are
// its struct fields.
func (sc Scenario) JSONFields() []strictjson.Field { return strictjson.StructFields(sc) }

// nilEmptySlices sets every empty slice held in a struct field reachable
// from v to nil, so that a document's "shocks": [] decodes to the same
// scenario as leaving the field out (as SaveScenario does for an empty
// slice): the two mean the same. Empty slices inside slices (a matrix row)
// are kept, since JSON writes a nil one as null.
func nilEmptySlices(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			nilEmptySlices(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if f.Kind() == reflect.Slice && f.Len() == 0 && !f.IsNil() && f.CanSet() {
				f.SetZero()
				continue
			}
			nilEmptySlices(f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			nilEmptySlices(v.Index(i))
		}
	}
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
// at least one strategy and unique strategy names, and (once the rest is
// valid) that every number the scenario holds is finite, even in a part it
// does not use, so that every valid scenario can be saved. Last, it rejects
// combinations of market fields, each valid alone, that drive a market
// series out of its bound over the horizon (LimitSD, MaxLogGrowth,
// MaxFeesPerBlockBTC, MaxBlockRewardUSD, MinBTCPriceUSD,
// MinGPUTrendUSDPerHour), naming the
// series' object ("market.fees = levelBTC 0.035, …, jumpsPerYear 365, …:
// must be a combination under which …") with the fields that drive it.
func (sc *Scenario) Validate() error {
	var c valid.Checker
	c.Sub("market", sc.Market.Validate())
	c.Sub("facility", sc.Facility.Validate())
	c.Sub("finance", sc.Finance.Validate())
	c.Sub("coupling", sc.Coupling.Validate())
	if sc.Coupling.On() {
		// The fleet's efficiency at the meter (site.Coupling.MeterFacility)
		// must stay a valid efficiency.
		for _, e := range []struct {
			field string
			eff   float64
		}{{"facility.efficiencyJPerTH", sc.Facility.EfficiencyJPerTH}, {"facility.refreshEfficiencyJPerTH", sc.Facility.RefreshEfficiencyJPerTH}} {
			if m := e.eff * sc.Coupling.MiningPUE; m > 1000 {
				c.Add(e.field, e.eff, fmt.Sprintf("at most 1000 at the meter: times coupling.miningPUE = %g it is %g", sc.Coupling.MiningPUE, m))
			}
		}
	}
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
		c.Sub(field, sp.validateOn(sc.Finance)) // a real option's decision dates on the time grid
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
	c.Sub("measure", sc.Measure.Validate())
	checkFunding(&c, sc.Funding, seen)
	if c.Err() == nil {
		// Fields the scenario does not use (a Kou parameter under a Merton
		// model, the lease of a GPU cloud strategy) may hold any value
		// the parts' own checks skip, but never NaN or ±Inf: JSON cannot
		// write them, so such a scenario could not be saved, nor a result
		// holding it.
		checkFinite(&c, reflect.ValueOf(sc).Elem(), "")
	}
	if c.Err() == nil {
		sc.Market.CheckHorizon(&c, sc.Finance.HorizonYears)
	}
	if c.Err() == nil && sc.Measure.Mode == market.RiskNeutral {
		// The risk-neutral market must itself be valid.
		m, _ := sc.Measure.Apply(sc.Market, sc.Finance.DiscountRatePerYear)
		var mc valid.Checker
		mc.Sub("market", m.Validate())
		if mc.Err() == nil {
			m.CheckHorizon(&mc, sc.Finance.HorizonYears)
		}
		if err := mc.Err(); err != nil {
			c.Sub("measure (the risk-neutral market)", err)
		}
	}
	return c.Err()
}

// checkFinite adds an error for every float64 in v, by its JSON path, that
// is NaN or ±Inf (following pointers, slices, nested structs and a spec's
// contract terms; other fields not written to JSON are skipped).
func checkFinite(c *valid.Checker, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			checkFinite(c, v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if sf.Type == termsType {
				// A spec's contract terms, written under their kind's key.
				if f := v.Field(i); !f.IsNil() {
					if k, err := kindOfTerms(f.Interface().(site.ContractTerms)); err == nil {
						checkFinite(c, f.Elem(), join(path, k.key))
					}
				}
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if !sf.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			checkFinite(c, v.Field(i), p)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			checkFinite(c, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Float64:
		c.Finite(path, v.Float())
	}
}
