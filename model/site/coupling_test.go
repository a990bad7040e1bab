package site

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// bareCoupling is a coupling with every part at 0 (the tests switch on the
// one they check) and a mining PUE of 1.
func bareCoupling() Coupling {
	return Coupling{MiningPUE: 1, ShedEventHours: dist.Fixed(0)}
}

// coupledRunner returns the runner of a Pivot converting share of the
// default site (spot dispersion 0: miners run all or nothing) with a
// build of buildMonths starting at 0, under coupling c and grid calls g.
func coupledRunner(t *testing.T, share, buildMonths float64, c Coupling, g *GridCalls) *PivotRunner {
	t.Helper()
	f := DefaultFacility()
	f.SpotDispersion = 0
	conv := DefaultConversion()
	conv.BuildMonths, conv.CapexOverrun = dist.Fixed(buildMonths), dist.Fixed(1)
	pv := Pivot{Label: "test", Share: share, Terms: DefaultLease(), Conversion: conv,
		NewPolicy: func() Policy { return AtDates{StartYears: []float64{0}} }}
	env := Env{Facility: c.MeterFacility(f), Finance: DefaultFinance(), DtYears: 1.0 / 12, Steps: 120, Coupling: &c, Grid: g}
	rn, err := pv.NewRunner(env)
	if err != nil {
		t.Fatal(err)
	}
	pr := rn.(*PivotRunner)
	start := market.State{}
	pr.Reset(&start, dist.New(3, 0))
	return pr
}

// month returns the state of month k at hashprice hp and power price p.
func month(k int, hp, p float64) market.State {
	return market.State{Step: k, TimeYears: float64(k) / 12, DtYears: 1.0 / 12,
		HashpriceUSDPerPHDay: hp, PowerUSDPerMWh: p, ColoRentUSDPerKWMonth: 150}
}

// TestMinimumBillOneStep checks the take-or-pay minimum by hand in month 1
// with power at 100 $/MWh above the miners' revenue of 40 $/PH/day ×
// 55.6 PH/s per MW / 24 × 0.99 = 91.67 $/MWh, so no miner runs on price:
// the minimum is 0.8 × 100 MW × 730.5 h = 58,440 MWh. Pure mining absorbs
// all of it with its idle miners (revenue 58,440 × 91.67, power 58,440 ×
// 100, no shortfall); a 50 % hybrid building its AI half absorbs 50 MW ×
// 730.5 h = 36,525 MWh and pays the other 21,915 MWh as shortfall; a full
// conversion under construction draws nothing and pays all 58,440 MWh.
func TestMinimumBillOneStep(t *testing.T) {
	c := bareCoupling()
	c.MinimumTakeShare = 0.8
	h := 365.25 * 24 / 12
	rev := 40 * (1e3 / 18) / 24 * 0.99
	for _, tc := range []struct {
		name          string
		share         float64
		absorbMWh     float64
		shortfallMWh  float64
		miningRevenue float64
	}{
		{"pure mining", 0, 80 * h, 0, 80 * h * rev},
		{"hybrid 50%", 0.5, 50 * h, 30 * h, 50 * h * rev},
		{"full AI", 1, 0, 80 * h, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := coupledRunner(t, tc.share, 12, c, nil)
			s := month(1, 40, 100)
			var cf CashFlow
			pr.Step(&s, nil, &cf)
			mctest.WithinRel(t, "mining revenue", cf.MiningUSD, tc.miningRevenue, 1e-12)
			mctest.WithinRel(t, "power", cf.PowerUSD, tc.absorbMWh*100, 1e-12)
			mctest.WithinRel(t, "minimum bill", cf.MinimumBillUSD, tc.shortfallMWh*100, 1e-12)
		})
	}
}

// TestResaleOneStep checks the take-or-pay with resale in the month of
// TestMinimumBillOneStep (price 100 $/MWh, idle miners earning about
// 91.7 $/MWh): resold at half the price (50 $/MWh), the minimum still runs
// the idle miners and the hybrid's 30 MW·month left over cost half as
// much; resold at the full price, selling beats mining, so no miner runs
// on it and the minimum costs nothing.
func TestResaleOneStep(t *testing.T) {
	h := 365.25 * 24 / 12
	rev := 40 * (1e3 / 18) / 24 * 0.99
	for _, tc := range []struct {
		name          string
		share, resale float64
		absorbMWh     float64
		billUSD       float64
	}{
		{"pure mining, half", 0, 0.5, 80 * h, 0},
		{"hybrid 50%, half", 0.5, 0.5, 50 * h, 30 * h * 50},
		{"full AI, half", 1, 0.5, 0, 80 * h * 50},
		{"pure mining, full", 0, 1, 0, 0},
		{"hybrid 50%, full", 0.5, 1, 0, 0},
		{"full AI, full", 1, 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := bareCoupling()
			c.MinimumTakeShare, c.ResaleShare = 0.8, tc.resale
			pr := coupledRunner(t, tc.share, 12, c, nil)
			s := month(1, 40, 100)
			var cf CashFlow
			pr.Step(&s, nil, &cf)
			mctest.WithinRel(t, "mining revenue", cf.MiningUSD, tc.absorbMWh*rev, 1e-12)
			mctest.WithinRel(t, "power", cf.PowerUSD, tc.absorbMWh*100, 1e-12)
			mctest.WithinRel(t, "minimum bill", cf.MinimumBillUSD, tc.billUSD, 1e-12)
		})
	}
}

// TestShedOneStep checks a month with 2 shed calls of 10 hours in all for
// half the 100 MW interconnect (50 MW), once the AI halls are built and
// leased (a zero-month build at time 0). A 50 % hybrid sheds its 50 MW of
// mining: 60 k$/MW-year × 50 MW / 12 of demand-response credit, no fuel,
// no SLA credit, no backup built, and fixed overhead 15 k$/MW-year × 100 MW × ((1 − ½) +
// (1 − ½) − ½)/12. A full conversion has no mining: all 50 MW are AI load,
// 60 % of it (30 MW) on backup built at 1 M$/MW (30 M$ in month 1), 30 MW
// × 10 h × 245 $/MWh of fuel, and the other 20 MW breach the SLA: 2 calls
// × 5 % (under the 30 % cap) of the month's rent × 20/100 of the load.
func TestShedOneStep(t *testing.T) {
	c := bareCoupling()
	c.ShedShare, c.DemandResponseUSDPerMWYear = 0.5, 60_000
	c.BackupCoverage, c.ReliabilityCapexUSDPerMW, c.BackupFuelUSDPerMWh = 0.6, 1e6, 245
	c.SLACreditShare, c.SLACreditCap = 0.05, 0.3
	c.FixedOverheadUSDPerMWYear, c.SharedOverheadShare = 15_000, 0.5
	g := &GridCalls{Events: 2, Hours: 10}
	s := month(1, 40, 30)

	hy := coupledRunner(t, 0.5, 0, c, g)
	var cf CashFlow
	hy.Step(&s, nil, &cf)
	if cf.LeaseUSD <= 0 {
		t.Fatalf("hybrid: no rent in month 1: %+v", cf)
	}
	mctest.WithinRel(t, "hybrid demand response", cf.DemandResponseUSD, 60_000*50.0/12, 1e-12)
	if cf.BackupFuelUSD != 0 || cf.SLACreditUSD != 0 || cf.ReliabilityCapexUSD != 0 {
		t.Errorf("hybrid: fuel %g, SLA %g, reliability capex %g: want 0 (mining is shed)", cf.BackupFuelUSD, cf.SLACreditUSD, cf.ReliabilityCapexUSD)
	}
	mctest.WithinRel(t, "hybrid overhead", cf.OverheadUSD, 1.5e6*0.5/12, 1e-12)

	full := coupledRunner(t, 1, 0, c, g)
	cf = CashFlow{}
	full.Step(&s, nil, &cf)
	if cf.LeaseUSD <= 0 {
		t.Fatalf("full AI: no rent in month 1: %+v", cf)
	}
	if cf.DemandResponseUSD != 0 || cf.OverheadUSD != 0 {
		t.Errorf("full AI: demand response %g, overhead %g: want 0", cf.DemandResponseUSD, cf.OverheadUSD)
	}
	mctest.WithinRel(t, "full AI reliability capex", cf.ReliabilityCapexUSD, 30e6, 1e-12)
	mctest.WithinRel(t, "full AI fuel", cf.BackupFuelUSD, 30*10*245, 1e-12)
	mctest.WithinRel(t, "full AI SLA credits", cf.SLACreditUSD, 2*0.05*cf.LeaseUSD*20/100, 1e-12)

	// The cap: 8 calls would credit 40 %, capped at 30 % of the month.
	g.Events = 8
	full = coupledRunner(t, 1, 0, c, g)
	cf = CashFlow{}
	full.Step(&s, nil, &cf)
	mctest.WithinRel(t, "capped SLA credits", cf.SLACreditUSD, 0.3*cf.LeaseUSD*20/100, 1e-12)
}

// TestCouplingOffIsUncoupled checks that Off books exactly what a runner
// without coupling books.
func TestCouplingOffIsUncoupled(t *testing.T) {
	on := DefaultCoupling()
	off := NoCoupling()
	g := &GridCalls{Events: 3, Hours: 9}
	a := coupledRunner(t, 0.5, 2, off, g)
	f := DefaultFacility()
	f.SpotDispersion = 0
	if got := off.MeterFacility(f); got != f {
		t.Errorf("MeterFacility with coupling off changed the facility: %+v", got)
	}
	if got := on.MeterFacility(f); got.EfficiencyJPerTH != f.EfficiencyJPerTH*on.MiningPUE {
		t.Errorf("MeterFacility: efficiency %g, want %g", got.EfficiencyJPerTH, f.EfficiencyJPerTH*on.MiningPUE)
	}
	conv := DefaultConversion()
	conv.BuildMonths, conv.CapexOverrun = dist.Fixed(2), dist.Fixed(1)
	pv := Pivot{Label: "test", Share: 0.5, Terms: DefaultLease(), Conversion: conv,
		NewPolicy: func() Policy { return AtDates{StartYears: []float64{0}} }}
	rn, err := pv.NewRunner(Env{Facility: f, Finance: DefaultFinance(), DtYears: 1.0 / 12, Steps: 120})
	if err != nil {
		t.Fatal(err)
	}
	start := market.State{}
	rn.Reset(&start, dist.New(3, 0))
	for k := 1; k <= 6; k++ {
		s := month(k, 40, 60)
		var x, y CashFlow
		a.Step(&s, nil, &x)
		rn.Step(&s, nil, &y)
		if x != y {
			t.Fatalf("month %d: coupling off %+v, uncoupled %+v", k, x, y)
		}
	}
}

// TestShedProcessMoments checks the shed calls' count against the Poisson
// mean and variance of ShedEventsPerYear·dt, and their hours against the
// count times the mean duration, within 4 standard errors.
func TestShedProcessMoments(t *testing.T) {
	c := DefaultCoupling()
	c.ShedEventsPerYear, c.ShedEventHours = 6, dist.Fixed(4)
	p, err := NewShedProcess(c, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(9, 0)
	const n = 200_000
	var sum, sum2, hours float64
	var g GridCalls
	for range n {
		p.Draw(r, &g)
		x := float64(g.Events)
		sum += x
		sum2 += x * x
		hours += g.Hours
	}
	lambda := 0.5
	mean := sum / n
	mctest.WithinSE(t, "calls per month", mean, lambda, math.Sqrt(lambda/n), 4)
	mctest.WithinSE(t, "variance of calls", sum2/n-mean*mean, lambda, math.Sqrt((lambda+2*lambda*lambda)/n), 4)
	mctest.WithinRel(t, "hours", hours/n, 4*mean, 1e-12)
}

// TestCouplingValidate checks that every field's bad value is named.
func TestCouplingValidate(t *testing.T) {
	if err := DefaultCoupling().Validate(); err != nil {
		t.Fatal(err)
	}
	c := DefaultCoupling()
	c.MinimumTakeShare, c.MiningPUE, c.ShedShare, c.SLACreditCap = 1.5, 0.9, -1, 2
	err := c.Validate()
	for _, w := range []string{"minimumTakeShare = 1.5", "miningPUE = 0.9", "shedShare = -1", "slaCreditCap = 2"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not contain %q", err, w)
		}
	}
	if _, err := NewShedProcess(DefaultCoupling(), 0); err == nil {
		t.Error("NewShedProcess with dtYears 0: no error")
	}
}
