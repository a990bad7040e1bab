package sim

import (
	"fmt"
	"strings"
)

// PathError reports a path whose cash flow, NPV or band value is not a
// finite number (an overflow from an extreme parameter, or a strategy that
// books ±Inf or NaN), or on which an Observer stopped the run. Run never
// lets such a value into the statistics. When several paths fail, Run
// reports the one with the lowest index, the same for any worker count.
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
