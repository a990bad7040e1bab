package model

import (
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// TestBatchSimulatorIsSimulator steps batches of several sizes and checks
// that every path's market state and cash flows, at every step, are the
// bits a Simulator stepping the same path alone gives: the default
// scenario (site coupling on, three strategies sharing the curtailment
// memo), the uncoupled one, one of every other kind of runner the batch
// makes together (GPU cloud in phases, a conditional switch, contract
// terms of a user's own kind, which the batch cannot place with the
// others) beside a user's Strategy it makes path by path, and plain and
// antithetic streams.
func TestBatchSimulatorIsSimulator(t *testing.T) {
	uncoupled := DefaultScenario()
	uncoupled.Coupling = site.NoCoupling()
	kinds := DefaultScenario()
	phased := FullAI(3, site.DefaultGPUCloud())
	phased.Phases, phased.PhaseIntervalMonths = 3, 6
	kinds.Strategies = []StrategySpec{phased, ConditionalSwitch(0.5, site.Trigger{HashpriceBelowUSDPerPHDay: 45, ForMonths: 2}, nil), Hybrid(0.3, 6, site.DefaultGPUCloud())}
	kinds.Custom = []site.Strategy{
		site.Pivot{Label: "solar", Share: 1, Terms: solarTerms{site.DefaultLease()}, Conversion: site.DefaultConversion()},
		scriptStrategy{flows: []float64{-100, 60, 80, 20}},
	}
	for _, tc := range []struct {
		name string
		sc   Scenario
	}{{"default", DefaultScenario()}, {"uncoupled", uncoupled}, {"kinds", kinds}} {
		plan, err := NewPlan(&tc.sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 7, 64} {
			for _, mirror := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/n=%d/mirror=%v", tc.name, n, mirror), func(t *testing.T) {
					checkBatchAgainstAlone(t, plan, n, mirror)
				})
			}
		}
	}
}

func checkBatchAgainstAlone(t *testing.T, plan *Plan, n int, mirror bool) {
	t.Helper()
	const seed = 11
	b, err := plan.NewBatchSimulator(n + 3)
	if err != nil {
		t.Fatal(err)
	}
	b.Resize(n)
	alone := make([]*Simulator, n)
	for i := range n {
		b.Path(i).Reset(seed, uint64(100+i), mirror)
		if alone[i], err = plan.NewSimulator(); err != nil {
			t.Fatal(err)
		}
		alone[i].Reset(seed, uint64(100+i), mirror)
	}
	for k := 1; k <= plan.Steps(); k++ {
		b.Step()
		for i, a := range alone {
			st, flows := a.Step()
			if got := *b.Path(i).State(); !sameState(got, *st) {
				t.Fatalf("step %d path %d: batch state %+v, alone %+v", k, i, got, *st)
			}
			for j, f := range b.Flows(i) {
				if !sameBits(f.FreeCashUSD(), flows[j].FreeCashUSD()) || f != flows[j] {
					t.Fatalf("step %d path %d strategy %d: batch flow %+v, alone %+v", k, i, j, f, flows[j])
				}
			}
		}
	}
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// sameState compares two states field by field through their series and
// public fields, bit for bit.
func sameState(a, b market.State) bool { return a == b }
