// Package phase runs the phases of a program (reading a scenario, the
// run, the tables, drawing a picture) so that a cancelled context stops
// any of them at once, and lets tests interrupt a program in a named
// phase. internal/cli (the example programs) and report (which draws
// pictures) both run their phases through it.
package phase

import "context"

// Do runs f, the work of the phase called name ("scenario", "run",
// "tables", "picture", …), on its own goroutine and returns its results,
// or ctx's error as soon as ctx is cancelled, without waiting for f: f is
// left to finish in the background and its results are dropped. It keeps
// Ctrl-C prompt in a phase that looks at ctx too seldom or not at all
// (statistics, tables, drawing a picture, reading a named pipe). f must
// not write files or anything the caller reads after an early return; it
// may read what the caller no longer changes.
func Do[T any](ctx context.Context, name string, f func() (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	hook, _ := ctx.Value(hookKey{}).(func(string))
	go func() {
		if hook != nil {
			hook(name)
		}
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// hookKey is the context key of WithHook.
type hookKey struct{}

// WithHook returns a copy of ctx with which Do calls hook with the name
// of each phase, on the phase's goroutine, before the phase's work. Tests
// use it to interrupt a program in a given phase (and to hold that phase
// up, as a long one would be).
func WithHook(ctx context.Context, hook func(name string)) context.Context {
	return context.WithValue(ctx, hookKey{}, hook)
}
