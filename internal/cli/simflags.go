package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Sim are the flags every example takes to run a simulation.
type Sim struct {
	Scenario   string
	Paths      int
	Seed       uint64
	Workers    int
	Antithetic bool
	// NPVOnly keeps only the NPV samples (sim.Config.NPVSamplesOnly).
	NPVOnly bool
	// Sampling is -sampling: "pseudo-random" (the default) or "qmc"
	// (also "rqmc"), randomized quasi-Monte Carlo (sim.RQMC).
	Sampling string
	// Replicates is -replicates, the scramblings of -sampling qmc
	// (sim.Config.Replicates).
	Replicates int

	fs *flag.FlagSet // the flags, to tell which were given
}

// DefaultReplicates is -replicates' default: 16 scramblings, so that a
// standard error from their spread has 15 degrees of freedom (the 95 %
// interval's t is 2.13, against the normal 1.96).
const DefaultReplicates = 16

// AddSimFlags defines -scenario, -paths, -seed, -workers, -antithetic,
// -npv-only, -sampling and -replicates with the given default path count. -paths takes an integer
// written plainly (1000000, 1_000_000) or in scientific notation (1e6,
// 2.5e5) when its value is a whole number.
func (c *Cmd) AddSimFlags(s *Sim, paths int) {
	fs := c.Flags
	fs.StringVar(&s.Scenario, "scenario", "", "scenario `file` (JSON, see examples/scenarios); empty runs the default scenario")
	s.Paths = paths
	fs.Var((*countValue)(&s.Paths), "paths", fmt.Sprintf("number of simulated `paths`, at least %d (even with -antithetic); 1e6 is a million", sim.MinSummaryPaths))
	fs.Uint64Var(&s.Seed, "seed", 1, "random `seed`: the same seed gives the same numbers whatever the worker count")
	fs.IntVar(&s.Workers, "workers", 0, "worker goroutines; 0 uses every core (never changes the results)")
	fs.BoolVar(&s.Antithetic, "antithetic", true, "pair each path with its mirror (antithetic variates)")
	fs.StringVar(&s.Sampling, "sampling", string(sim.PseudoRandom), "`method` of the diffusion shocks: pseudo-random, or qmc (randomized quasi-Monte Carlo: scrambled\n"+
		"Sobol points with a Brownian bridge; jumps, regimes and defaults stay pseudo-random; turns -antithetic off)")
	fs.IntVar(&s.Replicates, "replicates", DefaultReplicates, "independent scramblings with -sampling qmc; standard errors come from their spread, and -paths\n"+
		"must be a multiple of it, at least 100 per replicate")
	s.fs = fs
	fs.BoolVar(&s.NPVOnly, "npv-only", false, "keep only the NPV of each path (12 instead of 24 bytes per path and strategy, for runs\n"+
		"of millions of paths); IRR figures then come from IRRs rounded to 7 digits")
}

// Config checks the simulation flags and returns the run's Config, or an
// error naming the bad flag.
func (s Sim) Config() (sim.Config, error) {
	cfg := sim.Config{Paths: s.Paths, Seed: s.Seed, Workers: s.Workers, Antithetic: s.Antithetic, NPVSamplesOnly: s.NPVOnly}
	if err := s.sampling(&cfg); err != nil {
		return cfg, err
	}
	switch {
	case s.Paths < sim.MinSummaryPaths || s.Paths > sim.MaxRunPaths:
		return cfg, fmt.Errorf("-paths %d: must be in [%d, %d]", s.Paths, sim.MinSummaryPaths, sim.MaxRunPaths)
	case cfg.Antithetic && s.Paths%2 != 0:
		return cfg, fmt.Errorf("-paths %d: must be even with -antithetic (paths come in mirrored pairs)", s.Paths)
	case s.Workers < 0 || s.Workers > sim.MaxWorkers:
		return cfg, fmt.Errorf("-workers %d: must be in [0, %d]", s.Workers, sim.MaxWorkers)
	}
	return cfg, cfg.Validate()
}

// sampling sets cfg's sampling from -sampling and -replicates: with qmc,
// Replicates, and Antithetic off unless -antithetic was given (an error
// then); without it, an error if -replicates was given.
func (s Sim) sampling(cfg *sim.Config) error {
	given := map[string]bool{}
	if s.fs != nil {
		s.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	}
	switch s.Sampling {
	case "", string(sim.PseudoRandom):
		if given["replicates"] {
			return fmt.Errorf("-replicates %d: only with -sampling qmc", s.Replicates)
		}
		return nil
	case "qmc", string(sim.RQMC):
	default:
		return fmt.Errorf("-sampling %q: must be pseudo-random or qmc", s.Sampling)
	}
	if given["antithetic"] && s.Antithetic {
		return errors.New("-antithetic: must be false with -sampling qmc (the replicates' spread measures the error)")
	}
	r := s.Replicates
	if r < 2 || r > dist.MaxReplicates {
		return fmt.Errorf("-replicates %d: must be in [2, %d]", r, dist.MaxReplicates)
	}
	if s.Paths%r != 0 || s.Paths/r < sim.MinReplicatePaths {
		return fmt.Errorf("-paths %d: must be a multiple of -replicates %d with at least %d paths per replicate with -sampling qmc", s.Paths, r, sim.MinReplicatePaths)
	}
	cfg.Sampling, cfg.Replicates, cfg.Antithetic = sim.RQMC, r, false
	return nil
}

// countValue is an int flag that also takes integral scientific notation.
type countValue int

var (
	errSyntax = errors.New("parse error")
	errRange  = errors.New("value out of range")
	errWhole  = errors.New("not a whole number")
)

// Set parses s as an integer (Go syntax, as flag.Int: 1000, 1_000, 0x3e8)
// or as a decimal in scientific notation whose value is a whole number
// (1e6, 2.5E5, 1.000e3).
func (v *countValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 0, strconv.IntSize)
	if err != nil {
		if ne := (*strconv.NumError)(nil); errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return errRange
		}
		if n, err = parseScientific(s); err != nil {
			return err
		}
	}
	*v = countValue(n)
	return nil
}

// String returns the value in decimal.
func (v *countValue) String() string { return strconv.Itoa(int(*v)) }

// parseScientific parses [sign]digits[.digits](e|E)[sign]digits exactly,
// accepting only a whole number that fits an int.
func parseScientific(s string) (int64, error) {
	mant, exp, ok := strings.Cut(strings.ToLower(s), "e")
	if !ok {
		return 0, errSyntax
	}
	sign := ""
	if mant != "" && (mant[0] == '+' || mant[0] == '-') {
		sign, mant = mant[:1], mant[1:]
	}
	whole, frac, _ := strings.Cut(mant, ".")
	digits := whole + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" || exp == "" || strings.Trim(exp, "+-0123456789") != "" {
		return 0, errSyntax
	}
	e, err := strconv.Atoi(exp)
	if err != nil { // an exponent beyond the int range
		if !strings.HasPrefix(exp, "-") {
			return 0, errRange
		}
		e = -len(digits) - 1 // a whole number only if it is 0
	}
	digits = strings.TrimLeft(digits, "0")
	e -= len(frac)
	for ; e < 0 && digits != ""; e++ {
		if digits[len(digits)-1] != '0' {
			return 0, errWhole
		}
		digits = digits[:len(digits)-1]
	}
	if digits == "" {
		return 0, nil
	}
	if e > 19 || len(digits)+e > 19 {
		return 0, errRange
	}
	n, err := strconv.ParseInt(sign+digits+strings.Repeat("0", e), 10, strconv.IntSize)
	if err != nil {
		return 0, errRange
	}
	return n, nil
}

// CheckMemory returns an error, naming -paths and the flags that lower
// the need, if a run that needs about need bytes (sim.RunMemory, and what
// the program adds) would not fit in the memory available (CheckMemory).
func (s Sim) CheckMemory(need int64) error {
	lower := "lower -paths"
	if !s.NPVOnly {
		lower += ", or add -npv-only (12 instead of 24 bytes per path and strategy)"
	}
	if err := CheckMemory(need, lower); err != nil {
		return fmt.Errorf("-paths %d: %w", s.Paths, err)
	}
	return nil
}

// RunMemory returns sim.RunMemory plus sim.FundingMemory for a Run of sc
// with cfg, or the error of model.NewPlan.
func RunMemory(sc *model.Scenario, cfg sim.Config) (int64, error) {
	plan, err := model.NewPlan(sc)
	if err != nil {
		return 0, err
	}
	return sim.RunMemory(plan.Steps(), plan.NumStrategies(), cfg) + sim.FundingMemory(plan, cfg), nil
}

// Steps returns the number of steps of a path of sc, or the error of
// model.NewPlan.
func Steps(sc *model.Scenario) (int, error) {
	plan, err := model.NewPlan(sc)
	if err != nil {
		return 0, err
	}
	return plan.Steps(), nil
}
