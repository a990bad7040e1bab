package sim

import (
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
const maxChunk = 32

// worker is one goroutine's batch simulator and buffers, allocated once.
// It runs the paths it claims in batches (model.BatchSimulator): each
// path of a batch has its slot, with its pricer, quasi-Monte Carlo shocks
// and observers.
type worker struct {
	r     *run
	batch *model.BatchSimulator
	slots []slot
	// pbCount[j][k] counts this worker's paths of strategy j paying back
	// at step k (k = 0: never negative), with NPVSamplesOnly.
	pbCount [][]int64
	err     error  // this worker's failing path of lowest index: *PathError or *PanicError
	off     uint64 // offset of err's path
	cur     int    // the path of the batch being worked on (to pin a panic on)
}

// slot is the per-path part of a worker's batch: path i of the batch is
// priced by slots[i].pr and watched by slots[i].obs.
type slot struct {
	pr  *PathPricer
	qmc *model.QMCPath // the path's quasi-Monte Carlo shocks with Sampling RQMC, else nil
	obs []PathObserver // one per observer of the run
	// active holds the PathObservers watching the path under way.
	active []PathObserver
	info   PathInfo
	// live is false once the path has failed or been abandoned.
	live bool
}

// batchCapacity returns the largest batch a worker of the run steps
// (batchSlots).
func (r *run) batchCapacity() int {
	return int(batchSlots(int64(r.cfg.maxPaths()), int64(r.steps), int64(r.nStrat), r.cfg.NPVSamplesOnly))
}

// maxBatchBytes bounds what the slots of one worker's batch take: a path of
// many steps keeps its cash flows for every step, so long paths run in
// smaller batches.
const maxBatchBytes = 4 << 20

// batchSlots returns the number of paths a worker's batch holds for a run
// of n paths of t steps and s strategies: a chunk (maxChunk), at most n,
// and at most what fits in maxBatchBytes (slotBytes each), at least 1.
func batchSlots(n, t, s int64, npvOnly bool) int64 {
	return max(1, min(int64(maxChunk), n, maxBatchBytes/slotBytes(t, s, npvOnly)))
}

// slotBytes is what one path of a worker's batch takes: its
// model.Simulator and its pricer's cash flows, S·(T+1)·8 (twice with
// NPVSamplesOnly, which counts paybacks per step).
func slotBytes(t, s int64, npvOnly bool) int64 {
	flows := s * (t + 1) * 8
	if npvOnly {
		flows *= 2
	}
	return pathBytes + flows
}

// makeWorkers makes the run's workers, each with its batch simulator and
// a slot per path of a batch.
func (r *run) makeWorkers() error {
	nw := min(r.cfg.Workers, r.cfg.maxPaths())
	r.workers = make([]*worker, nw)
	for i := range r.workers {
		b, err := r.plan.NewBatchSimulator(r.batchCapacity())
		if err != nil {
			return err
		}
		w := &worker{r: r, batch: b, slots: make([]slot, b.Capacity())}
		for i := range w.slots {
			if err := w.makeSlot(i); err != nil {
				return err
			}
		}
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

// makeSlot gives slot i its pricer, quasi-Monte Carlo shocks (the slots
// share one generator) and PathObservers.
func (w *worker) makeSlot(i int) error {
	r := w.r
	sl := &w.slots[i]
	sl.pr = NewPathPricer(r.plan)
	switch {
	case r.qmc != nil && i == 0:
		sl.qmc = r.qmc.NewPath()
	case r.qmc != nil:
		sl.qmc = w.slots[0].qmc.Sibling()
	}
	for k, o := range r.observers {
		po := o.NewPathObserver()
		if po == nil {
			k -= len(r.observers) - len(r.cfg.Observers) // its index in Config.Observers
			return fmt.Errorf("sim: config: observers[%d] (%T): NewPathObserver returned nil", k, o)
		}
		sl.obs = append(sl.obs, po)
	}
	sl.active = make([]PathObserver, 0, len(sl.obs))
	return nil
}

// loop claims chunks of path offsets and runs each as a batch until the
// run's paths are done, the run is cancelled or a path below the chunk
// has failed.
func (w *worker) loop(chunk int64) {
	r := w.r
	for {
		lo := r.next.Add(chunk) - chunk
		if lo >= int64(r.end) || r.stop.Load() || uint64(lo) > r.failAt.Load() {
			return
		}
		hi := min(lo+chunk, int64(r.end))
		for from := int(lo); from < int(hi); from += w.batch.Capacity() {
			if !w.runChunkSafe(from, min(from+w.batch.Capacity(), int(hi))) {
				return
			}
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

// stepError returns the PathError of err, raised at step of path i of the
// batch by the pricer or an observer: a copy of err completed if it is a
// *PathError, else a PathError holding it.
func (w *worker) stepError(err error, i, step int) *PathError {
	pe := &PathError{Quantity: "observer", Err: err}
	if e, ok := err.(*PathError); ok {
		c := *e
		pe = &c
	}
	return w.pathError(pe, i, step)
}

// pathError completes pe, a failure at step of path i of the batch: the
// path, the seed, the mirror flag, and, unless pe has one, the cause: the
// market series out of range, if any.
func (w *worker) pathError(pe *PathError, i, step int) *PathError {
	info := w.slots[i].info
	pe.Path, pe.Seed, pe.Mirror, pe.Step = info.Index, w.r.cfg.Seed, info.Mirror, step
	if pe.Cause != "" {
		return pe
	}
	if err := w.r.plan.Market().CheckState(w.batch.Path(i).State()); err != nil {
		pe.Cause = err.Error()
	}
	return pe
}

// store writes the results of path i of the batch, priced by pr, at its
// offset.
func (w *worker) store(i int) {
	r := w.r
	pr, off := w.slots[i].pr, w.slots[i].info.Offset
	for j := range r.nStrat {
		r.npv[j][off] = pr.NPVUSD(j)
		irr := pr.IRRPerYear(j)
		if r.cfg.NPVSamplesOnly {
			r.irr32[j][off] = irrFloat32(irr)
			if s := pr.paybackStep(j); s >= 0 {
				w.pbCount[j][s]++
			}
			continue
		}
		r.irr[j][off] = irr
		r.payback[j][off] = pr.PaybackMonths(j)
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
