package market_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// A worker steps its paths together with a Batch: each path keeps its own
// stream, and comes out exactly as stepped alone.
func ExampleMarket_NewBatch() {
	m, err := market.NewMarket(market.DefaultMarketParams(), 1.0/12)
	if err != nil {
		panic(err)
	}
	const n = 4
	b := m.NewBatch(n)
	paths := make([]market.State, n)
	streams := make([]*dist.Rand, n)
	for i := range paths {
		paths[i], streams[i] = m.Start(), dist.New(42, uint64(i))
	}
	for range 24 { // two years
		b.Step(paths, streams)
	}

	alone, r := m.Start(), dist.New(42, 2) // path 2 stepped on its own
	var sub dist.Rand
	for range 24 {
		m.StepWith(&alone, r, &sub)
	}
	fmt.Println("steps:", paths[2].Step, "same as alone:", paths[2] == alone)
	// Output: steps: 24 same as alone: true
}
