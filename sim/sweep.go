package sim

import (
	"context"
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
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

// runOne runs sc, a scenario of one strategy, and returns its NPV samples.
func runOne(ctx context.Context, sc *model.Scenario, cfg Config) ([]float64, error) {
	res, err := Run(ctx, sc, cfg)
	if err != nil {
		return nil, err
	}
	return res.NPV[0], nil
}
