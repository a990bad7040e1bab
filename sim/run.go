package sim

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pivotrisk/pivotrisk/model"
)

// Run simulates sc over the paths cfg asks for on cfg.Workers goroutines
// and returns every strategy's NPV distribution with its risk figures.
//
// Paths. Path i (FirstPath ≤ i < FirstPath+n) draws only from the random
// streams of (Seed, i), seeded by model.Simulator.Reset, so its result
// depends on nothing else: the same Config gives bit-identical results for
// any worker count, and a run of paths [a, b) reproduces exactly those
// paths of any larger run. With Antithetic, path 2k+1 runs the mirror of
// path 2k's streams (Reset(Seed, 2k, true)). With Sampling RQMC, path i
// takes its diffusion shocks from point ⌊i/R⌋ of Sobol replicate i mod R
// (Config.QMC; model.Simulator.StepShocks) and every other draw from the
// streams of (Seed, i), so the same holds. Every strategy runs on the
// same market path (common random numbers, by model.Simulator).
//
// Real options. A strategy of kind realOption (model.KindRealOption)
// without a fitted rule has it fitted first, on calibration paths of an
// independent seed (FitOptions), and is then priced on the run's paths
// beside the others; Result.Options reports its fit, boundaries, timing
// and value of flexibility (OptionSummary).
//
// Pricing. Each path's cash flows are priced by a PathPricer, which states
// the formulas: NPV discounted at the scenario's DiscountRatePerYear, IRR
// over periods of about a month (see Result.IRRPerYear for when it is
// defined), discounted payback in months.
//
// Work and memory. Workers claim chunks of consecutive path indices, step
// each chunk's paths together as a batch (model.BatchSimulator: every
// path's market over contiguous slices, then each path's strategies; a
// path's numbers do not depend on its batch) and write each path's results at its own index of preallocated per-strategy
// slices; every statistic is computed afterwards from the samples in path
// order, so floating-point sums run in a fixed order. A path allocates
// nothing. Memory grows with what is kept: 24 bytes per path per strategy
// (NPV, IRR, payback; 12 with Config.NPVSamplesOnly), the bands, and one
// sort buffer of 8 bytes per path, never with steps × paths.
//
// Errors and cancellation. Run validates cfg and sc first. A value that is
// not finite, or an Observer's error, stops the run with a *PathError (the
// failing path of lowest index: paths above it stop at once, paths below
// it finish, so that the report is the same for any worker count). When
// ctx is cancelled, the workers notice within stopCheckSteps steps and the
// statistics between pieces of work, and Run returns ctx.Err(). A panic
// while a worker runs a path (in a strategy's Runner or an Observer,
// typically a user's) is recovered into a *PanicError naming the strategy,
// path, step and seed; a panic in a strategy's Name or NewRunner happens
// in model.NewPlan, on the caller's goroutine, and is not recovered.
//
// Sharing. Run only reads sc, so one scenario may be shared read-only by
// any number of concurrent Runs (and sweeps); sc must not be modified
// while a Run that uses it is in progress. Its Custom strategies are
// shared by the workers, as site.Strategy requires.
func Run(ctx context.Context, sc *model.Scenario, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sim: config: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkSamplingScenario(sc, cfg); err != nil {
		return nil, err
	}
	sc, opts, err := prepareOptions(ctx, sc, &cfg) // fits the real options' rules (option_run.go)
	if err != nil {
		return nil, err
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	cfg = cfg.resolved()
	start := time.Now()
	r := newRun(plan, cfg)
	if r.qmc, err = cfg.QMC(plan); err != nil {
		return nil, err
	}
	if err := r.makeWorkers(); err != nil {
		return nil, err
	}

	stopProgress := r.startProgress()
	n, batchEnds, met, err := r.runAll(ctx)
	stopProgress()
	if err != nil {
		return nil, err
	}
	wall := time.Since(start)
	r.dropWorkers(n)
	res, err := r.result(ctx, n, batchEnds, met, wall)
	opts.finish(res, sc)
	return res, err
}

// run is the state of one Run shared by its workers.
type run struct {
	plan   *model.Plan
	cfg    Config
	steps  int
	nStrat int
	names  []string
	months float64 // months per step, 12·dt

	npv, irr, payback [][]float64   // [strategy][path offset]; irr, payback nil with NPVSamplesOnly
	irr32             [][]float32   // [strategy][path offset], with NPVSamplesOnly
	bands             *bandStore    // nil when no band is kept
	funding           *fundingStore // nil when no strategy has a capital structure
	observers         []Observer    // the bands, if kept, then Config.Observers

	workers  []*worker
	nWorkers int        // len(workers) once they are dropped, for the statistics
	pbCounts [][]int64  // per strategy, the workers' payback counts once they are dropped (NPVSamplesOnly)
	qmc      *model.QMC // the quasi-Monte Carlo design with Sampling RQMC, else nil

	next    atomic.Int64  // next path offset to hand out
	end     int           // end of the current batch (offset)
	stop    atomic.Bool   // set when ctx is cancelled
	failAt  atomic.Uint64 // lowest failing path offset so far, MaxUint64 if none
	done    atomic.Int64  // paths finished
	planned atomic.Int64  // paths planned so far
}

// newRun returns the state of a Run of plan with cfg (resolved): its
// sample slices, its band store and its observers (the bands first).
func newRun(plan *model.Plan, cfg Config) *run {
	steps := plan.Steps()
	r := &run{
		plan:   plan,
		cfg:    cfg,
		steps:  steps,
		nStrat: plan.NumStrategies(),
		names:  plan.StrategyNames(),
		months: 12 * plan.DtYears(),
	}
	r.failAt.Store(math.MaxUint64)
	maxN := cfg.maxPaths()
	r.npv = make([][]float64, r.nStrat)
	if cfg.NPVSamplesOnly {
		r.irr32 = make([][]float32, r.nStrat)
	} else {
		r.irr = make([][]float64, r.nStrat)
		r.payback = make([][]float64, r.nStrat)
	}
	r.bands = newBandStore(*cfg.Bands, min(cfg.BandPaths, maxN), steps, r.names)
	if r.bands != nil {
		r.observers = append(r.observers, r.bands)
	}
	r.funding = newFundingStore(plan)
	if r.funding != nil {
		r.observers = append(r.observers, r.funding)
	}
	r.observers = append(r.observers, cfg.Observers...)
	return r
}

// grow makes room for n path results per strategy (reallocating only when
// a target-mode batch outgrows the slices).
func (r *run) grow(n int) {
	for j := range r.nStrat {
		r.npv[j] = growTo(r.npv[j], n)
		if r.cfg.NPVSamplesOnly {
			r.irr32[j] = growTo(r.irr32[j], n)
			continue
		}
		r.irr[j] = growTo(r.irr[j], n)
		r.payback[j] = growTo(r.payback[j], n)
	}
	if r.funding != nil {
		r.funding.grow(n)
	}
}

// growTo returns s extended to length n, reallocating only when its
// capacity is short. A new slice comes from make, whose fresh pages the
// system zeroes as they are first touched: slices.Grow from an empty slice
// writes every byte up front (seconds for the gigabytes of 10⁸ paths, during
// which a cancellation cannot be noticed).
func growTo[T any](s []T, n int) []T {
	if n <= cap(s) {
		return s[:n]
	}
	t := make([]T, n)
	copy(t, s)
	return t
}

// startProgress starts the progress reporter, if any, and returns the
// function that makes its final call and waits for it.
func (r *run) startProgress() (stop func()) {
	if r.cfg.Progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.cfg.ProgressInterval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				r.cfg.Progress(int(r.done.Load()), int(r.planned.Load()))
			case <-quit:
				r.cfg.Progress(int(r.done.Load()), int(r.planned.Load()))
				return
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}

// runAll runs the batches and returns the number of paths run, the batch
// ends (target mode only) and whether the target was met.
func (r *run) runAll(ctx context.Context) (n int, batchEnds []int, met bool, err error) {
	cfg := r.cfg
	end := cfg.Paths
	for {
		r.planned.Store(int64(end))
		r.grow(end)
		if err := r.runBatch(ctx, n, end); err != nil {
			return 0, nil, false, err
		}
		n = end
		if cfg.TargetStdErrUSD <= 0 {
			return n, nil, false, nil
		}
		batchEnds = append(batchEnds, n)
		se := r.maxStderr(n)
		if se <= cfg.TargetStdErrUSD {
			return n, batchEnds, true, nil
		}
		if n >= cfg.MaxPaths {
			return n, batchEnds, false, nil
		}
		end = nextBatchEnd(n, se, cfg.TargetStdErrUSD, cfg.MaxPaths)
	}
}

// nextBatchEnd returns the end of the batch after one ending at n whose
// largest standard error is se (see Config.TargetStdErrUSD).
func nextBatchEnd(n int, se, target float64, maxPaths int) int {
	const q = TargetBatchQuantum
	need := float64(n) * (se / target) * (se / target)
	add := q
	if extra := need - float64(n); extra > q {
		add = int(math.Min(math.Ceil(extra/q), float64(MaxRunPaths/q))) * q
	}
	add = min(add, max(n, q))
	return min(n+add, maxPaths)
}

// maxStderr returns the largest standard error of the mean NPV across
// strategies over the first n paths (on pair means with Antithetic).
func (r *run) maxStderr(n int) float64 {
	var m float64
	for j := range r.nStrat {
		m = math.Max(m, meanSE(r.npv[j][:n], r.cfg.Antithetic))
	}
	return m
}

// runBatch runs path offsets [from, to) on all workers.
func (r *run) runBatch(ctx context.Context, from, to int) error {
	r.next.Store(int64(from))
	r.end = to
	chunk := int64(max(1, min(maxChunk, (to-from)/(8*len(r.workers)))))
	unwatch := context.AfterFunc(ctx, func() { r.stop.Store(true) })
	defer unwatch()
	var g errgroup.Group
	for _, w := range r.workers {
		g.Go(func() error {
			w.loop(chunk)
			return nil
		})
	}
	_ = g.Wait() // workers report through w.err and r.stop
	if err := ctx.Err(); err != nil {
		return err
	}
	var first error
	var firstOff uint64 = math.MaxUint64
	for _, w := range r.workers {
		if w.err != nil && w.off < firstOff {
			first, firstOff = w.err, w.off
		}
	}
	if first != nil {
		return first
	}
	return nil
}
