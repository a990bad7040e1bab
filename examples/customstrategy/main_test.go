package main

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/sim"
)

func TestCustomStrategyRuns(t *testing.T) {
	o := clitest.Run(t, run, "-paths", "400")
	o.WantOK(t)
	rr := RentRebound{Share: 0.5, RentAboveUSDPerHour: 2.5, ForMonths: 3}
	head, rows := clitest.TableRows(o.Stdout, "strategy")
	if !strings.Contains(head, "P(beats pure mining)") {
		t.Errorf("header %q", head)
	}
	def := model.DefaultScenario()
	if len(rows) != len(def.Strategies)+1 || !strings.HasPrefix(rows[len(rows)-1], rr.Name()+" ") {
		t.Errorf("the custom strategy is not the table's last row:\n%s", o.Stdout)
	}
	if !strings.Contains(o.Stdout, "of the first 400 paths (replayed with model.Simulator)") {
		t.Errorf("no trigger report:\n%s", o.Stdout)
	}
}

func TestCustomStrategyBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"-bogus"}, []string{"flag provided but not defined: -bogus"}},
		{"share", []string{"-share", "0"}, []string{"-share 0: must be in (0, 1]"}},
		{"threshold", []string{"-rent-above", "-1"}, []string{"-rent-above -1: must be > 0"}},
		{"months", []string{"-for-months", "NaN"}, []string{"-for-months NaN"}},
		{"missing scenario", []string{"-scenario", "nope.json"}, []string{"nope.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := clitest.Run(t, run, append(tc.args, "-paths", "400")...)
			o.WantOneLineError(t, "customstrategy", cli.ExitUsage, tc.want...)
		})
	}
}

// runCustom runs the default market over three years with the built-in
// strategies given and rr, and returns the NPV samples (rr's last).
func runCustom(t *testing.T, rr RentRebound, builtin ...model.StrategySpec) [][]float64 {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	sc.Strategies = builtin
	sc.Custom = []site.Strategy{rr}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 3, Antithetic: true, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	return res.NPV
}

func defaultRebound(rentAbove, forMonths float64) RentRebound {
	return RentRebound{Share: 0.5, RentAboveUSDPerHour: rentAbove, ForMonths: forMonths, LatestMonths: 60,
		Conversion: site.DefaultConversion(), Lease: site.DefaultLease()}
}

// A trigger that fires after the first month (any rent is above a tiny
// threshold) starts the conversion at the end of month 1, exactly as the
// built-in conditional switch does when its own trigger (a hashprice below
// 10⁹ for one month) fires then: path for path, the same NPV.
func TestRentReboundMatchesTheBuiltInSwitch(t *testing.T) {
	sw := model.ConditionalSwitch(0.5, site.Trigger{HashpriceBelowUSDPerPHDay: 1e9, ForMonths: 1}, nil)
	npv := runCustom(t, defaultRebound(1e-9, 1), sw)
	for i := range npv[0] {
		if npv[1][i] != npv[0][i] {
			t.Fatalf("path %d: custom %g, built-in switch %g", i, npv[1][i], npv[0][i])
		}
	}
}

// The same rule as a scenario-file trigger on the GPU rent: the built-in
// threshold policy books the same NPV, path for path (with a deadline; a
// trigger's 0 means none, RentRebound's a deadline at the start).
func TestRentReboundIsTheGPURentTrigger(t *testing.T) {
	sc, err := model.LoadScenario(strings.NewReader(`{"strategies": [{"kind": "conditionalSwitch", "fraction": 0.5,
		"trigger": {"series": "gpuRent", "above": 2.4, "forMonths": 2, "latestMonths": 24}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rr := defaultRebound(2.4, 2)
	rr.LatestMonths = 24
	npv := runCustom(t, rr, sc.Strategies[0], model.PureMining())
	converted := 0
	for i := range npv[0] {
		if npv[2][i] != npv[0][i] {
			t.Fatalf("path %d: custom %g, scenario-file trigger %g", i, npv[2][i], npv[0][i])
		}
		if npv[0][i] != npv[1][i] {
			converted++
		}
	}
	if converted == 0 {
		t.Fatal("the trigger never fired: the comparison tests mining alone")
	}
}

// A trigger that never fires leaves the site mining: pure mining, path for
// path (up to the rounding of 50 + 50 MW against 100 MW).
func TestRentReboundNeverFiringIsMining(t *testing.T) {
	npv := runCustom(t, defaultRebound(1e6, 3), model.PureMining())
	for i := range npv[0] {
		if math.Abs(npv[1][i]-npv[0][i]) > 1e-9*math.Abs(npv[0][i]) {
			t.Fatalf("path %d: custom %g, pure mining %g", i, npv[1][i], npv[0][i])
		}
	}
}

// The runner allocates nothing per path or step, as the engine requires.
func TestRentReboundAllocatesNothing(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Strategies = nil
	sc.Custom = []site.Strategy{defaultRebound(2.0, 1)}
	plan, err := model.NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	path, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	var i uint64
	allocs := testing.AllocsPerRun(20, func() {
		path.Reset(5, i, false)
		i++
		for range plan.Steps() {
			path.Step()
		}
	})
	if allocs != 0 {
		t.Errorf("%g allocations per path", allocs)
	}
}

func TestRentReboundRejectsBadShare(t *testing.T) {
	rr := defaultRebound(2, 1)
	rr.Share = 1.5
	sc := model.DefaultScenario()
	sc.Custom = []site.Strategy{rr}
	if _, err := model.NewPlan(&sc); err == nil || !strings.Contains(err.Error(), "share = 1.5") {
		t.Errorf("NewPlan: %v", err)
	}
}
