package sim

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Sampling is how a Run draws its paths' diffusion shocks (Config.Sampling).
type Sampling string

const (
	// PseudoRandom draws every random number of a path from its PCG
	// streams (model.Simulator.Reset): independent paths, or antithetic
	// pairs with Config.Antithetic. The empty Sampling means the same.
	PseudoRandom Sampling = "pseudo-random"
	// RQMC is randomized quasi-Monte Carlo: the market's five diffusion
	// shocks over all steps of path i are point ⌊i/R⌋ of scrambled Sobol
	// sequence i mod R (R = Config.Replicates independent hash-based Owen
	// scramblings, seeded from Config.Seed), through a Brownian bridge per
	// shock and the market's correlation (model.QMC). Jumps, regime
	// switches, spikes, defaults and the strategies' draws stay on the
	// path's PCG streams. Standard errors come from the spread of the R
	// replicates (see Result).
	RQMC Sampling = "rqmc"
)

// MinReplicatePaths is the fewest paths per replicate a run with RQMC
// accepts (Config.Paths/Config.Replicates): each replicate's VaR and ES at
// 99 %, whose spread gives their intervals, then rest on at least one
// tail path.
const MinReplicatePaths = 100

// validateSampling records the invalid sampling fields of cfg in c.
func (cfg Config) validateSampling(c *valid.Checker) {
	switch cfg.Sampling {
	case "", PseudoRandom:
		if cfg.Replicates != 0 {
			c.Add("replicates", cfg.Replicates, fmt.Sprintf("0 without sampling %q", RQMC))
		}
		return
	case RQMC:
	default:
		c.Add("sampling", string(cfg.Sampling), fmt.Sprintf("one of %q (the default, also empty), %q", PseudoRandom, RQMC))
		return
	}
	if !c.Int("replicates", int64(cfg.Replicates), 2, dist.MaxReplicates) {
		return
	}
	r := cfg.Replicates
	if cfg.Antithetic {
		c.Add("antithetic", true, "false with sampling rqmc (the replicates' spread measures the error; mirrored shocks are not scrambled points)")
	}
	if cfg.TargetStdErrUSD != 0 {
		c.Add("targetStdErrUSD", cfg.TargetStdErrUSD, "0 with sampling rqmc (a run stopped by its own standard error would bias the replicates)")
	}
	if cfg.Paths%r != 0 || cfg.Paths/r < MinReplicatePaths {
		c.Add("paths", cfg.Paths, fmt.Sprintf("a multiple of replicates (%d) with at least %d paths per replicate", r, MinReplicatePaths))
	}
	if cfg.FirstPath%uint64(r) != 0 {
		c.Add("firstPath", cfg.FirstPath, fmt.Sprintf("a multiple of replicates (%d), so that path i is replicate i mod %d in every shard", r, r))
	}
	if lim := uint64(r) * dist.SobolMaxPoints; cfg.FirstPath > lim || uint64(cfg.Paths) > lim-cfg.FirstPath {
		c.Add("firstPath+paths", cfg.FirstPath+uint64(cfg.Paths), fmt.Sprintf("≤ %d (replicates × %d Sobol points)", lim, uint64(dist.SobolMaxPoints)))
	}
}

// checkSamplingScenario reports, before anything runs, a scenario that a
// run with RQMC cannot take: real options (their fit and timing figures
// assume independent paths).
func checkSamplingScenario(sc *model.Scenario, cfg Config) error {
	if cfg.Sampling != RQMC {
		return nil
	}
	for i, sp := range sc.Strategies {
		if sp.Kind == model.KindRealOption {
			var c valid.Checker
			c.Add("sampling", string(cfg.Sampling), fmt.Sprintf("%q with strategies[%d] of kind %q (a real option's fit and timing assume independent paths)", PseudoRandom, i, model.KindRealOption))
			return fmt.Errorf("sim: config: %w", c.Err())
		}
	}
	return nil
}

// QMC returns the quasi-Monte Carlo design a Run of plan with cfg uses
// (nil, nil for pseudo-random sampling): cfg.Replicates scramblings seeded
// from cfg.Seed, the Brownian bridge on; an error if the plan's shocks
// need more Sobol dimensions than the table holds. A program that replays
// a run's paths through a model.Simulator takes path i's shocks from it
// (QMCPath.Reset(i), then Simulator.StepShocks(QMCPath.Shocks(k)) for
// step k), as the workers do.
func (cfg Config) QMC(plan *model.Plan) (*model.QMC, error) {
	if cfg.Sampling != RQMC {
		return nil, nil
	}
	if d := market.NumShocks * plan.Steps(); d > dist.SobolMaxDim {
		var c valid.Checker
		c.Add("sampling", string(cfg.Sampling), fmt.Sprintf("%q for a scenario of %d steps: its %d diffusion shocks × %d steps = %d Sobol dimensions exceed the table's %d (at most %d steps)",
			PseudoRandom, plan.Steps(), market.NumShocks, plan.Steps(), d, dist.SobolMaxDim, dist.SobolMaxDim/market.NumShocks))
		return nil, fmt.Errorf("sim: config: %w", c.Err())
	}
	return plan.NewQMC(cfg.Replicates, cfg.Seed, true)
}

// qmcMemory is the part of RunMemory that the quasi-Monte Carlo design of
// a run of t steps and s strategies on w workers, each with batches of b
// paths, takes (0 without RQMC).
func qmcMemory(t, s, w, b int64, cfg Config) int64 {
	if cfg.Sampling != RQMC {
		return 0
	}
	d := min(market.NumShocks*t, dist.SobolMaxDim)
	r := int64(max(cfg.Replicates, 1))
	const sobol = 96                            // a dist.Sobol and its slice headers
	shared := d*128 + r*(sobol+12*d)            // direction integers; per replicate its keys and position
	perWorker := r*(sobol+8+4*d) + 24*d + 8*b*d // the replicates' positions; the points; the batch's shocks
	stats := s * r * (96 + 1100)                // each strategy's replicate figures, and their exact means' big-number rounding (comparisons included)
	return shared + w*perWorker + stats
}
