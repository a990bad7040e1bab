package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model"
)

// stopCheckSteps is how often, in steps, a worker looks at the stop flags
// while a path runs, so that a cancelled run stops promptly even when one
// path has tens of thousands of steps, at the cost of one atomic load per
// 256 steps.
const stopCheckSteps = 256

// maxChunk is the largest number of consecutive path indices a worker
// claims at once. Chunks only balance the load; results do not depend on
// them.
const maxChunk = 64

// worker is one goroutine's simulator and buffers, allocated once.
type worker struct {
	r    *run
	path *model.Simulator
	pr   *PathPricer
	qmc  *model.QMCPath // the path's quasi-Monte Carlo shocks with Sampling RQMC, else nil
	obs  []PathObserver // one per observer of the run
	// active holds the PathObservers watching the path under way.
	active []PathObserver
	// pbCount[j][k] counts this worker's paths of strategy j paying back
	// at step k (k = 0: never negative), with NPVSamplesOnly.
	pbCount [][]int64
	err     error  // this worker's failing path of lowest index: *PathError or *PanicError
	off     uint64 // offset of err's path
}

// makeWorkers makes the run's workers, each with its simulator, pricer
// and PathObservers.
func (r *run) makeWorkers() error {
	nw := min(r.cfg.Workers, r.cfg.maxPaths())
	r.workers = make([]*worker, nw)
	for i := range r.workers {
		p, err := r.plan.NewSimulator()
		if err != nil {
			return err
		}
		w := &worker{r: r, path: p, pr: NewPathPricer(r.plan)}
		if r.qmc != nil {
			w.qmc = r.qmc.NewPath()
		}
		for k, o := range r.observers {
			po := o.NewPathObserver()
			if po == nil {
				k -= len(r.observers) - len(r.cfg.Observers) // its index in Config.Observers
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
	if w.qmc != nil {
		w.qmc.Reset(info.Index)
	}
	w.pr.Reset()
	if pe := w.begin(info); pe != nil {
		return pe
	}
	for k := 1; k <= r.steps; k++ {
		if k%stopCheckSteps == 0 && (r.stop.Load() || uint64(off) > r.failAt.Load()) {
			return errStopped
		}
		st, cfs := w.step(k)
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
// the seed, the mirror flag, and, unless pe has one, the cause: the market
// series out of range, if any.
func (w *worker) pathError(pe *PathError, info PathInfo, step int) *PathError {
	pe.Path, pe.Seed, pe.Mirror, pe.Step = info.Index, w.r.cfg.Seed, info.Mirror, step
	if pe.Cause != "" {
		return pe
	}
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
