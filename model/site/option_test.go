package site

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model/market"
)

func TestDecisionSteps(t *testing.T) {
	monthly := Env{DtYears: 1.0 / 12, Steps: 24}
	quarterly := Env{DtYears: 0.25, Steps: 8}
	for _, c := range []struct {
		env            Env
		every, latest  float64
		want           []int
		wantErrContain string
	}{
		{monthly, 3, 0, []int{0, 3, 6, 9, 12, 15, 18, 21}, ""},
		{monthly, 1, 4, []int{0, 1, 2, 3, 4}, ""},
		{monthly, 12, 0, []int{0, 12}, ""},
		{quarterly, 3, 0, []int{0, 1, 2, 3, 4, 5, 6, 7}, ""},
		{quarterly, 6, 12, []int{0, 2, 4}, ""},
		{quarterly, 1, 0, nil, "decisionMonths = 1: must be a whole number of steps (of 3 months)"},
		{monthly, 2.5, 0, nil, "decisionMonths = 2.5: must be a whole number"},
		{monthly, 0, 0, nil, "decisionMonths = 0: must be in (0, 1200]"},
		{monthly, math.NaN(), 0, nil, "decisionMonths = NaN"},
		{monthly, 3, -1, nil, "latestMonths = -1"},
	} {
		got, err := DecisionSteps(c.env, c.every, c.latest)
		if c.wantErrContain != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErrContain) {
				t.Errorf("DecisionSteps(%g, %g): error %v, want %q", c.every, c.latest, err, c.wantErrContain)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("DecisionSteps(%g, %g) = %v, %v; want %v", c.every, c.latest, got, err, c.want)
		}
	}
}

func TestOptionStateFill(t *testing.T) {
	o := OptionState{Series: []market.Series{market.SeriesHashprice, market.SeriesGPURentToTrend}, GPURegime: true}
	s := market.State{HashpriceUSDPerPHDay: 40, GPURentUSDPerHour: 3, GPUTrendUSDPerHour: 2, GPURegime: market.GPUGlut}
	x := make([]float64, o.Dim())
	o.Fill(&s, x)
	if want := []float64{math.Log(40), math.Log(1.5), 1}; !slices.Equal(x, want) {
		t.Errorf("Fill = %v, want %v", x, want)
	}
	if names := o.Names(); !slices.Equal(names, []string{"hashprice", "gpuRentToTrend", "gpuRegime"}) {
		t.Errorf("Names = %q", names)
	}
	if o.Index(market.SeriesGPURentToTrend) != 1 || o.Index(market.SeriesBTCPrice) != -1 {
		t.Error("Index")
	}
}

// constantRule fits a rule on samples where every path sees state 1 and
// converting one block is worth gain[d] more than holding it through date d
// with nothing after: the rule converts at the first date where that pays.
func constantRule(t *testing.T, gain []float64, blocks int) *lsm.Rule {
	t.Helper()
	s := lsm.NewSamples(20, len(gain), 1, true)
	for d, g := range gain {
		for i := range 20 {
			s.StateAt(d, i)[0] = math.Log(30)
			s.Exercise[s.At(d, i)] = g
		}
	}
	r, _, err := lsm.Fit(context.Background(), s, lsm.Config{Basis: lsm.Polynomial{Vars: 1, Degree: 1}, Scaling: lsm.ScaleStandard, Units: blocks})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConversionDecisions: the decisions follow the rule at the decision
// steps only, schedule through the runner, and allocate nothing.
func TestConversionDecisions(t *testing.T) {
	state := OptionState{Series: []market.Series{market.SeriesHashprice}}
	rule, err := NewConversionRule(constantRule(t, []float64{-1, 5, 1}, 2), state, []int{0, 3, 6})
	if err != nil {
		t.Fatal(err)
	}
	dec := rule.NewDecisions()
	s := market.State{HashpriceUSDPerPHDay: 30}
	if n := dec.Reset(&s); n != 0 {
		t.Errorf("at the start: %d blocks, want 0 (converting loses 1)", n)
	}
	for k := 1; k <= 8; k++ {
		s.Step = k
		n := dec.Observe(&s)
		if want := map[int]int{3: 2}[k]; n != want {
			t.Errorf("step %d: %d blocks, want %d", k, n, want)
		}
	}
	if dec.ConvertedAt(0) != 1 || dec.ConvertedAt(1) != 1 || dec.Left() != 0 {
		t.Errorf("converted at %d, %d, %d left", dec.ConvertedAt(0), dec.ConvertedAt(1), dec.Left())
	}
	if a := testing.AllocsPerRun(100, func() {
		s.Step = 0
		dec.Reset(&s)
		for k := 1; k <= 8; k++ {
			s.Step = k
			dec.Observe(&s)
		}
	}); a != 0 {
		t.Errorf("a path of decisions allocates %v times", a)
	}
}

func TestConversionRuleRefused(t *testing.T) {
	state := OptionState{Series: []market.Series{market.SeriesHashprice}}
	r := constantRule(t, []float64{1, 2}, 1)
	for _, c := range []struct {
		rule  *lsm.Rule
		state OptionState
		steps []int
		want  string
	}{
		{nil, state, []int{0, 1}, "nil lsm.Rule"},
		{r, state, []int{0}, "a rule of 2 dates and 1 coordinates for 1 decision steps"},
		{r, state, []int{2, 1}, "must increase"},
		{r, OptionState{Series: []market.Series{market.SeriesMonths}}, []int{0, 1}, "state[0] = months"},
	} {
		if _, err := NewConversionRule(c.rule, c.state, c.steps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	rule, _ := NewConversionRule(r, state, []int{0, 12})
	if err := rule.Check(Env{Steps: 12}, 1); err == nil || !strings.Contains(err.Error(), "deciding at step 12 for a horizon of 12 steps") {
		t.Errorf("Check: %v", err)
	}
	if err := rule.Check(Env{Steps: 24}, 2); err == nil || !strings.Contains(err.Error(), "of 1 blocks for a strategy of 2") {
		t.Errorf("Check: %v", err)
	}
}
