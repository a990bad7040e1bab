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
	lb := LeaseBeatsMining{Share: 1, Phases: 4, Premium: 2, ForMonths: 6}
	head, rows := clitest.TableRows(o.Stdout, "strategy")
	if !strings.Contains(head, "P(beats pure mining)") {
		t.Errorf("header %q", head)
	}
	def := model.DefaultScenario()
	if len(rows) != len(def.Strategies)+1 || !strings.HasPrefix(rows[len(rows)-1], lb.Name()+" ") {
		t.Errorf("the custom strategy is not the table's last row:\n%s", o.Stdout)
	}
	for _, want := range []string{"phases started on the first 400 paths (replayed with model.Simulator)", "  phase 1: ", "  phase 4: "} {
		if !strings.Contains(o.Stdout, want) {
			t.Errorf("no %q in the phase report:\n%s", want, o.Stdout)
		}
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
		{"phases", []string{"-phases", "0"}, []string{"-phases 0: must be in [1, 120]"}},
		{"premium", []string{"-premium", "-1"}, []string{"-premium -1: must be ≥ 0"}},
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
// strategies given and lb, and returns the NPV samples (lb's last).
func runCustom(t *testing.T, lb LeaseBeatsMining, builtin ...model.StrategySpec) [][]float64 {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	sc.Strategies = builtin
	sc.Custom = []site.Strategy{lb}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 3, Antithetic: true, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	return res.NPV
}

func newLBM(phases int, premium, forMonths float64) LeaseBeatsMining {
	return LeaseBeatsMining{Share: 1, Phases: phases, Premium: premium, ForMonths: forMonths,
		Conversion: site.DefaultConversion(), Lease: site.DefaultLease()}
}

// With no premium and no wait, a lease that beats mining (it nets about
// 2.8 times mining's margin at the start) starts one phase at the end of
// each month: on nearly every path the four phases start at months 1, 2, 3
// and 4, and on every path they start in order, a whole month apart or
// more.
func TestLeaseBeatsMiningStartsAPhaseEachMonthLeasingWins(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	sc.Strategies = nil
	sc.Custom = []site.Strategy{newLBM(4, 0, 0)}
	const n = 200
	starts, err := replay(context.Background(), &sc, 0, sim.Config{Paths: n, Seed: 3}, n)
	if err != nil {
		t.Fatal(err)
	}
	monthly := 0
	for i := range n {
		ok := true
		for k := range 4 {
			if len(starts[k]) != n {
				t.Fatalf("phase %d started on %d of %d paths", k+1, len(starts[k]), n)
			}
			m := 12 * starts[k][i]
			if math.Abs(m-math.Round(m)) > 1e-9 || k > 0 && m < 12*starts[k-1][i]+1-1e-9 {
				t.Fatalf("path %d: phase %d starts at month %g", i, k+1, m)
			}
			ok = ok && math.Abs(m-float64(k+1)) < 1e-9
		}
		if ok {
			monthly++
		}
	}
	if monthly < n*95/100 {
		t.Errorf("phases at months 1–4 on %d of %d paths", monthly, n)
	}
}

// A lease that must win for longer than the horizon never converts: pure
// mining, path for path (up to the rounding of four parcels against one).
func TestLeaseBeatsMiningNeverDecidedIsMining(t *testing.T) {
	npv := runCustom(t, newLBM(4, 0, 1e9), model.PureMining())
	for i := range npv[0] {
		if math.Abs(npv[1][i]-npv[0][i]) > 1e-9*math.Abs(npv[0][i]) {
			t.Fatalf("path %d: custom %g, pure mining %g", i, npv[1][i], npv[0][i])
		}
	}
}

// The policy compares the two margins by hand: at the start of the
// default market (hashprice 36.9 USD/PH/day, 18 J/TH, 1 % pool fee, power
// 37.5 USD/MWh; colocation 150 USD/kW-month, IT fraction 0.75, NOI margin
// 0.85) mining nets about 47 USD per MWh and a lease 131: a premium of
// 1.7 (2.7 times) is beaten, 1.9 (2.9 times) is not.
func TestLeaseBeatsMiningMarginsByHand(t *testing.T) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	s := plan.Market().Start()
	s.DtYears = 1.0 / 12
	f := sc.Facility
	mining := s.HashpriceUSDPerPHDay*(1000/f.EfficiencyJPerTH)/24*(1-f.PoolFee) - s.PowerUSDPerMWh
	lease := s.ColoRentUSDPerKWMonth * 1000 * 12 / 8766 * f.ITFraction * site.DefaultLease().NOIMargin
	if math.Abs(mining-47) > 1 || math.Abs(lease-131) > 1 {
		t.Fatalf("margins by hand: mining %.1f, lease %.1f USD/MWh", mining, lease)
	}
	for _, tc := range []struct {
		premium float64
		wins    bool
	}{{1.7, true}, {1.9, false}} {
		p := &leaseBeatsMining{lb: newLBM(1, tc.premium, 0), f: f}
		p.Observe(&s, &site.PivotRunner{})
		if got := p.months > 0; got != tc.wins {
			t.Errorf("premium %g: lease wins %v, want %v", tc.premium, got, tc.wins)
		}
	}
}

// The runner allocates nothing per path or step, as the engine requires.
func TestLeaseBeatsMiningAllocatesNothing(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Strategies = nil
	sc.Custom = []site.Strategy{newLBM(4, 0.5, 1)}
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

func TestLeaseBeatsMiningRejectsBadTerms(t *testing.T) {
	for _, lb := range []LeaseBeatsMining{newLBM(0, 1, 1), newLBM(2, -1, 1)} {
		sc := model.DefaultScenario()
		sc.Custom = []site.Strategy{lb}
		if _, err := model.NewPlan(&sc); err == nil || !strings.Contains(err.Error(), "must be ≥ 1, ≥ 0 and ≥ 0") {
			t.Errorf("NewPlan(%+v): %v", lb, err)
		}
	}
}
