package sim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// panicStrategy books 1 USD a step and panics on the paths whose first
// uniform (drawn in Reset) is below prob, at step atStep (0: in Reset).
type panicStrategy struct {
	name   string
	prob   float64
	atStep int
}

func (p panicStrategy) Name() string { return p.name }

func (p panicStrategy) NewRunner(site.Env) (site.Runner, error) {
	return &panicRunner{p: p}, nil
}

type panicRunner struct {
	p   panicStrategy
	bad bool
}

func (r *panicRunner) Reset(_ *market.State, rng *dist.Rand) {
	r.bad = rng.Uniform() < r.p.prob
	if r.bad && r.p.atStep == 0 {
		panic("bad reset")
	}
}

func (r *panicRunner) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) { *cf = r.book(s, rng) }

func (r *panicRunner) book(s *market.State, _ *dist.Rand) site.CashFlow {
	if r.bad && s.Step == r.p.atStep {
		var m map[string]int
		m["boom"]++ // a real runtime error, not just a panic call
	}
	return site.CashFlow{MiningUSD: 1}
}

// A strategy that panics in a worker fails the run with a *PanicError
// naming it, the lowest failing path, the step and the seed, the same for
// any worker count; the program goes on.
func TestRunRecoversStrategyPanic(t *testing.T) {
	ok := funcStrategy{name: "fine", cash: func(*market.State, bool) float64 { return 1 }}
	for _, tc := range []struct {
		name       string
		st         panicStrategy
		antithetic bool
		wantStep   int
	}{
		{"step", panicStrategy{name: "boom", prob: 0.01, atStep: 5}, false, 5},
		{"reset", panicStrategy{name: "boom", prob: 0.01, atStep: 0}, false, 0},
		{"antithetic", panicStrategy{name: "boom", prob: 0.01, atStep: 7}, true, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := customOnly(1, ok, tc.st)
			// The first path the strategy fails on, from its own stream.
			want := uint64(0)
			for ; ; want++ {
				base, mirror := want, false
				if tc.antithetic && want&1 == 1 {
					base, mirror = want-1, true
				}
				r := dist.New(dist.Substream(1, 1), base)
				r.SetMirror(mirror)
				if r.Uniform() < tc.st.prob {
					break
				}
			}
			if want >= 2000 {
				t.Fatalf("no failing path among 2000 (first at %d)", want)
			}
			var msgs []string
			for _, workers := range []int{1, 2, 7} {
				res, err := Run(context.Background(), sc, Config{Paths: 2000, Seed: 1, Workers: workers, Antithetic: tc.antithetic})
				var pe *PanicError
				if res != nil || !errors.As(err, &pe) {
					t.Fatalf("workers %d: got %v, %v; want a *PanicError", workers, res, err)
				}
				if pe.Strategy != "boom" || pe.Path != want || pe.Seed != 1 || pe.Step != tc.wantStep || !pe.Replayed ||
					pe.Mirror != (tc.antithetic && want&1 == 1) || len(pe.Stack) == 0 {
					t.Errorf("workers %d: %+v; want strategy boom, path %d, step %d", workers, pe, want, tc.wantStep)
				}
				msg := err.Error()
				for _, w := range []string{`strategy "boom"`, fmt.Sprintf("path %d ", want), "seed 1", "panicked"} {
					if !strings.Contains(msg, w) {
						t.Errorf("message %q lacks %q", msg, w)
					}
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("message %q is not one line", msg)
				}
				msgs = append(msgs, msg)
			}
			if msgs[0] != msgs[1] || msgs[0] != msgs[2] {
				t.Errorf("the report depends on the worker count:\n%s", strings.Join(msgs, "\n"))
			}
			// The error's replay recipe reproduces it.
			var pe *PanicError
			_, err := Run(context.Background(), sc, Config{Paths: 2000, Seed: 1, Antithetic: tc.antithetic})
			errors.As(err, &pe)
			first := pe.Path
			if pe.Mirror {
				first--
			}
			_, err = Run(context.Background(), sc, Config{Paths: MinSummaryPaths, FirstPath: first, Seed: 1, Antithetic: tc.antithetic})
			var again *PanicError
			if !errors.As(err, &again) || again.Path != pe.Path || again.Step != pe.Step {
				t.Errorf("replay gave %v, want the panic at path %d", err, pe.Path)
			}
		})
	}
}

// sneakyStrategy panics on its nth runner step across all its runners (a
// shared counter): the replay does not find it.
type sneakyStrategy struct{ count *int64 }

func (s sneakyStrategy) Name() string { return "sneaky" }
func (s sneakyStrategy) NewRunner(site.Env) (site.Runner, error) {
	return sneakyRunner{s}, nil
}

type sneakyRunner struct{ s sneakyStrategy }

func (sneakyRunner) Reset(*market.State, *dist.Rand)                           {}
func (r sneakyRunner) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) { *cf = r.book(s, rng) }

func (r sneakyRunner) book(*market.State, *dist.Rand) site.CashFlow {
	*r.s.count++
	if *r.s.count == 30 {
		panic(errors.New("thirtieth step"))
	}
	return site.CashFlow{}
}

// A panic that does not recur on replay is still an error, saying so, and
// pinned on the path whose strategies were being booked: one worker runs
// the first MinSummaryPaths/8 = 46 paths as one batch, booking each step
// for every path in turn, so the strategy's 30th step is path 29's first.
func TestRunPanicNotReplayed(t *testing.T) {
	var n int64
	sc := customOnly(1, sneakyStrategy{&n})
	_, err := Run(context.Background(), sc, Config{Paths: MinSummaryPaths, Seed: 3, Workers: 1})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Replayed || pe.Strategy != "" || pe.Step != -1 || pe.Path != 29 {
		t.Fatalf("got %v (%+v), want an unreplayed panic at path 29", err, pe)
	}
	if !strings.Contains(err.Error(), "did not recur") || !strings.Contains(err.Error(), "thirtieth step") {
		t.Errorf("message %q", err)
	}
}
