package site

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// monthState returns a hand-built State for monthly step k (1-based).
func monthState(k int, hashprice, power float64) market.State {
	return market.State{
		Step:                 k,
		TimeYears:            float64(k) / 12,
		DtYears:              1.0 / 12,
		HashpriceUSDPerPHDay: hashprice,
		PowerUSDPerMWh:       power,
	}
}

// plainFacility is a 1 MW, 20 J/TH site without fees, opex, dispersion,
// demand response, refresh or salvage, for hand-checked arithmetic.
func plainFacility() Facility {
	f := DefaultFacility()
	f.GridMW = 1
	f.EfficiencyJPerTH = 20
	f.MiningOpexUSDPerMWYear = 0
	f.PoolFee = 0
	f.SpotDispersion = 0
	f.DemandResponseUSDPerMWh = 0
	f.ASICRefreshEveryYears = 0
	f.ASICSalvageUSDPerTH = 0
	return f
}

func newMining(t *testing.T, f Facility, mw float64) Miner {
	t.Helper()
	b, err := NewMiner(f, mw)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMiningOneStepByHand(t *testing.T) {
	// 1 MW at 20 J/TH is 10⁶/20 = 50,000 TH/s = 50 PH/s. At 48 $/PH/day it
	// earns 48·50 = 2,400 $/day, i.e. 2,400/24 = 100 $ per MWh of load.
	// A month is 8766/12 = 730.5 hours (the Market's 365.25-day year), so
	// 730.5 MWh of load.
	tests := []struct {
		name                         string
		fee, opex, dr, power         float64
		mining, powerUSD, drUSD, opx float64
		runShare                     float64
	}{
		// Runs all month: revenue 100·730.5 = 73,050; power 40·730.5 = 29,220.
		{"runs", 0, 0, 0, 40, 73_050, 29_220, 0, 0, 1},
		// 2 % pool fee: 98 $/MWh → 71,589; opex 60,000/12 = 5,000.
		{"fee and opex", 0.02, 60_000, 0, 40, 71_589, 29_220, 0, 5_000, 1},
		// Power at 120 > 100 $/MWh: switched off all month, no revenue, no
		// power, opex still paid.
		{"curtailed", 0, 60_000, 0, 120, 0, 0, 0, 5_000, 0},
		// Demand response of 10 $/MWh: runs only below 100 − 10 = 90 $/MWh;
		// at 95 it is off and earns 10·730.5 = 7,305.
		{"demand response", 0, 0, 10, 95, 0, 0, 7_305, 0, 0},
		// At 85 it runs: 73,050 revenue, 85·730.5 = 62,092.5 power.
		{"demand response runs", 0, 0, 10, 85, 73_050, 62_092.5, 0, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := plainFacility()
			f.PoolFee, f.MiningOpexUSDPerMWYear, f.DemandResponseUSDPerMWh = tc.fee, tc.opex, tc.dr
			b := newMining(t, f, 1)
			s := monthState(1, 48, tc.power)
			cf := b.Step(&s)
			mctest.WithinAbs(t, "mining", cf.MiningUSD, tc.mining, 1e-6)
			mctest.WithinAbs(t, "power", cf.PowerUSD, tc.powerUSD, 1e-6)
			mctest.WithinAbs(t, "demand response", cf.DemandResponseUSD, tc.drUSD, 1e-6)
			mctest.WithinAbs(t, "opex", cf.OpexUSD, tc.opx, 1e-6)
			mctest.WithinAbs(t, "run share", b.LastRunShare(), tc.runShare, 0)
			if cf.CapexUSD != 0 || cf.LeaseUSD != 0 || cf.TerminalUSD != 0 {
				t.Errorf("unexpected flows %+v", cf)
			}
		})
	}
}

func TestMiningCurtailmentWithDispersion(t *testing.T) {
	// Strike K = 100 $/MWh (as above), mean power 80, σ = 0.5:
	// d = (ln(100/80) + 0.125)/0.5 = (0.223144 + 0.125)/0.5 = 0.696287;
	// run share Φ(0.696287) = 0.756875; cost 80·Φ(0.196287) = 80·0.577807 = 46.2246.
	f := plainFacility()
	f.SpotDispersion = 0.5
	b := newMining(t, f, 1)
	s := monthState(1, 48, 80)
	cf := b.Step(&s)
	mctest.WithinRel(t, "run share", b.LastRunShare(), 0.7568755, 1e-6)
	mctest.WithinRel(t, "mining", cf.MiningUSD, 730.5*100*0.7568755, 1e-6)
	mctest.WithinRel(t, "power", cf.PowerUSD, 730.5*80*0.577807, 2e-6)

	// The value of switching off, relative to running every hour, equals
	// the lognormal call E[(P − K)⁺] = 80·Φ(d') − 100·Φ(d' − σ) with
	// d' = (ln 0.8 + 0.125)/0.5 = −0.196287: 80·0.4221927 − 100·0.2431245 = 9.462966.
	always := 730.5 * (100.0 - 80)
	gain := cf.MiningUSD - cf.PowerUSD - always
	mctest.WithinRel(t, "curtailment value", gain, 730.5*9.462966, 1e-6)
	mctest.WithinRel(t, "reported value", b.LastCurtailmentValueUSD(), gain, 1e-9)
}

func TestCurtailAgainstMonteCarlo(t *testing.T) {
	// Independent check of the closed forms: draw the spot price within the
	// step and run the load exactly when it is below the strike.
	const n = 200_000
	r := dist.New(7, 0)
	for _, tc := range []struct{ k, mean, sigma float64 }{
		{100, 80, 0.5}, {60, 80, 0.3}, {91, 37.5, 0.35}, {50, 50, 1.2},
	} {
		runs := make([]float64, n)
		costs := make([]float64, n)
		calls := make([]float64, n)
		for i := range runs {
			p := tc.mean * math.Exp(tc.sigma*r.Norm()-tc.sigma*tc.sigma/2)
			if p < tc.k {
				runs[i], costs[i] = 1, p
			}
			calls[i] = math.Max(p-tc.k, 0)
		}
		q, c := Curtail(tc.k, tc.mean, tc.sigma)
		m, se := mctest.MeanSE(runs)
		mctest.WithinSE(t, "run share", m, q, se, 4.5)
		m, se = mctest.MeanSE(costs)
		mctest.WithinSE(t, "cost", m, c, se, 4.5)
		m, se = mctest.MeanSE(calls)
		mctest.WithinSE(t, "value", m, CurtailmentValuePerMWh(tc.k, tc.mean, tc.sigma), se, 4.5)
	}
}

func TestCurtailEdgeCases(t *testing.T) {
	tests := []struct {
		name              string
		k, mean, sigma    float64
		share, cost, call float64
	}{
		{"flat below", 100, 40, 0, 1, 40, 0},
		{"flat above", 100, 140, 0, 0, 0, 40},
		{"flat tie switches off", 100, 100, 0, 0, 0, 0},
		{"zero strike", 0, 40, 0.5, 0, 0, 40},
		{"negative power runs", 10, -5, 0.5, 1, -5, 0},
	}
	for _, tc := range tests {
		q, c := Curtail(tc.k, tc.mean, tc.sigma)
		v := CurtailmentValuePerMWh(tc.k, tc.mean, tc.sigma)
		if q != tc.share || c != tc.cost || v != tc.call {
			t.Errorf("%s: Curtail = (%g, %g), value %g; want (%g, %g), %g", tc.name, q, c, v, tc.share, tc.cost, tc.call)
		}
	}
}

func TestMiningRevenuePerMWYearMatchesCalibration(t *testing.T) {
	// docs/CALIBRATION.md §D "Mining revenue per MW-year": ≈0.82 M$ at
	// 39.5 $/PH/day and 17.5 J/TH (57.1 PH/s per MW), ≈1.17 M$ at 56.
	// By hand: 1000/17.5 · 39.5 · 365.25 = 824,421 $; ·56/39.5 = 1,168,800 $.
	f := plainFacility()
	f.EfficiencyJPerTH = 17.5
	for _, tc := range []struct{ hashprice, want float64 }{{39.5, 0.82e6}, {56, 1.17e6}} {
		b := newMining(t, f, 1)
		var total float64
		for k := 1; k <= 12; k++ {
			s := monthState(k, tc.hashprice, 37.5)
			total += b.Step(&s).MiningUSD
		}
		mctest.WithinAbs(t, "revenue per MW-year", total, tc.want, 0.005e6)
		mctest.WithinRel(t, "exact", total, 1000/17.5*tc.hashprice*365.25, 1e-12)
	}
}

func TestMiningStopAndSalvage(t *testing.T) {
	// Stop half-way through month 3: revenue for half the month, and the
	// gear (50,000 TH/s at 2 $/TH = 100,000 $) is sold, booked as −capex.
	f := plainFacility()
	f.ASICSalvageUSDPerTH = 2
	b := newMining(t, f, 1)
	b.StopAt(2.5 / 12)
	s := monthState(3, 48, 40)
	cf := b.Step(&s)
	mctest.WithinRel(t, "half-month revenue", cf.MiningUSD, 73_050/2.0, 1e-9)
	mctest.WithinRel(t, "salvage", cf.CapexUSD, -100_000, 1e-12)
	s = monthState(4, 48, 40)
	if cf := b.Step(&s); cf != (CashFlow{}) {
		t.Errorf("stopped block booked %+v", cf)
	}
	if v := b.TerminalUSD(&s); v != 0 {
		t.Errorf("stopped block terminal %g, want 0", v)
	}
	b.Reset()
	if v := b.TerminalUSD(&s); v != 100_000 {
		t.Errorf("mining block terminal %g, want salvage 100000", v)
	}
	// A stop decided after a step was booked, at that step's end (as a
	// trigger does): the sale is booked in the next step, once.
	s1, s2, s3 := monthState(1, 48, 40), monthState(2, 48, 40), monthState(3, 48, 40)
	b.Step(&s1)
	b.StopAt(s1.TimeYears)
	if cf := b.Step(&s2); cf.CapexUSD != -100_000 || cf.MiningUSD != 0 {
		t.Errorf("step after a boundary stop booked %+v", cf)
	}
	if cf := b.Step(&s3); cf.CapexUSD != 0 {
		t.Errorf("gear sold twice: %+v", cf)
	}
}

func TestMiningRefresh(t *testing.T) {
	// Refresh every 0.25 years (mid-way through month 3 would be 2.5/12;
	// 0.25 = end of month 3) to 10 J/TH at 20 $/TH: the new fleet is
	// 10⁶/10 = 100,000 TH/s, capex 2,000,000 $, and from month 4 on the
	// block earns twice as much: 100 PH/s · 48 $/day → 200 $/MWh.
	f := plainFacility()
	f.ASICRefreshEveryYears = 0.25
	f.ASICPriceUSDPerTH = 20
	f.RefreshEfficiencyJPerTH = 10
	b := newMining(t, f, 1)
	var capex []float64
	var rev []float64
	for k := 1; k <= 4; k++ {
		s := monthState(k, 48, 40)
		cf := b.Step(&s)
		capex = append(capex, cf.CapexUSD)
		rev = append(rev, cf.MiningUSD)
	}
	want := []float64{0, 0, 2e6, 0}
	for i := range want {
		mctest.WithinAbs(t, "capex", capex[i], want[i], 1e-6)
	}
	mctest.WithinRel(t, "month 3 revenue (old fleet)", rev[2], 73_050, 1e-9)
	mctest.WithinRel(t, "month 4 revenue (new fleet)", rev[3], 146_100, 1e-9)

	// A refresh in the middle of a step splits it: refresh at 1.5 months.
	f.ASICRefreshEveryYears = 1.5 / 12
	b = newMining(t, f, 1)
	s1, s2 := monthState(1, 48, 40), monthState(2, 48, 40)
	b.Step(&s1)
	cf := b.Step(&s2)
	mctest.WithinRel(t, "split month", cf.MiningUSD, 73_050/2.0+146_100/2.0, 1e-9)
	mctest.WithinAbs(t, "split capex", cf.CapexUSD, 2e6, 1e-6)
}

func TestMiningStepAllocatesNothing(t *testing.T) {
	f := DefaultFacility()
	b := newMining(t, f, 100)
	s := monthState(1, 45, 40)
	if a := testing.AllocsPerRun(100, func() { b.Step(&s) }); a != 0 {
		t.Errorf("Miner.Step allocates %v times", a)
	}
}

func TestNewMiningBlockRejects(t *testing.T) {
	if _, err := NewMiner(DefaultFacility(), -1); err == nil {
		t.Error("negative MW accepted")
	}
	f := DefaultFacility()
	f.EfficiencyJPerTH = 0
	if _, err := NewMiner(f, 1); err == nil {
		t.Error("invalid facility accepted")
	}
}
