package sim

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// sweepConfig validates cfg for a sweep, refuses target mode and
// observers, and turns bands off.
func sweepConfig(cfg *Config) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var c valid.Checker
	if cfg.TargetStdErrUSD != 0 {
		c.Add("targetStdErrUSD", cfg.TargetStdErrUSD, "0 in a sweep (its runs must stop at the same path count to be paired)")
	}
	if cfg.Sampling == RQMC {
		c.Add("sampling", string(cfg.Sampling), fmt.Sprintf("%q in a sweep (its standard errors assume independent paths or antithetic pairs)", PseudoRandom))
	}
	if len(cfg.Observers) > 0 {
		c.Add("observers", fmt.Sprintf("%d observers", len(cfg.Observers)), "none in a sweep (a sweep makes many runs; attach observers to a Run)")
	}
	if err := c.Err(); err != nil {
		return err
	}
	cfg.Bands = &BandSet{}
	cfg.BandPaths = 0
	return nil
}

// progressShare returns, for run k of runs, cfg with a Progress that
// reports the paths done and planned across all runs.
func progressShare(cfg Config, runs int) func(k int) Config {
	return func(k int) Config {
		c := cfg
		if p := cfg.Progress; p != nil {
			per := cfg.Paths
			c.Progress = func(done, _ int) { p(k*per+done, runs*per) }
		}
		return c
	}
}
