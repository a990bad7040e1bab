package sim_test

import (
	"context"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Replay path 5 of a run by hand, a market step and a pricing step at a
// time, and price it the way Run does: the NPV, IRR and payback of every
// strategy come out bit for bit as in the Result. The same loop prices a
// path a user changes by hand (a what-if on one path's flows).
func ExamplePathPricer() {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	cfg := sim.Config{Paths: 400, Seed: 42}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}

	plan, err := model.NewPlan(&sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	path, err := plan.NewSimulator()
	if err != nil {
		fmt.Println(err)
		return
	}
	pr := sim.NewPathPricer(plan)
	const i = 5
	path.Reset(cfg.Seed, i, false)
	pr.Reset()
	for k := 1; k <= plan.Steps(); k++ {
		_, flows := path.Step()
		if err := pr.Book(k, flows); err != nil {
			fmt.Println(err)
			return
		}
	}
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for j, name := range plan.StrategyNames() {
		fmt.Printf("%-22s NPV %v, IRR %v, payback %v\n", name,
			same(pr.NPVUSD(j), res.NPV[j][i]),
			same(pr.IRRPerYear(j), res.IRRPerYear[j][i]),
			same(pr.PaybackMonths(j), res.PaybackMonths[j][i]))
	}
	// Output:
	// pure mining            NPV true, IRR true, payback true
	// hybrid 50% colocation  NPV true, IRR true, payback true
	// full AI colocation     NPV true, IRR true, payback true
}
