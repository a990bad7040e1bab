package sim

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// allocated returns the bytes of heap f allocates (runtime.MemStats'
// TotalAlloc, which counts every allocation, garbage included).
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// RunMemory is within 5 % of what a run of 40,000 paths allocates, for
// plain and antithetic runs, all samples or NPVs only, with and without
// bands, on two workers and on one; and a bound of it in target mode. The
// runs use a one-year horizon (12 steps), so that they are quick and the
// per-path terms dominate as they do in runs of millions of paths.
func TestRunMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 40,000 paths ten times")
	}
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	plan, err := model.NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40_000
	var cfgs []Config
	for _, anti := range []bool{false, true} {
		for _, npvOnly := range []bool{false, true} {
			for _, bands := range []*BandSet{nil, {}} {
				cfgs = append(cfgs, Config{Paths: n, Seed: 1, Workers: 2, Antithetic: anti, NPVSamplesOnly: npvOnly, Bands: bands})
			}
		}
	}
	cfgs = append(cfgs,
		Config{Paths: n, Seed: 1, Workers: 1, Antithetic: true},
		Config{Paths: 4000, Seed: 1, Workers: 2, Antithetic: true, BandPaths: 8000, Bands: &BandSet{Series: []market.Series{market.SeriesBTCPrice}, Cash: true}},
		Config{Paths: 4000, Seed: 1, Workers: 2, Antithetic: true, Bands: AllBands()},
		Config{Paths: 2048, Seed: 1, Workers: 2, TargetStdErrUSD: 1, MaxPaths: n},
		Config{Paths: n, Seed: 1, Workers: 2, Sampling: RQMC, Replicates: 16, Bands: &BandSet{}},
		Config{Paths: n, Seed: 1, Workers: 2, Sampling: RQMC, Replicates: 400, Bands: &BandSet{}})
	for _, cfg := range cfgs {
		name := fmt.Sprintf("paths=%d/workers=%d/antithetic=%v/npvOnly=%v/bands=%v/target=%v/replicates=%d",
			cfg.Paths, cfg.Workers, cfg.Antithetic, cfg.NPVSamplesOnly, cfg.Bands == nil || cfg.Bands.Cash || len(cfg.Bands.Series) > 0, cfg.TargetStdErrUSD > 0, cfg.Replicates)
		t.Run(name, func(t *testing.T) {
			est := RunMemory(plan.Steps(), plan.NumStrategies(), cfg)
			got := allocated(func() {
				if _, err := Run(context.Background(), &sc, cfg); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("estimate %d B, allocated %d B (%+.1f %%)", est, got, 100*(float64(est)/float64(got)-1))
			if cfg.TargetStdErrUSD > 0 {
				// An upper bound: the slices grow batch by batch.
				if got > est {
					t.Errorf("allocated %d B, more than the estimate %d B", got, est)
				}
				return
			}
			if raceDetector {
				// Built with -race the run allocates 10–17 % more than a
				// plain build does (antithetic runs); the estimate is
				// of the plain build, checked without -race.
				return
			}
			if d := float64(est)/float64(got) - 1; d < -0.05 || d > 0.05 {
				t.Errorf("estimate %d B is %+.1f %% off the %d B allocated, want within 5 %%", est, 100*d, got)
			}
		})
	}
}

// The per-path figures of RunMemory's doc: 80, 92, 44 and 56 bytes for
// three strategies.
func TestRunMemoryPerPath(t *testing.T) {
	for _, tc := range []struct {
		anti, npvOnly bool
		want          int64
	}{{false, false, 80}, {true, false, 92}, {false, true, 44}, {true, true, 56}} {
		cfg := Config{Paths: 2_000_000, Workers: 2, Antithetic: tc.anti, NPVSamplesOnly: tc.npvOnly, Bands: &BandSet{}}
		small := cfg
		small.Paths = 1_000_000
		if got := (RunMemory(120, 3, cfg) - RunMemory(120, 3, small)) / 1_000_000; got != tc.want {
			t.Errorf("antithetic %v, NPVs only %v: %d B per path, want %d", tc.anti, tc.npvOnly, got, tc.want)
		}
	}
}

// BenchmarkRunMemoryPerPath measures the heap a run allocates per path
// (runtime.MemStats.TotalAlloc of a run of 200,000 paths less that of a
// run of 100,000, over 100,000), three strategies over one year without
// bands, for plain and antithetic runs, all samples and NPVs only; and
// RunMemory's figure beside it.
func BenchmarkRunMemoryPerPath(b *testing.B) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	for _, anti := range []bool{false, true} {
		for _, npvOnly := range []bool{false, true} {
			name := fmt.Sprintf("antithetic=%v/npvOnly=%v", anti, npvOnly)
			b.Run(name, func(b *testing.B) {
				var per float64
				for b.Loop() {
					var got [2]int64
					for i, n := range []int{100_000, 200_000} {
						cfg := Config{Paths: n, Seed: 1, Workers: 2, Antithetic: anti, NPVSamplesOnly: npvOnly, Bands: &BandSet{}}
						got[i] = allocated(func() {
							if _, err := Run(context.Background(), &sc, cfg); err != nil {
								b.Fatal(err)
							}
						})
					}
					per = float64(got[1]-got[0]) / 100_000
				}
				b.ReportMetric(per, "B/path")
				est := RunMemory(12, 3, Config{Paths: 200_000, Workers: 2, Antithetic: anti, NPVSamplesOnly: npvOnly, Bands: &BandSet{}}) -
					RunMemory(12, 3, Config{Paths: 100_000, Workers: 2, Antithetic: anti, NPVSamplesOnly: npvOnly, Bands: &BandSet{}})
				b.ReportMetric(float64(est)/100_000, "estimate-B/path")
			})
		}
	}
}
