package sim

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/funding"
)

// testStructure returns a capital structure for strategy name whose only
// friction is what the caller sets: a commitment and an equity market too
// large to run out, no reserve, no covenants, no debt.
func testStructure(name string) funding.Structure {
	return funding.Structure{
		Strategy:           name,
		CommittedEquityUSD: 1e13,
		Debt:               funding.TermDebt{TenorYears: 1, Amortization: funding.Level},
		Equity:             funding.EquityMarket{MaxRaiseUSD: 1e13},
	}
}

// fundedRun runs sc with and without its capital structures on the same
// paths.
func fundedRun(t *testing.T, sc model.Scenario, paths int) (plain, funded *Result) {
	t.Helper()
	cfg := Config{Paths: paths, Seed: 7, Workers: 2, Antithetic: true}
	all := sc
	all.Funding = nil
	var err error
	if plain, err = Run(context.Background(), &all, cfg); err != nil {
		t.Fatal(err)
	}
	if funded, err = Run(context.Background(), &sc, cfg); err != nil {
		t.Fatal(err)
	}
	return plain, funded
}

// TestFundingLeavesProjectUnchanged checks that a capital structure changes
// no project figure (every Summary, comparison and NPV sample bit for bit),
// that a run without one has no funding figures, and that a structure of
// committed equity alone gives an equity NPV equal to the project NPV on
// every path.
func TestFundingLeavesProjectUnchanged(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Funding = []funding.Structure{testStructure("full AI colocation")}
	plain, funded := fundedRun(t, sc, 400)
	if plain.Funding != nil {
		t.Errorf("a run without a capital structure has funding figures: %+v", plain.Funding)
	}
	if !reflect.DeepEqual(plain.NPV, funded.NPV) || !reflect.DeepEqual(plain.Strategies, funded.Strategies) ||
		!reflect.DeepEqual(plain.Comparisons, funded.Comparisons) {
		t.Fatal("a capital structure changed the project figures")
	}
	if len(funded.Funding) != 1 || funded.Funding[0].Name != "full AI colocation" {
		t.Fatalf("funding summaries %+v, want one for full AI colocation", funded.Funding)
	}
	fs := funded.Funding[0]
	proj := funded.NPV[2]
	for i, e := range fs.EquityNPV {
		if math.Abs(e-proj[i]) > 1e-6*math.Max(1, math.Abs(proj[i])) {
			t.Fatalf("path %d: equity NPV %g, project NPV %g: all-equity at par must be the project", i, e, proj[i])
		}
	}
	if fs.ProbDefault != 0 || fs.MeanDilution != 0 {
		t.Errorf("all-equity at par: P(default) %g, dilution %g, want 0", fs.ProbDefault, fs.MeanDilution)
	}
}

// TestEquityNPVDiffersByFinancingValue finances the full conversion with a
// construction loan of 60 % of capex, level over years 2 to 8. Drawn at
// the discount rate itself (the nominal monthly rate 12·((1.11)^(1/12) − 1),
// so a step's interest factor equals the discount factor's), the loan is
// worth nothing: equity NPV = project NPV on every path, up to rounding.
// At 5 % a year it is worth the draws less their service discounted at
// 11 %, positive on every path.
func TestEquityNPVDiffersByFinancingValue(t *testing.T) {
	rate := 12 * (math.Pow(1.11, 1.0/12) - 1)
	for _, c := range []struct {
		rate     float64
		positive bool
	}{{rate, false}, {0.05, true}} {
		sc := model.DefaultScenario()
		s := testStructure("full AI colocation")
		s.Debt = funding.TermDebt{LoanToCost: 0.6, RatePerYear: c.rate, GraceYears: 2, TenorYears: 8, Amortization: funding.Level}
		sc.Funding = []funding.Structure{s}
		plain, funded := fundedRun(t, sc, 400)
		if !reflect.DeepEqual(plain.NPV, funded.NPV) {
			t.Fatal("debt changed the project NPV")
		}
		fs := funded.Funding[0]
		for i, e := range fs.EquityNPV {
			d, p := e-funded.NPV[2][i], funded.NPV[2][i]
			switch {
			case !c.positive && math.Abs(d) > 1e-6*math.Max(1e6, math.Abs(p)):
				t.Fatalf("rate %g, path %d: equity − project NPV = %g, want 0 (debt at the discount rate)", c.rate, i, d)
			case c.positive && !(d > 0):
				t.Fatalf("rate %g, path %d: equity − project NPV = %g, want > 0 (debt below the discount rate)", c.rate, i, d)
			}
		}
		if got := fs.Equity.Mean - funded.Strategies[2].Mean; math.Abs(got-fs.FinancingValue) > 1e-6*math.Abs(fs.Equity.Mean) {
			t.Errorf("mean equity − project = %g, financing value %g", got, fs.FinancingValue)
		}
	}
}

// FundingMemory counts exactly the bytes of the store's slices for the
// paths of a run, and nothing without a capital structure.
func TestFundingMemory(t *testing.T) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Paths: 1000, Seed: 1}
	if got := FundingMemory(plan, cfg); got != 0 {
		t.Errorf("without funding: %d bytes, want 0", got)
	}
	sc.Funding = []funding.Structure{testStructure("hybrid 50% colocation"), testStructure("full AI colocation")}
	if plan, err = model.NewPlan(&sc); err != nil {
		t.Fatal(err)
	}
	fs := newFundingStore(plan)
	fs.grow(cfg.Paths)
	var have int64
	for f := range fs.structs {
		have += int64(8 * (len(fs.eq[f]) + len(fs.irr[f]) + len(fs.minCash[f]) + len(fs.minLiq[f]) + len(fs.gap[f]) + len(fs.dilution[f]) + len(fs.loss[f]) + len(fs.yearFCF[f])))
		have += int64(4*len(fs.defStep[f]) + 8*len(fs.breach[f]))
	}
	if got := FundingMemory(plan, cfg); got != have || got != 2*1000*(7*8+4+8+8*10) {
		t.Errorf("FundingMemory = %d, the store holds %d bytes", got, have)
	}
}

// A financed path allocates nothing: the ledgers, the equity NPV and IRR
// flows live in the worker's fundingPath.
func TestFundedPathDoesNotAllocate(t *testing.T) {
	sc := shortDefault(3)
	sc.Funding = []funding.Structure{funding.DefaultStructure("full AI colocation")}
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(plan, Config{Paths: 400, Seed: 1, Workers: 1, Antithetic: true}.resolved())
	if r.funding == nil {
		t.Fatal("no funding store for a financed scenario")
	}
	if err := r.makeWorkers(); err != nil {
		t.Fatal(err)
	}
	r.grow(400)
	w := r.workers[0]
	off := 0
	if a := testing.AllocsPerRun(50, func() {
		if pe := w.runPath(off % 400); pe != nil {
			t.Fatal(pe)
		}
		off++
	}); a != 0 {
		t.Errorf("runPath allocates %v times per financed path, want 0", a)
	}
}

// A financed result's JSON carries its funding summaries and reads back
// with the same figures (the samples are not written).
func TestFundingJSONRoundTrip(t *testing.T) {
	sc := model.DefaultScenario()
	f := funding.DefaultStructure("full AI colocation")
	f.CommittedEquityUSD = 260e6
	sc.Funding = []funding.Structure{f}
	res, err := Run(context.Background(), &sc, Config{Paths: 400, Seed: 5, Workers: 2, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResultJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	want := res.Funding[0]
	want.EquityNPV, want.LeveredIRRPerYear = nil, nil
	if len(back.Funding) != 1 || !reflect.DeepEqual(back.Funding[0], want) {
		t.Errorf("funding read back %+v\nwant %+v", back.Funding, want)
	}
	if len(back.Scenario.Funding) != 1 || back.Scenario.Funding[0] != f {
		t.Errorf("scenario's funding read back %+v, want %+v", back.Scenario.Funding, f)
	}
}
