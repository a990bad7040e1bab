package sim

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
)

// PanicError reports a panic raised while a worker ran a path: most often
// in a user's strategy (its Runner's Reset or Step) or Observer, possibly
// in the market or the engine. Run's workers recover it, so a panicking strategy
// fails the run with this error instead of crashing the program; the rest
// of the run stops as for a *PathError, and when several paths fail Run
// reports the one with the lowest index, the same for any worker count.
//
// Strategy and Step are found by replaying the path after the panic: the
// market alone, then each strategy alone on the same market path (a
// strategy's results never depend on the others', see model.Simulator.Reset).
// The first to panic in step order is named; Strategy is "" when it is the
// market, or when no replay panics again (an observer, or a strategy whose
// panic depends on state outside its Runner), in which case Replayed is
// false.
//
// To replay it, run the scenario with Config{Seed: Seed, FirstPath: Path,
// Paths: MinSummaryPaths} (FirstPath: Path−1 with Antithetic when Mirror is
// set), or step it by hand as for a PathError.
type PanicError struct {
	Path     uint64 // index of the path in the run
	Seed     uint64 // the run's seed
	Mirror   bool   // the path is the antithetic mirror of path Path−1's streams
	Strategy string // the strategy that panicked; "" for the market or when not found
	Step     int    // the step that panicked, 1..Steps (0: the runner's Reset); −1 when not found
	Replayed bool   // the replay panicked again where reported
	Value    any    // the value passed to panic
	Stack    []byte // the panicking goroutine's stack, as debug.Stack gives it
}

// Error says who panicked where, with what, and how to replay it, on one
// line (the stack is in Stack).
func (e *PanicError) Error() string {
	who := "the market"
	switch {
	case e.Strategy != "":
		who = fmt.Sprintf("strategy %q", e.Strategy)
	case !e.Replayed:
		who = "an observer, a strategy or the market (the panic did not recur when the path was replayed without observers)"
	}
	where := fmt.Sprintf(" at step %d", e.Step)
	switch {
	case e.Step == 0:
		where = " in Reset"
	case e.Step < 0:
		where = ""
	}
	first := e.Path
	anti := ""
	if e.Mirror {
		first, anti = e.Path-1, " and Antithetic"
	}
	return fmt.Sprintf("sim: path %d (seed %d): %s panicked%s: %v; replay it with a Run with Seed %d, FirstPath %d%s",
		e.Path, e.Seed, who, where, e.Value, e.Seed, first, anti)
}

// panicked builds the PanicError of a panic with value v on the path at
// offset off, replaying the path to find who panicked at which step.
func (w *worker) panicked(off int, v any, stack []byte) *PanicError {
	r := w.r
	idx := r.cfg.FirstPath + uint64(off)
	mirror := r.cfg.Antithetic && idx&1 == 1
	base := idx
	if mirror {
		base--
	}
	pe := &PanicError{Path: idx, Seed: r.cfg.Seed, Mirror: mirror, Step: -1, Value: v, Stack: stack}
	if step, ok := replayMarket(r.plan, r.cfg.Seed, base, mirror); ok {
		pe.Step, pe.Replayed = step, true
		return pe
	}
	best := -1
	for j := range r.nStrat {
		step, ok := replayStrategy(r.plan, j, r.cfg.Seed, base, mirror)
		if ok && (best < 0 || step < pe.Step) {
			best, pe.Step = j, step
		}
	}
	if best >= 0 {
		pe.Strategy, pe.Replayed = r.names[best], true
	}
	return pe
}

// replayMarket steps the plan's market alone along path (seed, base,
// mirror) and returns the step at which it panics, if it does.
func replayMarket(plan *model.Plan, seed, base uint64, mirror bool) (step int, panicked bool) {
	m := plan.Market()
	rng := dist.New(seed, base)
	rng.SetMirror(mirror)
	st := m.Start()
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	for step = 1; step <= plan.Steps(); step++ {
		m.Step(&st, rng)
	}
	return 0, false
}

// replayStrategy runs strategy j of plan alone along path (seed, base,
// mirror) and returns the step at which it panics (0 for Reset), if it
// does.
func replayStrategy(plan *model.Plan, j int, seed, base uint64, mirror bool) (step int, panicked bool) {
	sc := plan.Scenario()
	nb := len(sc.Strategies)
	if j < nb {
		sc.Strategies, sc.Custom = sc.Strategies[j:j+1], nil
	} else {
		sc.Strategies, sc.Custom = nil, sc.Custom[j-nb:j-nb+1]
	}
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	one, err := model.NewPlan(sc)
	if err != nil {
		return 0, false
	}
	p, err := one.NewSimulator()
	if err != nil {
		return 0, false
	}
	step = 0
	p.Reset(seed, base, mirror)
	for step = 1; step <= one.Steps(); step++ {
		p.Step()
	}
	return 0, false
}
