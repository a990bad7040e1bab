package sim

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Limits and defaults of a run's Config.
const (
	// MaxRunPaths is the most paths one Run accepts (Paths, and MaxPaths in
	// target mode): 10⁸. A run keeps three float64 samples per path per
	// strategy (NPV, IRR, payback), 24 bytes (12 with
	// Config.NPVSamplesOnly), so 10⁸ paths of the default three strategies
	// hold 7.2 GB, and the statistics sort in one more float64 per path. A
	// larger study is split into runs of path ranges with FirstPath, each
	// reproducing exactly its share of the whole.
	MaxRunPaths = 100_000_000
	// MaxWorkers is the most worker goroutines a Run accepts. Each worker
	// holds its own model.Simulator and buffers; more workers than cores only
	// adds memory.
	MaxWorkers = 4096
	// DefaultBandPaths is the number of paths fan-chart bands are taken
	// from when Config.BandPaths is 0. Its quantiles are good to about
	// √(p(1−p)/K) in probability, 0.005 at p = 0.05 (see Bands).
	DefaultBandPaths = 2000
	// MaxBandPaths is the most band paths a Run keeps: 10⁵, so that the
	// float32 band store (MaxBandPoints points per series) stays under
	// 0.5 GB per series.
	MaxBandPaths = 100_000
	// MaxBandPoints is the most time points a band keeps: a run with more
	// steps keeps every m-th step, m = ⌈Steps/MaxBandPoints⌉, plus the last
	// (daily steps over 30 years keep every 10th day).
	MaxBandPoints = 1200
	// DefaultProgressInterval is the time between calls of Config.Progress
	// when Config.ProgressInterval is 0.
	DefaultProgressInterval = 100 * time.Millisecond
	// TargetBatchQuantum is the granularity, in paths, of the batches of
	// target-standard-error mode: after the first batch of Config.Paths
	// paths, each batch adds a multiple of it (see Config.TargetStdErrUSD).
	TargetBatchQuantum = 1024
)

// Config is how a Run samples: how many paths, which ones, how many
// workers, and what it keeps besides the NPVs. Its zero value is not
// runnable (Paths must be set); every other field has a usable zero value.
// A Config plus the Scenario reproduces a run bit for bit, whatever the
// worker count: Result carries both.
type Config struct {
	// Paths is the number of paths to run, in [MinSummaryPaths,
	// MaxRunPaths]: 368 is the fewest for which Summarize's confidence
	// interval on the 99 % VaR exists. With TargetStdErrUSD it is the size
	// of the first batch. Even with Antithetic.
	Paths int `json:"paths"`
	// FirstPath is the index of the first path (default 0): the run covers
	// paths [FirstPath, FirstPath+Paths), and path i's result depends only
	// on (Seed, i), so a study of paths [a, b) can be split across
	// processes or machines and each part reproduces exactly its paths of
	// the whole. Even with Antithetic.
	FirstPath uint64 `json:"firstPath"`
	// Seed selects the random streams; path i draws only from the stream
	// of (Seed, i) (model.Simulator.Reset).
	Seed uint64 `json:"seed"`
	// Workers is the number of worker goroutines, in [0, MaxWorkers]; 0
	// means runtime.GOMAXPROCS(0). It changes the speed, never the
	// results.
	Workers int `json:"workers"`
	// Antithetic pairs paths (2k, 2k+1): path 2k+1 runs the mirror of path
	// 2k's random streams (every uniform u becomes 1−u and every normal z
	// becomes −z, in the market and in every strategy), and path 2k is the
	// same path as without Antithetic. Standard errors of means are then
	// computed from the pair means (see Result).
	Antithetic bool `json:"antithetic"`
	// TargetStdErrUSD, if > 0, turns on target-standard-error mode: the run
	// adds paths in deterministic batches until the standard error of the
	// mean NPV of every strategy is at or below it (USD), or MaxPaths is
	// reached. The first batch is Paths paths; after a batch ending at n
	// paths whose largest standard error is se, the next batch ends at
	//
	//	n + TargetBatchQuantum·⌈(n·(se/target)² − n)/TargetBatchQuantum⌉,
	//
	// the predicted need, adding at least TargetBatchQuantum paths and at
	// most max(n, TargetBatchQuantum) (so at most doubling once past the
	// quantum), capped at MaxPaths. The boundaries depend only on the samples, which
	// depend only on Seed and FirstPath, so the stopping point is the same
	// for any worker count. 0 (the default) runs exactly Paths paths.
	TargetStdErrUSD float64 `json:"targetStdErrUSD,omitempty"`
	// MaxPaths caps target-standard-error mode, in [Paths, MaxRunPaths];
	// required with TargetStdErrUSD, and must be 0 without it. Even with
	// Antithetic.
	MaxPaths int `json:"maxPaths,omitempty"`

	// Sampling chooses how paths draw their diffusion shocks: PseudoRandom
	// (the default; also empty) or RQMC, randomized quasi-Monte Carlo over
	// Replicates independent scramblings of a Sobol sequence. With RQMC,
	// Replicates is in [2, dist.MaxReplicates], Paths and FirstPath are
	// multiples of it (at least MinReplicatePaths paths per replicate),
	// Antithetic is false, TargetStdErrUSD 0, the scenario holds no real
	// option and at most dist.SobolMaxDim/5 steps. Results depend only on
	// (Seed, path index), as without it.
	Sampling Sampling `json:"sampling,omitempty"`
	// Replicates is R, the number of independent scramblings with Sampling
	// RQMC (see Sampling); 0 otherwise.
	Replicates int `json:"replicates,omitempty"`

	// NPVSamplesOnly keeps no per-path IRR and payback samples:
	// Result.IRRPerYear and Result.PaybackMonths are nil, and the run holds
	// 12 bytes per path per strategy instead of 24 (for a million paths of
	// three strategies, 36 MB instead of 72 MB), for runs of millions of
	// paths. The summaries stay complete: their payback figures are exact
	// (the run counts paths per payback step), and their IRR figures are
	// those of each path's IRR rounded to float32 (the 4 bytes per path
	// kept for them; 7 significant digits, so they may differ from a run
	// without the option in the 7th digit). Everything else is unchanged.
	NPVSamplesOnly bool `json:"npvSamplesOnly,omitempty"`

	// Bands selects the series kept for fan charts (see Bands); nil keeps
	// DefaultBands, &BandSet{} none.
	Bands *BandSet `json:"bands,omitempty"`
	// BandPaths is the number of paths bands are computed from, the first
	// BandPaths paths of the run (all of them when the run is smaller), in
	// [0, MaxBandPaths]; 0 means DefaultBandPaths.
	BandPaths int `json:"bandPaths,omitempty"`

	// Progress, if not nil, is called with the number of paths done and
	// the number planned so far (in target mode, the end of the current
	// batch), at most once per ProgressInterval, and once more when the run
	// ends (also on error or cancellation). All calls come from one
	// goroutine, never concurrently; Progress must return quickly.
	Progress func(done, planned int) `json:"-"`
	// ProgressInterval is the least time between Progress calls, in [0,
	// 1 h]; 0 means DefaultProgressInterval.
	ProgressInterval time.Duration `json:"-"`

	// Observers watch every path step by step (see Observer), in this
	// order, after the bands. They do not change the results; an error
	// from one stops the run with a *PathError. None may be nil.
	Observers []Observer `json:"-"`
}

// Validate reports every invalid field of cfg with its value and allowed
// range (see the field docs).
func (cfg Config) Validate() error {
	var c valid.Checker
	c.Int("paths", int64(cfg.Paths), MinSummaryPaths, MaxRunPaths)
	c.Int("workers", int64(cfg.Workers), 0, MaxWorkers)
	if cfg.FirstPath > math.MaxUint64-MaxRunPaths {
		c.Add("firstPath", cfg.FirstPath, fmt.Sprintf("≤ %d (path indices must not wrap)", uint64(math.MaxUint64-MaxRunPaths)))
	}
	switch {
	case cfg.TargetStdErrUSD == 0 && cfg.MaxPaths != 0:
		c.Add("maxPaths", cfg.MaxPaths, "0 without targetStdErrUSD")
	case cfg.TargetStdErrUSD != 0:
		if c.Positive("targetStdErrUSD", cfg.TargetStdErrUSD) {
			c.Int("maxPaths", int64(cfg.MaxPaths), int64(max(cfg.Paths, MinSummaryPaths)), MaxRunPaths)
		}
	}
	if cfg.Antithetic {
		const want = "even with antithetic (pairs are paths 2k, 2k+1)"
		if cfg.Paths%2 != 0 {
			c.Add("paths", cfg.Paths, want)
		}
		if cfg.FirstPath%2 != 0 {
			c.Add("firstPath", cfg.FirstPath, want)
		}
		if cfg.MaxPaths%2 != 0 {
			c.Add("maxPaths", cfg.MaxPaths, want)
		}
	}
	cfg.validateSampling(&c)
	if cfg.Bands != nil {
		c.Sub("bands", cfg.Bands.validate())
	}
	c.Int("bandPaths", int64(cfg.BandPaths), 0, MaxBandPaths)
	if cfg.ProgressInterval < 0 || cfg.ProgressInterval > time.Hour {
		c.Add("progressInterval", cfg.ProgressInterval.String(), "in [0, 1h]")
	}
	for i, o := range cfg.Observers {
		if o == nil {
			c.Add(fmt.Sprintf("observers[%d]", i), "nil", "an Observer")
		}
	}
	return c.Err()
}

// resolved returns cfg with its defaults filled in: Workers, BandPaths,
// Bands and ProgressInterval.
func (cfg Config) resolved() Config {
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BandPaths == 0 {
		cfg.BandPaths = DefaultBandPaths
	}
	if cfg.Bands == nil {
		cfg.Bands = DefaultBands()
	} else {
		cfg.Bands = &BandSet{Series: slices.Clone(cfg.Bands.Series), Cash: cfg.Bands.Cash}
	}
	if cfg.ProgressInterval == 0 {
		cfg.ProgressInterval = DefaultProgressInterval
	}
	return cfg
}

// Pairing returns the pairing of the paths of a run with this Config:
// Antithetic with Config.Antithetic, RQMCReplicates(Replicates) with
// Sampling RQMC, Independent otherwise.
func (c Config) Pairing() Pairing {
	if c.Antithetic {
		return Antithetic
	}
	if c.Sampling == RQMC {
		return RQMCReplicates(c.Replicates)
	}
	return Independent
}

// maxPaths returns the most paths the run can take.
func (cfg Config) maxPaths() int {
	if cfg.TargetStdErrUSD > 0 {
		return cfg.MaxPaths
	}
	return cfg.Paths
}
