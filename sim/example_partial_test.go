package sim_test

import (
	"context"
	"fmt"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Split a run of 800 paths into 3 shards, as separate processes or
// machines would run them (each writing its Partial with WritePartial),
// merge them in any order and compare with the run made in one piece: the
// summaries are the same, bit for bit.
func ExampleMergePartials() {
	sc := model.DefaultScenario()
	cfg := sim.Config{Paths: 800, Seed: 2026, Antithetic: true, Workers: 1}
	var parts []*sim.Partial
	for i := range 3 {
		rg, err := sim.ShardRange(cfg, i, 3)
		if err != nil {
			fmt.Println(err)
			return
		}
		p, err := sim.RunPartial(context.Background(), &sc, cfg, rg, sim.PartialOptions{Samples: true})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("shard %d: paths [%d, %d)\n", i, rg.From, rg.To)
		parts = append(parts, p)
	}
	merged, err := sim.MergePartials(parts[2], parts[0], parts[1])
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := merged.Result(context.Background(), &sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	single, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	same := true
	for j := range res.Strategies {
		same = same && res.Strategies[j] == single.Strategies[j]
	}
	fmt.Println("merged == single run:", same)
	// Output:
	// shard 0: paths [0, 268)
	// shard 1: paths [268, 534)
	// shard 2: paths [534, 800)
	// merged == single run: true
}
