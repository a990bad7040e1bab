package sim

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// configFields are the JSON names of Config's checked fields.
var configFields = []string{"paths", "firstPath", "workers", "targetStdErrUSD", "maxPaths", "bandPaths", "progressInterval"}

// FuzzConfigValidate builds a Config from fuzzed fields. Validate must not
// panic; every problem it reports is a *valid.FieldError naming one of
// Config's fields, and it accepts exactly the configs whose fields are in
// their documented ranges. An accepted config small enough to run cheaply
// runs (on a one-year custom scenario) and returns the paths it promised.
func FuzzConfigValidate(f *testing.F) {
	f.Add(int64(1000), uint64(0), uint64(1), int64(0), false, 0.0, int64(0), int64(0), int64(0), uint8(15))
	f.Add(int64(0), uint64(0), uint64(1), int64(-1), false, 0.0, int64(0), int64(0), int64(0), uint8(0))
	f.Add(int64(1e12), uint64(math.MaxUint64), uint64(0), int64(1<<40), true, math.NaN(), int64(-5), int64(-1), int64(-1), uint8(3))
	f.Add(int64(368), uint64(2), uint64(9), int64(3), true, 1e3, int64(2048), int64(100), int64(time.Millisecond), uint8(8))
	f.Add(int64(401), uint64(1), uint64(9), int64(2), true, math.Inf(1), int64(401), int64(100_001), int64(2*time.Hour), uint8(1))
	f.Add(int64(500), uint64(0), uint64(7), int64(4096), false, 1e-300, int64(700), int64(0), int64(0), uint8(2))
	f.Fuzz(func(t *testing.T, paths int64, first, seed uint64, workers int64, anti bool, target float64, maxPaths, bandPaths, interval int64, bands uint8) {
		cfg := Config{
			Paths: int(paths), FirstPath: first, Seed: seed, Workers: int(workers), Antithetic: anti,
			TargetStdErrUSD: target, MaxPaths: int(maxPaths), BandPaths: int(bandPaths),
			ProgressInterval: time.Duration(interval),
		}
		if bands&16 == 0 {
			cfg.Bands = &BandSet{Cash: bands&8 != 0}
			for i, x := range []market.Series{market.SeriesBTCPrice, market.SeriesHashprice, market.SeriesGPURent} {
				if bands&(1<<i) != 0 {
					cfg.Bands.Series = append(cfg.Bands.Series, x)
				}
			}
		}
		err := cfg.Validate()
		want := configProblems(cfg)
		if err != nil {
			var named []string
			for _, e := range flattenErr(err) {
				var fe *valid.FieldError
				if !errors.As(e, &fe) || !slices.Contains(configFields, fe.Field) {
					t.Fatalf("problem %q names no field of Config", e)
				}
				if !strings.Contains(e.Error(), fe.Field+" = ") {
					t.Fatalf("problem %q does not give the value", e)
				}
				named = append(named, fe.Field)
			}
			for _, w := range want {
				if !slices.Contains(named, w) {
					t.Fatalf("%+v: error %q does not name %s", cfg, err, w)
				}
			}
			if len(want) == 0 {
				t.Fatalf("%+v: rejected a config within every documented range: %v", cfg, err)
			}
			if _, rerr := Run(context.Background(), customOnly(1, flat), cfg); rerr == nil || !strings.Contains(rerr.Error(), err.Error()) {
				t.Fatalf("Run gave %v, want Validate's error", rerr)
			}
			return
		}
		if len(want) > 0 {
			t.Fatalf("%+v: accepted, but %v are out of range", cfg, want)
		}
		if cfg.maxPaths() > 2000 || cfg.Workers > 64 {
			return
		}
		cfg.Bands = nil
		res, err := Run(context.Background(), customOnly(1, flat), cfg)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if n := len(res.NPV[0]); n < cfg.Paths || n > cfg.maxPaths() || res.Run.Paths != n {
			t.Fatalf("%+v: ran %d paths (Run.Paths %d)", cfg, n, res.Run.Paths)
		}
	})
}

// flat books 1,000 USD a step.
var flat = funcStrategy{name: "flat", cash: func(*market.State, bool) float64 { return 1e3 }}

// configProblems lists the fields of cfg outside their documented ranges
// (the Config field docs), checked independently of Validate.
func configProblems(cfg Config) []string {
	var out []string
	bad := func(f string) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if cfg.Paths < MinSummaryPaths || cfg.Paths > MaxRunPaths || (cfg.Antithetic && cfg.Paths%2 != 0) {
		bad("paths")
	}
	if cfg.FirstPath > math.MaxUint64-MaxRunPaths || (cfg.Antithetic && cfg.FirstPath%2 != 0) {
		bad("firstPath")
	}
	if cfg.Workers < 0 || cfg.Workers > MaxWorkers {
		bad("workers")
	}
	switch {
	case cfg.TargetStdErrUSD == 0:
		if cfg.MaxPaths != 0 {
			bad("maxPaths")
		}
	case !(cfg.TargetStdErrUSD > 0) || math.IsInf(cfg.TargetStdErrUSD, 1):
		bad("targetStdErrUSD")
	case cfg.MaxPaths < max(cfg.Paths, MinSummaryPaths) || cfg.MaxPaths > MaxRunPaths:
		bad("maxPaths")
	}
	if cfg.Antithetic && cfg.MaxPaths%2 != 0 {
		bad("maxPaths")
	}
	if cfg.BandPaths < 0 || cfg.BandPaths > MaxBandPaths {
		bad("bandPaths")
	}
	if cfg.ProgressInterval < 0 || cfg.ProgressInterval > time.Hour {
		bad("progressInterval")
	}
	return out
}

// flattenErr expands errors.Join trees into their leaves.
func flattenErr(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErr(e)...)
		}
		return out
	}
	return []error{err}
}
