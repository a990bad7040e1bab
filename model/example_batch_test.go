package model_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/model"
)

// ExamplePlan_NewBatchSimulator steps four paths of the default scenario
// together for a year and checks each against the same path stepped
// alone: a batch changes the order of the work, never a path's numbers.
func ExamplePlan_NewBatchSimulator() {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		panic(err)
	}
	b, err := plan.NewBatchSimulator(4)
	if err != nil {
		panic(err)
	}
	b.Resize(4)
	for i := range 4 {
		b.Path(i).Reset(1, uint64(i), false) // seed 1, path i
	}
	alone, err := plan.NewSimulator()
	if err != nil {
		panic(err)
	}
	for range 12 {
		b.Step()
	}
	for i := range 4 {
		alone.Reset(1, uint64(i), false)
		for range 12 {
			alone.Step()
		}
		got, want := b.Path(i).State(), alone.State()
		fmt.Printf("path %d: month %d, same BTC price and hashrate as alone: %v\n",
			i, got.Step, got.BTCPriceUSD == want.BTCPriceUSD && got.HashrateEHs == want.HashrateEHs)
	}
	// Output:
	// path 0: month 12, same BTC price and hashrate as alone: true
	// path 1: month 12, same BTC price and hashrate as alone: true
	// path 2: month 12, same BTC price and hashrate as alone: true
	// path 3: month 12, same BTC price and hashrate as alone: true
}
