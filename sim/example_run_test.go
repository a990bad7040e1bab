package sim_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"strings"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Run the default scenario (pure mining, a 50 % hybrid and a full AI
// conversion of a 100 MW site over ten years in monthly steps) on 400
// seeded paths. The same seed gives the same numbers for any worker count.
// The figures themselves move as the model is calibrated, so this example
// prints their shape rather than their values.
func ExampleRun() {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 2026})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d paths of %d steps\n", res.Run.Paths, res.Run.Steps)
	for _, s := range res.Strategies {
		finite := !math.IsNaN(s.Mean) && !math.IsInf(s.Mean, 0)
		fmt.Printf("%-22s mean finite: %v, ES95 ≥ VaR95: %v\n", s.Name, finite, s.ES95 >= s.VaR95)
	}
	for _, c := range res.Comparisons {
		fmt.Printf("%s vs %s: P(beats) in [0, 1]: %v\n", c.Name, c.Baseline, c.ProbAGreater >= 0 && c.ProbAGreater <= 1)
	}
	// Output:
	// 400 paths of 120 steps
	// pure mining            mean finite: true, ES95 ≥ VaR95: true
	// hybrid 50% colocation  mean finite: true, ES95 ≥ VaR95: true
	// full AI colocation     mean finite: true, ES95 ≥ VaR95: true
	// hybrid 50% colocation vs pure mining: P(beats) in [0, 1]: true
	// full AI colocation vs pure mining: P(beats) in [0, 1]: true
}

// A run's NPV samples can be checked by hand with the package's risk
// functions: Summary's VaR95 and ES95 are VaR and ES of the samples.
func ExampleRun_riskOfSamples() {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 1000, Seed: 7, Antithetic: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, s := range res.Strategies {
		v, _ := sim.VaR(res.NPV[j], 0.95)
		es, _ := sim.ES(res.NPV[j], 0.95)
		fmt.Printf("%s: VaR95 matches %v, ES95 matches %v\n", s.Name, v == s.VaR95, es == s.ES95)
	}
	// Output:
	// pure mining: VaR95 matches true, ES95 matches true
	// hybrid 50% colocation: VaR95 matches true, ES95 matches true
	// full AI colocation: VaR95 matches true, ES95 matches true
}

// A study can be split: Config.FirstPath runs a range of path indices, so
// two processes running [0, 500) and [500, 1000) together reproduce one run
// of 1,000 paths exactly. WriteSamplesCSV writes one row per path, with its
// index.
func ExampleConfig_firstPath() {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	cfg := sim.Config{Paths: 500, FirstPath: 500, Seed: 1, Bands: &sim.BandSet{}}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := res.WriteSamplesCSV(&buf); err != nil {
		fmt.Println(err)
		return
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(rows[0], " | "))
	fmt.Println("rows:", len(rows)-1, "first path:", rows[1][0], "last path:", rows[len(rows)-1][0])
	// Output:
	// path | pure mining | hybrid 50% colocation | full AI colocation
	// rows: 500 first path: 500 last path: 999
}
