package cli

import (
	"context"
	"runtime"

	"github.com/pivotrisk/pivotrisk/internal/phase"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Do runs f, the work of the program phase called name ("scenario",
// "run", "tables", "picture", …), on its own goroutine and returns its
// results, or ctx's error as soon as ctx is cancelled, without waiting for
// f: f is left to finish in the background and its results are dropped.
// It keeps Ctrl-C prompt in a phase that looks at ctx too seldom or not at
// all (statistics, tables, drawing a picture, reading a named pipe): the
// program stops within milliseconds and exits while f is still running. f
// must not write files or anything the caller reads after an early
// return; it may read what the caller no longer changes.
func Do[T any](ctx context.Context, name string, f func() (T, error)) (T, error) {
	return phase.Do(ctx, name, f)
}

// WithPhaseHook returns a copy of ctx with which Do (and the drawing of
// each picture, phase "picture") calls hook with the name of each phase,
// on the phase's goroutine, before the phase's work. Tests use it to
// interrupt a program in a given phase (and to hold that phase up, as a
// long one would be).
func WithPhaseHook(ctx context.Context, hook func(name string)) context.Context {
	return phase.WithHook(ctx, hook)
}

// KeepNPVOnly drops res's IRR and payback samples, which the programs'
// tables and pictures do not read (their summaries are in res.Strategies),
// and collects the garbage at once, so that what follows the run (sorted
// copies of the NPVs for the tables and pictures) fits in the memory the
// run freed. Without the collection the heap would first grow to the
// collector's goal, twice the run's samples, before they are reclaimed. The
// collection takes milliseconds: the samples hold no pointers.
func KeepNPVOnly(res *sim.Result) {
	res.IRRPerYear, res.PaybackMonths = nil, nil
	runtime.GC()
}
