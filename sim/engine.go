package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pivotrisk/pivotrisk/model"
)

// stopCheckSteps is how often, in steps, a worker looks at the stop flags
// while a path runs: every 256 steps is about a millisecond of the default
// model, so a cancelled run stops within a few milliseconds even when one
// path has tens of thousands of steps, and the check costs nothing
// measurable.
const stopCheckSteps = 256

// maxChunk is the largest number of consecutive path indices a worker
// claims at once. Chunks only balance the load; results do not depend on
// them.
const maxChunk = 64

// PathError reports a path whose cash flow, NPV or band value is not a
// finite number (an overflow from an extreme parameter, or a strategy that
// books ±Inf or NaN). Run never lets such a value into the statistics. When
// several paths fail, Run reports the one with the lowest index, the same
// for any worker count.
//
// To replay the path, run the scenario with Config{Seed: Seed, FirstPath:
// Path, Paths: MinSummaryPaths} (FirstPath: Path−1 with Antithetic when
// Mirror is set), or step it by hand: plan.NewSimulator(), then
// path.Reset(Seed, Path, false) — or path.Reset(Seed, Path−1, true) when
// Mirror is set — and Step up to Step.
type PathError struct {
	Path     uint64  // index of the path in the run
	Seed     uint64  // the run's seed
	Mirror   bool    // the path is the antithetic mirror of path Path−1's streams
	Strategy string  // the strategy's name; "" for a market series
	Step     int     // the step, 1..Steps (0: the start state)
	Quantity string  // what was not finite: "free cash flow", "NPV", "cumulative cash", "btcPrice", …
	Value    float64 // the offending value (±Inf or NaN; for band values, the float64 that overflows float32)
	// Cause names the market series that had left its range at that step
	// and the scenario fields that drive it (model.Market.CheckState); ""
	// when every market series was in range (a strategy's own overflow).
	Cause string
	// Err is the error of the Observer that stopped the run (Quantity
	// "observer"); nil otherwise.
	Err error
}

// Unwrap returns Err, the observer's error, if any.
func (e *PathError) Unwrap() error { return e.Err }

// Error says what failed where, and how to replay it.
func (e *PathError) Error() string {
	who := "the market"
	if e.Strategy != "" {
		who = fmt.Sprintf("strategy %q", e.Strategy)
	}
	replay := fmt.Sprintf("path.Reset(%d, %d, false)", e.Seed, e.Path)
	if e.Mirror {
		replay = fmt.Sprintf("path.Reset(%d, %d, true)", e.Seed, e.Path-1)
	}
	run := fmt.Sprintf("a Run with FirstPath %d", e.Path)
	if e.Mirror {
		run = fmt.Sprintf("a Run with FirstPath %d and Antithetic", e.Path-1)
	}
	what := "is not a finite number"
	if finite(e.Value) {
		what = "does not fit a float32 band value"
	}
	cause := ""
	if e.Cause != "" {
		cause = "; " + strings.ReplaceAll(e.Cause, "\n", "; ")
	}
	failed := fmt.Sprintf("%s: %s = %g at step %d %s%s", who, e.Quantity, e.Value, e.Step, what, cause)
	if e.Err != nil {
		failed = fmt.Sprintf("an observer stopped the run at step %d: %v", e.Step, e.Err)
	}
	return fmt.Sprintf("sim: path %d (seed %d): %s; "+
		"replay it with plan.NewSimulator, %s and %d calls of path.Step, or with %s",
		e.Path, e.Seed, failed, replay, e.Step, run)
}

// Run simulates sc over the paths cfg asks for on cfg.Workers goroutines
// and returns every strategy's NPV distribution with its risk figures.
//
// Paths. Path i (FirstPath ≤ i < FirstPath+n) draws only from the random
// streams of (Seed, i), seeded by model.Simulator.Reset, so its result depends
// on nothing else: the same Config gives bit-identical results for any
// worker count, and a run of paths [a, b) reproduces exactly those paths of
// any larger run. With Antithetic, path 2k+1 runs the mirror of path 2k's
// streams (Reset(Seed, 2k, true)). Every strategy runs on the same market
// path (common random numbers, by model.Simulator).
//
// Cash flows. The free cash flow of step k (k = 1..Steps, model
// CashFlow.FreeCashUSD, terminal value included at the last step) is at time
// k·dt years and is discounted by (1+r)^(−k·dt), r = the scenario's
// DiscountRatePerYear: per path and strategy,
//
//	NPV = Σ_{k=1..Steps} cash_k·(1+r)^(−k·dt),
//
// the same as NPV(ρ, [0, cash_1, …, cash_Steps]) with the rate per step
// ρ = (1+r)^dt − 1. IRR is IRR of those flows summed by periods of about
// a month (one step, or ⌈(1/12)/dt⌉ steps when they are shorter; flows[0] =
// 0; see Result.IRRPerYear for when it is defined), annualized by
// AnnualizeRate with the periods a year (NaN if undefined;
// an annual rate that rounds to −100 % is kept just above it, as
// −1+2⁻⁵³, and one that overflows is kept at the largest float64, so that
// Summarize accepts them). Payback is the first step at which the
// cumulative discounted cash C_k turns non-negative after having been
// negative, as in Payback, in months (k·dt·12; 0 if C_k is never negative;
// NaN if it never recovers).
//
// Work and memory. Workers claim chunks of consecutive path indices from an
// atomic counter and write each path's results at its own index of
// preallocated per-strategy slices; every statistic is computed afterwards
// from the samples in path order, so floating-point sums run in a fixed
// order. Each worker allocates its model.Simulator and buffers once; a path
// allocates nothing. Memory grows with what is kept: 24 bytes per path per
// strategy (NPV, IRR, payback; 12 with Config.NPVSamplesOnly) plus the
// bands, and the statistics sort in one buffer of 8 bytes per path, never
// with steps × paths.
//
// Errors and cancellation. Run validates cfg and sc first. A value that is
// not finite stops the run with a *PathError (the failing path of lowest
// index: paths above it stop at once, paths below it finish so that the
// report is the same for any worker count). When ctx is cancelled the
// workers notice within stopCheckSteps steps (a cheap atomic flag, not
// ctx.Err per step) and Run returns ctx.Err(); so do the statistics after
// the paths, which look at the flag between pieces of work (a strategy's
// sort in pieces of 2¹⁶ values, a comparison, a band), within
// milliseconds. A panic while a worker runs
// a path (in a strategy's Runner, typically a user's) is recovered and
// stops the run the same way with a *PanicError naming the strategy, path,
// step and seed; a panic in a strategy's Name or NewRunner happens in
// model.NewPlan, on the caller's goroutine, and is not recovered.
//
// Sharing. Run only reads sc, so one scenario may be shared read-only by
// any number of concurrent Runs (and sweeps), each giving the result it
// gives alone; sc must not be modified while a Run that uses it is in
// progress. Its Custom strategies are shared by the workers, as
// site.Strategy requires.
func Run(ctx context.Context, sc *model.Scenario, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sim: config: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	cfg = cfg.resolved()
	start := time.Now()
	r := newRun(plan, cfg)
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
	return r.result(ctx, n, batchEnds, met, wall)
}

// run is the state of one Run shared by its workers.
type run struct {
	plan   *model.Plan
	cfg    Config
	steps  int
	nStrat int
	names  []string
	months float64 // months per step, 12·dt

	npv, irr, payback [][]float64 // [strategy][path offset]; irr, payback nil with NPVSamplesOnly
	irr32             [][]float32 // [strategy][path offset], with NPVSamplesOnly
	bands             *bandStore  // nil when no band is kept
	observers         []Observer  // the bands, if kept, then Config.Observers

	workers []*worker

	next    atomic.Int64  // next path offset to hand out
	end     int           // end of the current batch (offset)
	stop    atomic.Bool   // set when ctx is cancelled
	failAt  atomic.Uint64 // lowest failing path offset so far, MaxUint64 if none
	done    atomic.Int64  // paths finished
	planned atomic.Int64  // paths planned so far
}

// worker is one goroutine's simulator and buffers, allocated once.
type worker struct {
	r    *run
	path *model.Simulator
	pr   *PathPricer
	obs  []PathObserver // one per observer of the run
	// active holds the PathObservers watching the path under way.
	active []PathObserver
	// pbCount[j][k] counts this worker's paths of strategy j paying back
	// at step k (k = 0: never negative), with NPVSamplesOnly.
	pbCount [][]int64
	err     error  // this worker's failing path of lowest index: *PathError or *PanicError
	off     uint64 // offset of err's path
}

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
	r.observers = append(r.observers, cfg.Observers...)
	return r
}

// grow makes room for n path results per strategy (reallocating only when
// a target-mode batch outgrows the slices).
func (r *run) grow(n int) {
	for j := range r.nStrat {
		r.npv[j] = slices.Grow(r.npv[j], n-len(r.npv[j]))[:n]
		if r.cfg.NPVSamplesOnly {
			r.irr32[j] = slices.Grow(r.irr32[j], n-len(r.irr32[j]))[:n]
			continue
		}
		r.irr[j] = slices.Grow(r.irr[j], n-len(r.irr[j]))[:n]
		r.payback[j] = slices.Grow(r.payback[j], n-len(r.payback[j]))[:n]
	}
}

func (r *run) makeWorkers() error {
	nw := min(r.cfg.Workers, r.cfg.maxPaths())
	r.workers = make([]*worker, nw)
	for i := range r.workers {
		p, err := r.plan.NewSimulator()
		if err != nil {
			return err
		}
		w := &worker{r: r, path: p, pr: NewPathPricer(r.plan)}
		for _, o := range r.observers {
			po := o.NewPathObserver()
			if po == nil {
				k := slices.Index(r.cfg.Observers, o)
				return fmt.Errorf("sim: config: observers[%d] (%T): NewPathObserver returned nil", k, o)
			}
			w.obs = append(w.obs, po)
		}
		w.active = make([]PathObserver, 0, len(w.obs))
		if r.cfg.NPVSamplesOnly {
			w.pbCount = make([][]int64, r.nStrat)
			for j := range w.pbCount {
				w.pbCount[j] = make([]int64, r.steps+1)
			}
		}
		r.workers[i] = w
	}
	return nil
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

// loop claims chunks of path offsets and runs them until the batch is
// done, the run is cancelled or a path below the chunk has failed.
func (w *worker) loop(chunk int64) {
	r := w.r
	for {
		lo := r.next.Add(chunk) - chunk
		if lo >= int64(r.end) || r.stop.Load() || uint64(lo) > r.failAt.Load() {
			return
		}
		hi := min(lo+chunk, int64(r.end))
		for off := int(lo); off < int(hi); off++ {
			if r.stop.Load() || uint64(off) > r.failAt.Load() {
				return
			}
			if err := w.runPathSafe(off); err != nil {
				if err != error(errStopped) {
					w.fail(off, err)
				}
				return
			}
			r.done.Add(1)
		}
	}
}

// fail records err at offset off and lowers the run's failAt to it.
func (w *worker) fail(off int, err error) {
	if w.err == nil || uint64(off) < w.off {
		w.err, w.off = err, uint64(off)
	}
	for {
		cur := w.r.failAt.Load()
		if uint64(off) >= cur || w.r.failAt.CompareAndSwap(cur, uint64(off)) {
			return
		}
	}
}

// errStopped marks a path abandoned because the run stopped.
var errStopped = &PathError{Quantity: "stopped"}

// runPath runs the path at offset off and stores its results. It returns
// nil, a *PathError, or errStopped. It allocates nothing, except the
// PathError when a value is not finite.
func (w *worker) runPath(off int) *PathError {
	r := w.r
	cfg := &r.cfg
	info := PathInfo{Index: cfg.FirstPath + uint64(off), Offset: off}
	info.Mirror = cfg.Antithetic && info.Index&1 == 1
	if info.Mirror {
		w.path.Reset(cfg.Seed, info.Index-1, true)
	} else {
		w.path.Reset(cfg.Seed, info.Index, false)
	}
	w.pr.Reset()
	if pe := w.begin(info); pe != nil {
		return pe
	}
	for k := 1; k <= r.steps; k++ {
		if k%stopCheckSteps == 0 && (r.stop.Load() || uint64(off) > r.failAt.Load()) {
			return errStopped
		}
		st, cfs := w.path.Step()
		if err := w.pr.Book(k, cfs); err != nil {
			return w.stepError(err, info, k)
		}
		for _, o := range w.active {
			if err := o.Step(k, st, cfs, w.pr); err != nil {
				return w.stepError(err, info, k)
			}
		}
	}
	for _, o := range w.active {
		if err := o.End(w.pr); err != nil {
			return w.stepError(err, info, r.steps)
		}
	}
	w.store(off)
	return nil
}

// begin starts the path's observers, keeping in w.active those that watch
// it.
func (w *worker) begin(info PathInfo) *PathError {
	w.active = w.active[:0]
	for _, o := range w.obs {
		err := o.Begin(info, w.path.State(), w.pr)
		switch {
		case err == nil:
			w.active = append(w.active, o)
		case !errors.Is(err, SkipPath):
			return w.stepError(err, info, 0)
		}
	}
	return nil
}

// stepError returns the PathError of err, raised at step of the path by
// the pricer or an observer: a copy of err completed if it is a
// *PathError, else a PathError holding it.
func (w *worker) stepError(err error, info PathInfo, step int) *PathError {
	pe := &PathError{Quantity: "observer", Err: err}
	if e, ok := err.(*PathError); ok {
		c := *e
		pe = &c
	}
	return w.pathError(pe, info, step)
}

// pathError completes pe, a failure at step of the path info: the path,
// the seed, the mirror flag, and the market series out of range, if any.
func (w *worker) pathError(pe *PathError, info PathInfo, step int) *PathError {
	pe.Path, pe.Seed, pe.Mirror, pe.Step = info.Index, w.r.cfg.Seed, info.Mirror, step
	if err := w.path.Plan().Market().CheckState(w.path.State()); err != nil {
		pe.Cause = err.Error()
	}
	return pe
}

// store writes the priced path's results at offset off.
func (w *worker) store(off int) {
	r := w.r
	for j := range r.nStrat {
		r.npv[j][off] = w.pr.NPVUSD(j)
		irr := w.pr.IRRPerYear(j)
		if r.cfg.NPVSamplesOnly {
			r.irr32[j][off] = irrFloat32(irr)
			if s := w.pr.paybackStep(j); s >= 0 {
				w.pbCount[j][s]++
			}
			continue
		}
		r.irr[j][off] = irr
		r.payback[j][off] = w.pr.PaybackMonths(j)
	}
}

// irrFloat32 rounds an annual IRR from annualIRR to float32, keeping it
// inside what the IRR summary accepts (NaN, or above −1 and finite).
func irrFloat32(a float64) float32 {
	f := float32(a)
	switch {
	case f <= -1:
		return math.Nextafter32(-1, 0)
	case f > math.MaxFloat32:
		return math.MaxFloat32
	}
	return f
}

// annualIRR annualizes a per-step IRR (NaN stays NaN), keeping the result
// inside what Summarize accepts: above −1 and finite.
func annualIRR(perStep, perYear float64) float64 {
	if math.IsNaN(perStep) {
		return perStep
	}
	a := AnnualizeRate(perStep, perYear)
	switch {
	case a <= -1:
		return math.Nextafter(-1, 0)
	case a > math.MaxFloat64:
		return math.MaxFloat64
	}
	return a
}
