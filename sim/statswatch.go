package sim

import (
	"context"
	"errors"
	"sync/atomic"
)

// statsPhaseKey is the context key of a test hook of the statistics phase,
// a func(phase string, index int) called before each piece of work
// ("summary" j, "comparison" j, "bands", "done"); tests use it to cancel a
// run at a known piece. Nothing outside the package can set it.
type statsPhaseKey struct{}

// statsWatch watches a run's context during its statistics.
type statsWatch struct {
	ctx     context.Context
	flag    atomic.Bool
	observe func(phase string, index int)
	unwatch func() bool
}

// newStatsWatch starts watching ctx for the statistics of r.
func newStatsWatch(ctx context.Context, r *run) *statsWatch {
	w := &statsWatch{ctx: ctx}
	w.observe, _ = ctx.Value(statsPhaseKey{}).(func(string, int))
	w.unwatch = context.AfterFunc(ctx, func() { w.flag.Store(true) })
	return w
}

// stop reports whether the context was cancelled (a cheap atomic load, for
// the inner loops).
func (w *statsWatch) stop() bool { return w.flag.Load() }

// phase tells the observer, if any, that a piece of work starts, and
// returns ctx.Err() if the context was cancelled.
func (w *statsWatch) phase(name string, index int) error {
	if w.observe != nil {
		w.observe(name, index)
	}
	return w.ctx.Err()
}

// err returns ctx.Err() for an error that stopped the statistics because
// of it, and err otherwise.
func (w *statsWatch) err(err error) error {
	if errors.Is(err, errStatsStopped) {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
	}
	return err
}

// close stops watching the context.
func (w *statsWatch) close() { w.unwatch() }
