package site

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// testEnv is a 100 MW, 75 % IT site with the plain mining terms of
// plainFacility, monthly steps over steps months.
func testEnv(steps int) Env {
	f := plainFacility()
	f.GridMW = 100
	f.ITFraction = 0.75
	fin := DefaultFinance()
	fin.HorizonYears = float64(steps) / 12
	return Env{Facility: f, Finance: fin, DtYears: 1.0 / 12, Steps: steps}
}

// fixedLease is the default lease at 150 $/kW-month, no escalator, no
// defaults unless the state's hazard says so, 9-month re-leasing delay.
func fixedLease() Lease {
	l := DefaultLease()
	l.RentUSDPerKWMonth = 150
	l.EscalatorPerYear = 0
	l.ReleaseDelayMonths = dist.Fixed(9)
	return l
}

// atDates returns a NewPolicy of fixed dates (years).
func atDates(years ...float64) func() Policy {
	return func() Policy { return AtDates{StartYears: years} }
}

// onTrigger returns a NewPolicy of a threshold on tr.
func onTrigger(tr Trigger) func() Policy {
	return func() Policy { return NewThreshold(tr) }
}

// firedYears returns when the runner's threshold fired.
func firedYears(pr *PivotRunner) float64 { return pr.Policy().(*Threshold).FiredYears() }

func newPivotRunner(t *testing.T, pv Pivot, env Env) *PivotRunner {
	t.Helper()
	rn, err := pv.NewRunner(env)
	if err != nil {
		t.Fatal(err)
	}
	sr := rn.(*PivotRunner)
	var start market.State
	sr.Reset(&start, dist.New(1, 0))
	return sr
}

func TestHybridBooksByHand(t *testing.T) {
	// 50 % of 100 MW converts at month 0 with a 12-month build: 50 MW keep
	// mining, 37.5 MW IT are built for 37.5·9 M$ = 337.5 M$, i.e. 28.125 M$
	// a month, then leased at 150 $/kW-month: 37,500·150 = 5.625 M$ a
	// month, with 15 % opex. Mining at 48 $/PH/day, 20 J/TH, 40 $/MWh: the
	// 50 MW earn 50·100·730.5 = 3.6525 M$ and pay 50·40·730.5 = 1.461 M$.
	pv := Pivot{Label: "hybrid", Share: 0.5, Terms: fixedLease(), Conversion: fixedConversion(12, 1), NewPolicy: atDates(0)}
	sr := newPivotRunner(t, pv, testEnv(24))
	for k := 1; k <= 13; k++ {
		s := coloState(k, 170, 0)
		s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = 48, 40
		cf := book(sr, &s, dist.New(1, 0))
		mctest.WithinRel(t, "mining", cf.MiningUSD, 3.6525e6, 1e-12)
		mctest.WithinRel(t, "power", cf.PowerUSD, 1.461e6, 1e-12)
		if k <= 12 {
			mctest.WithinRel(t, "capex", cf.CapexUSD, 28.125e6, 1e-12)
			if cf.LeaseUSD != 0 {
				t.Errorf("month %d: rent %g during the build", k, cf.LeaseUSD)
			}
		} else {
			mctest.WithinAbs(t, "capex after", cf.CapexUSD, 0, 1e-6)
			mctest.WithinRel(t, "rent", cf.LeaseUSD, 5.625e6, 1e-12)
			mctest.WithinRel(t, "opex", cf.OpexUSD, 0.15*5.625e6, 1e-12)
		}
	}
}

func TestFullAIPhases(t *testing.T) {
	// Two phases of 50 MW, six months apart, 3-month builds: phase 2 mines
	// until month 6, so months 1–6 book half the site's mining revenue
	// (3.6525 M$) and months 7+ none; phase 1's rent starts after month 3,
	// phase 2's after month 9.
	pv := Pivot{Label: "full AI", Share: 1, Phases: 2, Terms: fixedLease(), Conversion: fixedConversion(3, 1), NewPolicy: atDates(0, 0.5)}
	sr := newPivotRunner(t, pv, testEnv(24))
	for k := 1; k <= 12; k++ {
		s := coloState(k, 170, 0)
		s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = 48, 40
		cf := book(sr, &s, dist.New(1, 0))
		wantMining := 0.0
		if k <= 6 {
			wantMining = 3.6525e6
		}
		wantRent := 0.0
		if k >= 4 {
			wantRent += 5.625e6
		}
		if k >= 10 {
			wantRent += 5.625e6
		}
		mctest.WithinAbs(t, "mining", cf.MiningUSD, wantMining, 1e-6)
		mctest.WithinAbs(t, "rent", cf.LeaseUSD, wantRent, 1e-6)
	}
}

func TestConditionalSwitchFiresExactly(t *testing.T) {
	// Threshold 35 $/PH/day for 3 months. Hashprices by month: the run
	// below 35 in months 2–3 is broken by month 4; months 5, 6, 7 are
	// below, so the switch fires at the end of month 7 (t = 7/12), and the
	// converting half stops mining then.
	hp := []float64{40, 30, 30, 40, 30, 30, 30, 40, 40, 40}
	tr := Trigger{HashpriceBelowUSDPerPHDay: 35, ForMonths: 3}
	pv := Pivot{Label: "switch", Share: 0.5, Terms: fixedLease(), Conversion: fixedConversion(6, 1), NewPolicy: onTrigger(tr)}
	sr := newPivotRunner(t, pv, testEnv(24))
	for k := 1; k <= len(hp); k++ {
		s := coloState(k, 170, 0)
		s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = hp[k-1], 10
		cf := book(sr, &s, dist.New(1, 0))
		fired := !math.IsInf(firedYears(sr), 1)
		if fired != (k >= 7) {
			t.Fatalf("month %d: fired = %v", k, fired)
		}
		// 100 MW at 20 J/TH: 5,000 PH/s·hashprice·365.25/12 $ a month while
		// the whole site mines; half of that from month 8.
		full := 5000 * hp[k-1] * 365.25 / 12
		want := full
		if k >= 8 {
			want = full / 2
		}
		mctest.WithinRel(t, "mining", cf.MiningUSD, want, 1e-12)
	}
	mctest.WithinRel(t, "fired at", firedYears(sr), 7.0/12, 1e-15)

	// With a deadline of 6 months the same path never switches.
	tr.LatestMonths = 6
	pv.NewPolicy = onTrigger(tr)
	sr = newPivotRunner(t, pv, testEnv(24))
	for k := 1; k <= len(hp); k++ {
		s := coloState(k, 170, 0)
		s.HashpriceUSDPerPHDay = hp[k-1]
		book(sr, &s, dist.New(1, 0))
	}
	if !math.IsInf(firedYears(sr), 1) {
		t.Errorf("switch fired at %g after its deadline", firedYears(sr))
	}
}

func TestCurtailmentValueMiningOnly(t *testing.T) {
	// A hybrid whose leased half is earning: in a month of expensive,
	// volatile power the mining half switches off when spot exceeds its
	// revenue (positive curtailment value), while the leased MW book
	// exactly the same as in a cheap month: AI load is not curtailable
	// (docs/CALIBRATION.md §F "AI workload requirement": "five nines"), the
	// tenant runs and pays rent.
	env := testEnv(24)
	env.Facility.SpotDispersion = 0.5
	pv := Pivot{Label: "hybrid", Share: 0.5, Terms: fixedLease(), Conversion: fixedConversion(1, 1), NewPolicy: atDates(0)}
	books := func(power float64) (mining *Miner, lease CashFlow, mine CashFlow) {
		sr := newPivotRunner(t, pv, env)
		var cf CashFlow
		for k := 1; k <= 3; k++ {
			s := coloState(k, 170, 0)
			s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = 48, power
			cf = book(sr, &s, dist.New(1, 0))
		}
		ps := sr.Parcels()
		s := coloState(4, 170, 0)
		s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh = 48, power
		return &ps[1].Miner, book(ps[0].Contract, &s, dist.New(1, 0)), cf
	}
	cheapMining, cheapLease, _ := books(40)
	dearMining, dearLease, _ := books(150)
	if cheapLease != dearLease {
		t.Errorf("leased MW books depend on power: %+v vs %+v", cheapLease, dearLease)
	}
	// Strike 100 $/MWh: at a mean of 150 the miners run Φ(d) of the month,
	// d = (ln(100/150) + 0.125)/0.5 = −0.560930, Φ(d) = 0.2874226; the value
	// of switching off is 50 MW·730.5 h·E[(P − 100)⁺].
	mctest.WithinRel(t, "run share", dearMining.LastRunShare(), 0.2874226, 1e-6)
	mctest.WithinRel(t, "curtailment value", dearMining.LastCurtailmentValueUSD(),
		50*730.5*CurtailmentValuePerMWh(100, 150, 0.5), 1e-12)
	if !(dearMining.LastCurtailmentValueUSD() > cheapMining.LastCurtailmentValueUSD() && cheapMining.LastCurtailmentValueUSD() > 0) {
		t.Errorf("curtailment values %g (dear), %g (cheap): want both > 0, dear larger",
			dearMining.LastCurtailmentValueUSD(), cheapMining.LastCurtailmentValueUSD())
	}
}

func TestTerminalOnlyAtHorizon(t *testing.T) {
	env := testEnv(3)
	env.Facility.ASICSalvageUSDPerTH = 2
	rn, _ := Pivot{Label: "pure mining"}.NewRunner(env)
	var start market.State
	rn.Reset(&start, dist.New(1, 0))
	for k := 1; k <= 3; k++ {
		s := monthState(k, 48, 40)
		cf := book(rn, &s, dist.New(1, 0))
		// 100 MW at 20 J/TH = 5,000,000 TH/s at 2 $/TH = 10 M$ of salvage.
		want := 0.0
		if k == 3 {
			want = 10e6
		}
		mctest.WithinAbs(t, "terminal", cf.TerminalUSD, want, 1e-6)
	}
}

func TestPivotRunnerAllocatesNothing(t *testing.T) {
	env := testEnv(120)
	env.Facility = DefaultFacility()
	conv := DefaultConversion()
	for _, pv := range []Pivot{
		{Label: "pure mining"},
		{Label: "hybrid", Share: 0.5, Terms: DefaultLease(), Conversion: conv, NewPolicy: atDates(0)},
		{Label: "full AI GPU cloud", Share: 1, Terms: DefaultGPUCloud(), Conversion: conv, NewPolicy: atDates(0)},
		{Label: "switch", Share: 0.5, Terms: DefaultLease(), Conversion: conv, NewPolicy: onTrigger(DefaultTrigger())},
	} {
		rn, err := pv.NewRunner(env)
		if err != nil {
			t.Fatal(err)
		}
		r := dist.New(1, 0)
		var start market.State
		if a := testing.AllocsPerRun(20, func() { rn.Reset(&start, r) }); a != 0 {
			t.Errorf("%s: Reset allocates %v times", pv.Name(), a)
		}
		k := 0
		var s market.State
		var cf CashFlow
		if a := testing.AllocsPerRun(200, func() {
			k++
			s = gpuState(k, 2, 0.3)
			s.HashpriceUSDPerPHDay = 30
			cf = CashFlow{}
			rn.Step(&s, r, &cf)
		}); a != 0 {
			t.Errorf("%s: Step allocates %v times", pv.Name(), a)
		}
	}
}
