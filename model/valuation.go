package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Valued returns the market parameters and finance terms sc is valued
// under, its Measure applied (market.Measure.Apply): sc's own in
// real-world mode; in risk-neutral mode the risk-neutral market and the
// risk-free discount rate. NewPlan simulates and prices these.
func (sc *Scenario) Valued() (market.MarketParams, site.Finance) {
	fin := sc.Finance
	m, r := sc.Measure.Apply(sc.Market, fin.DiscountRatePerYear)
	fin.DiscountRatePerYear = r
	return m, fin
}

// checkFunding checks every capital structure and that each names a
// strategy of the scenario (names maps the strategies' names), once.
func checkFunding(c *valid.Checker, fs []funding.Structure, names map[string]string) {
	used := make(map[string]int)
	for i, f := range fs {
		field := fmt.Sprintf("funding[%d]", i)
		c.Sub(field, f.Validate())
		if f.Strategy == "" {
			continue
		}
		if _, ok := names[f.Strategy]; !ok {
			c.Add(field+".strategy", f.Strategy, "the name of one of the scenario's strategies")
			continue
		}
		if j, ok := used[f.Strategy]; ok {
			c.Add(field+".strategy", f.Strategy, fmt.Sprintf("unique (funding[%d] already finances it)", j))
			continue
		}
		used[f.Strategy] = i
	}
}

// FundingOf returns the capital structure of the strategy called name, and
// whether it has one.
func (sc *Scenario) FundingOf(name string) (funding.Structure, bool) {
	for _, f := range sc.Funding {
		if f.Strategy == name {
			return f, true
		}
	}
	return funding.Structure{}, false
}
