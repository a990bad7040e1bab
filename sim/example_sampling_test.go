package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// ExampleConfig_rqmc runs the default scenario by randomized quasi-Monte
// Carlo: 16 independent scramblings of a Sobol sequence drive the market's
// diffusion shocks, and every standard error is the spread of the 16
// replicates, as each Summary says.
func ExampleConfig_rqmc() {
	sc := model.DefaultScenario()
	cfg := sim.Config{Paths: 16 * 128, Seed: 1, Sampling: sim.RQMC, Replicates: 16, Bands: &sim.BandSet{}}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		log.Fatal(err)
	}
	s := res.Strategies[0]
	inside := s.MeanCI95[0] < s.Mean && s.Mean < s.MeanCI95[1]
	fmt.Println(s.Name, s.Paths, "paths, estimator:", s.Estimator, "; mean inside its interval:", inside)
	// Output: pure mining 2048 paths, estimator: rqmc-replicates 16 ; mean inside its interval: true
}
