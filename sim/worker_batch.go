package sim

import (
	"errors"
	"runtime/debug"
)

// runChunkSafe runs the paths at offsets [lo, hi) as runChunk does, and
// turns a panic into a *PanicError. A batch that panics is run again one
// path at a time, so the panic is pinned on the path of lowest offset that
// raises it, as when every path ran alone; if none does alone, it is
// pinned on the path the batch was booking (the first, during the
// market's step). It reports whether the worker may go on.
func (w *worker) runChunkSafe(lo, hi int) (ok bool) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		stack := debug.Stack()
		ok = false
		if hi-lo > 1 {
			cur := w.cur
			for off := lo; off < hi; off++ {
				if !w.runChunkSafe(off, off+1) {
					return
				}
			}
			lo += cur
		}
		w.fail(lo, w.panicked(lo, v, stack))
	}()
	return w.runChunk(lo, hi)
}

// runChunk runs the paths at offsets [lo, hi) (at most the batch's
// capacity) together, step by step, and stores the results of those that
// priced. A path that fails is recorded (fail) and stops, and every path
// of the batch above it is abandoned, as the run abandons every path above
// a failure; the paths below it finish. It reports whether the worker may
// go on: false when a path failed or the run is stopping.
func (w *worker) runChunk(lo, hi int) bool {
	r := w.r
	n := hi - lo
	w.batch.Resize(n)
	w.cur = 0
	ok := true
	for i := range n {
		if !w.startPath(i, lo+i) {
			ok = false
		}
	}
	for k := 1; k <= r.steps; k++ {
		if k%stopCheckSteps == 0 {
			if r.stop.Load() {
				return false
			}
			w.abandonAbove(r.failAt.Load())
		}
		w.stepMarkets(k)
		for i := range n {
			if w.slots[i].live && !w.bookPath(i, k) {
				ok = false
			}
		}
	}
	for i := range n {
		if w.slots[i].live && !w.endPath(i) {
			ok = false
		}
	}
	for i := range n {
		if w.slots[i].live {
			w.store(i)
			r.done.Add(1)
		}
	}
	return ok && !r.stop.Load()
}

// startPath resets path i of the batch to the path at offset off (its
// streams, or its mirror's) and begins its observers, keeping in the
// slot's active list those that watch it.
func (w *worker) startPath(i, off int) bool {
	cfg := &w.r.cfg
	sl := &w.slots[i]
	sl.info = PathInfo{Index: cfg.FirstPath + uint64(off), Offset: off}
	sl.info.Mirror = cfg.Antithetic && sl.info.Index&1 == 1
	sl.live = true
	w.cur = i
	p := w.batch.Path(i)
	if sl.info.Mirror {
		p.Reset(cfg.Seed, sl.info.Index-1, true)
	} else {
		p.Reset(cfg.Seed, sl.info.Index, false)
	}
	if sl.qmc != nil {
		sl.qmc.Reset(sl.info.Index)
	}
	sl.pr.Reset()
	sl.active = sl.active[:0]
	for _, o := range sl.obs {
		err := o.Begin(sl.info, p.State(), sl.pr)
		switch {
		case err == nil:
			sl.active = append(sl.active, o)
		case !errors.Is(err, SkipPath):
			w.failSlot(i, w.stepError(err, i, 0))
			return false
		}
	}
	return true
}

// stepMarkets advances every path's market of the batch by step k: with
// its quasi-Monte Carlo shocks under RQMC, drawing them from its market
// stream otherwise.
func (w *worker) stepMarkets(k int) {
	w.cur = 0
	b := w.batch
	if w.slots[0].qmc == nil {
		b.StepMarkets(b.DrawShocks())
		return
	}
	z := b.Shocks()
	for i := range z {
		z[i] = *w.slots[i].qmc.Shocks(k)
	}
	b.StepMarkets(z)
}

// bookPath books path i's strategies for step k, prices their cash flows
// and shows them to its observers.
func (w *worker) bookPath(i, k int) bool {
	w.cur = i
	sl := &w.slots[i]
	p := w.batch.Path(i)
	w.batch.BookPath(i)
	cfs := w.batch.Flows(i)
	if err := sl.pr.Book(k, cfs); err != nil {
		w.failSlot(i, w.stepError(err, i, k))
		return false
	}
	for _, o := range sl.active {
		if err := o.Step(k, p.State(), cfs, sl.pr); err != nil {
			w.failSlot(i, w.stepError(err, i, k))
			return false
		}
	}
	return true
}

// endPath ends path i's observers.
func (w *worker) endPath(i int) bool {
	w.cur = i
	sl := &w.slots[i]
	for _, o := range sl.active {
		if err := o.End(sl.pr); err != nil {
			w.failSlot(i, w.stepError(err, i, w.r.steps))
			return false
		}
	}
	return true
}

// failSlot records the failure of path i of the batch and abandons it and
// every path of the batch above it.
func (w *worker) failSlot(i int, pe *PathError) {
	w.fail(w.slots[i].info.Offset, pe)
	for j := i; j < w.batch.Len(); j++ {
		w.slots[j].live = false
	}
}

// abandonAbove abandons the paths of the batch whose offset is above
// failAt (a failure another worker found below them).
func (w *worker) abandonAbove(failAt uint64) {
	for i := range w.batch.Len() {
		if uint64(w.slots[i].info.Offset) > failAt {
			w.slots[i].live = false
		}
	}
}

// runPath runs the path at offset off alone (a batch of one) and returns
// its *PathError, nil when it priced: the worker's loop for one path, as
// tests and benchmarks that time a path at a time call it.
func (w *worker) runPath(off int) *PathError {
	w.err = nil
	if w.runChunk(off, off+1) {
		return nil
	}
	if pe, ok := w.err.(*PathError); ok {
		return pe
	}
	return errStopped
}

// errStopped marks a path abandoned because the run stopped.
var errStopped = &PathError{Quantity: "stopped"}
