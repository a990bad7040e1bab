package lsm_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/lsm"
)

// deterministic returns samples whose paths all show the same state and
// values: exercise values ex by date, hold values hold by date.
func deterministic(paths int, ex, hold []float64) *lsm.Samples {
	s := lsm.NewSamples(paths, len(ex), 1, hold != nil)
	for d := range ex {
		for i := range paths {
			s.StateAt(d, i)[0] = 1
			s.Exercise[s.At(d, i)] = ex[d]
			if hold != nil {
				s.Hold[s.At(d, i)] = hold[d]
			}
		}
	}
	return s
}

// TestSwingDeterministic: with the same values on every path the fit is
// exact (the design has rank 1 and the fitted values are the values), so
// the rule is the optimal one of the deterministic problem, found by hand:
// two units, exercise values 3, 1, 4, 1, 5 at five dates.
func TestSwingDeterministic(t *testing.T) {
	ex := []float64{3, 1, 4, 1, 5}
	for _, c := range []struct {
		name          string
		units, perDay int
		hold          []float64
		known         bool
		want          float64
		when          []int32
	}{
		{"one a date", 2, 1, nil, true, 9, []int32{2, 4}},
		{"no limit", 2, 0, nil, true, 10, []int32{4, 4}},
		{"one unit", 1, 0, nil, false, 5, []int32{4}},
		// Holding earns 2 a date per unit: exercising at 3 or 4 gives up
		// the later holds, so the best is to keep both units (2·5·2 = 20)
		// unless a date beats the holds left: 5 at the last date beats a
		// hold of 2 there: 2·(4·2) + 2·5 = 26.
		{"with holds", 2, 0, []float64{2, 2, 2, 2, 2}, false, 26, []int32{4, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := deterministic(50, ex, c.hold)
			cfg := lsm.Config{Basis: lsm.Polynomial{Vars: 1, Degree: 2}, Scaling: lsm.ScaleStandard, Units: c.units, MaxPerDate: c.perDay, KnownExercise: c.known}
			rule, diag, err := lsm.Fit(context.Background(), s, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(diag.InSampleValue-c.want) > 1e-9 {
				t.Errorf("in-sample value %g, want %g", diag.InSampleValue, c.want)
			}
			for d, df := range diag.Dates {
				if df.Rank != 1 || df.Paths != 50 {
					t.Errorf("date %d: rank %d on %d paths, want 1 on 50", d, df.Rank, df.Paths)
				}
			}
			p, err := lsm.Price(context.Background(), s, rule)
			if err != nil {
				t.Fatal(err)
			}
			if m, _ := p.Mean(); math.Abs(m-c.want) > 1e-9 {
				t.Errorf("priced %g, want %g", m, c.want)
			}
			for u, w := range c.when {
				if p.Exercised[u] != w {
					t.Errorf("unit %d exercised at date %d, want %d", u, p.Exercised[u], w)
				}
			}
		})
	}
}

// TestUnknownExerciseFitsTheMean: when the exercise value is its
// conditional mean a(x) plus noise the decision cannot see, the fitted
// rule exercises where a(x) beats waiting, as the rule knowing a(x) does.
// One date, no holding value: exercise iff a(x) = x − 1 > 0, the noise of
// standard deviation 2 ignored. On fresh paths the rule's value agrees
// with the value of that rule, E[max(x − 1, 0)], within three standard
// errors.
func TestUnknownExerciseFitsTheMean(t *testing.T) {
	gen := func(seed uint64, n int) *lsm.Samples {
		s := lsm.NewSamples(n, 1, 1, false)
		r := dist.New(seed, 0)
		for i := range n {
			x := 2 * r.Uniform()
			s.StateAt(0, i)[0] = x
			s.Exercise[i] = x - 1 + 2*r.Norm()
		}
		return s
	}
	cfg := lsm.Config{Basis: lsm.Polynomial{Vars: 1, Degree: 1}}
	rule, diag, err := lsm.Fit(context.Background(), gen(1, 20_000), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r2 := diag.Dates[0].R2[0]; !(r2 > 0.05 && r2 < 0.15) {
		t.Errorf("R² %g, want about Var(x)/(Var(x) + 4) = 0.077", r2)
	}
	p, err := lsm.Price(context.Background(), gen(2, 100_000), rule)
	if err != nil {
		t.Fatal(err)
	}
	m, se := p.Mean()
	if want := 0.25; math.Abs(m-want) > 3*se { // ∫₁² (x − 1) dx / 2
		t.Errorf("value %g ± %g, want %g", m, se, want)
	}
}

// TestFitRefusesBadInput: every bad field is named, before any work.
func TestFitRefusesBadInput(t *testing.T) {
	good := func() *lsm.Samples { return deterministic(10, []float64{1, 2}, nil) }
	poly := lsm.Polynomial{Vars: 1, Degree: 2}
	for _, c := range []struct {
		name string
		s    *lsm.Samples
		cfg  lsm.Config
		want string
	}{
		{"nil samples", nil, lsm.Config{Basis: poly}, "samples = nil"},
		{"no paths", &lsm.Samples{Dates: 1, Dim: 1}, lsm.Config{Basis: poly}, "paths = 0"},
		{"short state", func() *lsm.Samples { s := good(); s.State = s.State[:3]; return s }(), lsm.Config{Basis: poly}, "len(state) = 3"},
		{"NaN exercise", func() *lsm.Samples { s := good(); s.Exercise[13] = math.NaN(); return s }(), lsm.Config{Basis: poly}, "exercise value of path 3 at date 1 = NaN"},
		{"Inf state", func() *lsm.Samples { s := good(); s.State[4] = math.Inf(1); return s }(), lsm.Config{Basis: poly}, "state of path 4 at date 0, coordinate 0 = +Inf"},
		{"nil basis", good(), lsm.Config{}, "basis = nil"},
		{"basis dim", good(), lsm.Config{Basis: lsm.Polynomial{Vars: 2, Degree: 1}}, "must be the samples' dim = 1"},
		{"units", good(), lsm.Config{Basis: poly, Units: -1}, "units = -1"},
		{"per date", good(), lsm.Config{Basis: poly, Units: 2, MaxPerDate: 3}, "maxPerDate = 3"},
		{"in money", good(), lsm.Config{Basis: poly, InMoneyOnly: true}, "inMoneyOnly = true: requires knownExercise"},
		{"rcond", good(), lsm.Config{Basis: poly, RCond: math.NaN()}, "rcond = NaN"},
		{"scaling", good(), lsm.Config{Basis: poly, Scaling: 7}, "scaling = 7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := lsm.Fit(context.Background(), c.s, c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestFitCancelled: a cancelled context stops the fit with its error.
func TestFitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := lsm.Fit(ctx, deterministic(10, []float64{1, 2}, nil), lsm.Config{Basis: lsm.Polynomial{Vars: 1, Degree: 1}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestFitDeterministic: the same samples give the same rule and values,
// bit for bit.
func TestFitDeterministic(t *testing.T) {
	c := putCase{spot: 40, strike: 40, rate: 0.06, vol: 0.3, years: 1, datesPerYear: 12}
	var first []float64
	for range 2 {
		rule, _, err := lsm.Fit(context.Background(), c.samples(3, 4000), lsmConfig)
		if err != nil {
			t.Fatal(err)
		}
		p, err := lsm.Price(context.Background(), c.samples(4, 4000), rule)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p.Values
			continue
		}
		for i := range first {
			if math.Float64bits(first[i]) != math.Float64bits(p.Values[i]) {
				t.Fatalf("path %d: %v then %v", i, first[i], p.Values[i])
			}
		}
	}
}
