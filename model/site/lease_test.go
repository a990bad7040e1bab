package site

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// coloState is a monthly State with a colocation rent and tenant hazards.
func coloState(k int, rent float64, hazard float64) market.State {
	s := monthState(k, 50, 40)
	s.ColoRentUSDPerKWMonth = rent
	for c := range s.TenantHazardPerYear {
		s.TenantHazardPerYear[c] = hazard
	}
	return s
}

func plainLease() Lease {
	l := DefaultLease()
	l.RentUSDPerKWMonth = 150
	l.EscalatorPerYear = 0.03
	l.ReleaseDelayMonths = dist.Fixed(9)
	return l
}

func newLease(t *testing.T, l Lease, itMW float64) LeaseContract {
	t.Helper()
	b, err := NewLeaseContract(l, itMW)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLeaseEscalatedRentByHand(t *testing.T) {
	// 1 MW IT = 1,000 kW at 150 $/kW-month is 150,000 $ a month. Rent starts
	// at 0.3 years, inside month 4 ([0.25, 0.3333]): month 4 gets
	// 150,000·12·(4/12 − 0.3) = 150,000·0.4 = 60,000 $. The first
	// anniversary, 1.3 years, falls inside month 16 ([1.25, 1.3333]):
	// 150,000·12·0.05 + 154,500·12·(16/12 − 1.3) = 90,000 + 61,800 = 151,800 $;
	// likewise month 28 holds the second: 92,700 + 159,135·0.4 = 156,354 $.
	// Opex is 15 % of rent (85 % NOI margin).
	l := plainLease()
	b := newLease(t, l, 1)
	r := dist.New(1, 0)
	b.Commence(0.3)
	want := map[int]float64{1: 0, 3: 0, 4: 60_000, 5: 150_000, 15: 150_000, 16: 151_800, 17: 154_500, 28: 156_354, 29: 159_135}
	var total float64
	for k := 1; k <= 12*11; k++ {
		s := coloState(k, 170, 0)
		cf := book(&b, &s, r)
		if w, ok := want[k]; ok {
			mctest.WithinAbs(t, "month rent", cf.LeaseUSD, w, 1e-6)
		}
		mctest.WithinAbs(t, "opex", cf.OpexUSD, 0.15*cf.LeaseUSD, 1e-6)
		if cf.RecoveryUSD != 0 || cf.PowerUSD != 0 {
			t.Fatalf("month %d: unexpected flows %+v", k, cf)
		}
		if k <= 123 { // months up to 10.25 years; the term ends at 10.3
			total += cf.LeaseUSD
		}
		if k == 124 {
			// Month 124 = [10.25, 10.333]: 0.05 years of the last contract year
			// (150,000·1.03⁹ a month) then 1/30 years at the market's 170 $/kW-mo.
			w := 150_000*12*math.Pow(1.03, 9)*0.05 + 170_000*12*(124.0/12-10.3)
			mctest.WithinRel(t, "renewal month", cf.LeaseUSD, w, 1e-9)
		}
	}
	// The term's total through month 123: Σ_{y=0}^{9} 1.8 M·1.03^y less the
	// last 0.05 years of year 9.
	var term float64
	for y := 0; y < 10; y++ {
		term += 1.8e6 * math.Pow(1.03, float64(y))
	}
	term -= 1.8e6 * math.Pow(1.03, 9) * 0.05
	mctest.WithinRel(t, "term total", total, term, 1e-11)
}

func TestLeasePrepayment(t *testing.T) {
	// 20 % prepaid: the whole term's rent (Σ 1.8 M·1.03^y, y < 10) times
	// 0.2 arrives in the month rent starts, and each month pays 80 %.
	l := plainLease()
	l.PrepaymentShare = 0.2
	b := newLease(t, l, 1)
	r := dist.New(1, 0)
	b.Commence(0)
	var term float64
	for y := 0; y < 10; y++ {
		term += 1.8e6 * math.Pow(1.03, float64(y))
	}
	s := coloState(1, 170, 0)
	cf := book(&b, &s, r)
	mctest.WithinRel(t, "first month", cf.LeaseUSD, 0.2*term+0.8*150_000, 1e-12)
	mctest.WithinRel(t, "opex on accrued rent", cf.OpexUSD, 0.15*150_000, 1e-12)
}

// yearRent is the plain lease's rent in contract year y: 1.8 M$·1.03^y.
func yearRent(y int) float64 { return 1.8e6 * math.Pow(1.03, float64(y)) }

// TestLeaseDefaultByHand follows a default through the claim, the vacancy
// and the re-lease, without and with a backstop, with every number written
// out. The plain lease: 1 MW IT at 150 $/kW-month (1.8 M$ a year),
// escalating 3 % a year, a 10-year term from 0, 85 % NOI margin, 35 %
// recovery, a fixed 9-month re-leasing delay; the market rent is 200
// $/kW-month. The tenant's hazard is 0 except in month 25, where it is so
// high (5000/yr) that the default falls inside it, at τ ∈ [2, 25/12]
// (read back from the block).
//
// Without a backstop the lease terminates at τ. The claim (11 U.S.C.
// §502(b)(6)) is the rent reserved for L = max(1, 0.15·(10 − τ)) years
// from τ (L ≈ 1.19 < 3): τ + L = 1.5 + 0.85τ lies in year 3 (3.2 to 3.27),
// so reserved = R₂·(3 − τ) + R₃·(τ + L − 3) with R_y = 1.8 M$·1.03^y; the
// rent still owed, over [τ, 10], is far more, so the claim is the reserved
// rent and 35 % of it arrives in month 25. The space is empty until
// τ + 0.75 (opex 15 % of R₂ a year) and re-let at 200 $/kW-month.
//
// With a 30 % backstop (B = 0.3·Σ_{y<10} R_y = 6.190 M$) the guarantor pays
// the rent as it falls due from τ: R₂·(3 − τ) + R₃ + R₄ = 5.88–5.96 M$ by
// year 5, so the guarantee runs out in year 5 at
// t_e = 5 + (B − that)/R₅ ≈ 5.11–5.15 (month 62). The lease then
// terminates: the claim is still the rent reserved from τ (it is less than
// the 10.0 M$ owed over [t_e, 10]), 35 % of it arrives in month 62, and the
// space is empty until t_e + 0.75.
func TestLeaseDefaultByHand(t *testing.T) {
	const months = 80
	for _, backstop := range []float64{0, 0.3} {
		l := plainLease()
		l.BackstopShare = backstop
		b := newLease(t, l, 1)
		r := dist.New(3, 0)
		b.Commence(0)
		var total float64
		for y := range 10 {
			total += yearRent(y)
		}
		bk := backstop * total
		var flows []CashFlow
		var tau float64
		for m := 1; m <= months; m++ {
			h := 0.0
			if m == 25 {
				h = 5000
			}
			s := coloState(m, 200, h)
			flows = append(flows, book(&b, &s, r))
			if m == 25 {
				if b.Defaults() != 1 {
					t.Fatalf("backstop %g: no default in month 25", backstop)
				}
				tau = b.LastDefaultYears()
			}
		}
		if !(tau >= 2 && tau <= 25.0/12) {
			t.Fatalf("default at %g, outside month 25", tau)
		}
		capYears := math.Max(1, 0.15*(10-tau))
		reserved := yearRent(2)*(3-tau) + yearRent(3)*(tau+capYears-3)
		te := tau // when the lease terminates
		if backstop > 0 {
			paidBy5 := yearRent(2)*(3-tau) + yearRent(3) + yearRent(4)
			te = 5 + (bk-paidBy5)/yearRent(5)
		}
		back := te + 0.75
		mTerm := int(math.Ceil(te * 12)) // the month holding t_e
		var guaranteed, recovered, rent, opex float64
		for i, cf := range flows {
			m := i + 1
			a := float64(m-1) / 12
			switch {
			case m < 25:
				mctest.WithinRel(t, "rent before the default", cf.LeaseUSD, yearRent(int(a))/12, 1e-12)
			case m == 25:
				mctest.WithinRel(t, "rent to the default", cf.LeaseUSD, yearRent(2)*(tau-2), 1e-9)
			default:
				rent += cf.LeaseUSD
			}
			if m == mTerm {
				recovered = cf.RecoveryUSD
			} else if m >= 25 {
				guaranteed += cf.RecoveryUSD
			}
			if m >= 25 {
				opex += cf.OpexUSD
			}
		}
		end := float64(months) / 12
		// The guarantor's payments stop at t_e: with a backstop, it pays B
		// in all, its last part in month mTerm with the claim's recovery.
		if backstop == 0 {
			mctest.WithinRel(t, "recovery at the default", recovered, 0.35*reserved, 1e-9)
			if guaranteed != 0 {
				t.Errorf("payments %g beyond the recovery without a backstop", guaranteed)
			}
		} else {
			if mTerm != 62 {
				t.Fatalf("guarantee ends in month %d (t_e = %g), want 62", mTerm, te)
			}
			lastPart := yearRent(5) * (te - 61.0/12)
			mctest.WithinRel(t, "month 62: guarantor's last payment and the recovery", recovered, lastPart+0.35*reserved, 1e-9)
			mctest.WithinRel(t, "guarantor's payments before month 62", guaranteed, bk-lastPart, 1e-9)
			if !(te < 10 && bk < total) {
				t.Fatal("the guarantee saw the term out: the case tests nothing")
			}
		}
		// Rent after month 25: none until the re-lease at t_e + 0.75, then
		// the new lease's 2.4 M$ a year (200 $/kW-month), escalating 3 % at
		// each of its anniversaries.
		var newRent float64
		for y := 0; back+float64(y) < end; y++ {
			newRent += 2.4e6 * math.Pow(1.03, float64(y)) * (math.Min(back+float64(y+1), end) - (back + float64(y)))
		}
		mctest.WithinRel(t, "re-lease rent", rent, newRent, 1e-9)
		// Opex from month 25's start: 15 % of the rent accruing to t_e
		// (paid by the tenant, then by the guarantor), 15 % of the rent in
		// force at t_e during the vacancy, then 15 % of the new rent.
		k := rentSchedule{start: 0, end: 10, annual0: 1.8e6, esc: 0.03}
		wantOpex := 0.15*k.accrued(2, te) + 0.15*k.rateAt(te)*(back-te) + 0.15*newRent
		mctest.WithinRel(t, "opex from month 25", opex, wantOpex, 1e-9)
		if !b.Leased() || b.Guaranteed() {
			t.Error("space not re-leased to a new tenant")
		}
		mctest.WithinRel(t, "new rent in force", b.RentUSDPerKWMonth(end), 200*math.Pow(1.03, math.Floor(end-back)), 1e-12)
	}
}

// TestLeaseClaimCap checks the §502(b)(6) cap on the claim at its three
// regimes (one year; 15 % of the remaining term; three years) and against
// the rent still owed, with a flat rent of 1.2 M$ a year (100 $/kW-month
// on 1 MW IT) and a 20 % prepayment (only 80 % of rent is owed).
func TestLeaseClaimCap(t *testing.T) {
	l := plainLease()
	l.RentUSDPerKWMonth, l.EscalatorPerYear, l.PrepaymentShare, l.TermYears = 100, 0, 0.2, 30
	b := newLease(t, l, 1)
	b.Commence(0)
	s := coloState(1, 100, 0)
	book(&b, &s, dist.New(1, 0))
	const owedPerYear = 0.8 * 1.2e6
	for _, c := range []struct {
		tau, end, want float64
	}{
		{28, 28, owedPerYear * 1},                    // 2 years left: 15 % is 0.3 → one year
		{20, 20, owedPerYear * 1.5},                  // 10 years left: 15 % = 1.5 years
		{0.5, 0.5, owedPerYear * 3},                  // 29.5 years left: 15 % = 4.4 → capped at 3
		{29.5, 29.5, owedPerYear * 0.5},              // half a year left: all of it
		{10, 29, owedPerYear * 1},                    // guarantor paid to 29: one year owed < 3 reserved
		{10, 12, owedPerYear * math.Min(3, 0.15*20)}, // owed 18 years > reserved
	} {
		mctest.WithinRel(t, "claim", b.ClaimUSD(c.tau, c.end), c.want, 1e-12)
	}
}

func TestLeaseTerminalValue(t *testing.T) {
	// At the horizon a lease in force is worth the exit multiple times its
	// NOI: 5 · 0.85 · 150,000·12 = 7.65 M$ per MW IT (docs/CALIBRATION.md §F
	// "Market value of AI capacity": ≈ 8 M$/MW).
	l := plainLease()
	l.EscalatorPerYear = 0
	b := newLease(t, l, 1)
	r := dist.New(1, 0)
	b.Commence(0)
	s := coloState(1, 150, 0)
	book(&b, &s, r)
	v := b.TerminalUSD(&s, 5)
	mctest.WithinRel(t, "terminal", v, 7.65e6, 1e-12)
	if v < 7e6 || v > 9e6 {
		t.Errorf("terminal value %g per MW IT far from the §F 8 M$/MW", v)
	}
	// Not yet commenced, rent due 0.5 years after the horizon: the exit
	// value discounted for the wait at the exit yield 1/5, 7.65 M$·e^(−0.1)
	// = 6.922 M$ (about 7.65 M$ less half a year of NOI, 0.765 M$).
	b.Reset()
	b.Commence(s.TimeYears + 0.5)
	mctest.WithinRel(t, "terminal before rent", b.TerminalUSD(&s, 5), 7.65e6*math.Exp(-0.1), 1e-12)
	b.Reset()
	if v := b.TerminalUSD(&s, 5); v != 0 {
		t.Errorf("unscheduled lease worth %g", v)
	}
	// Vacant after a default in month 1 (hazard 5000/yr), re-let 9 months
	// later: at the end of month 1 the space waits w = τ + 0.75 − 1/12
	// years; it is worth the market NOI's exit value (5·0.85·1.8 M$ at 150
	// $/kW-month) discounted by e^(−w/5), less the vacancy's opex (15 % of
	// 1.8 M$ a year) over w discounted the same way: 5·(1 − e^(−w/5)).
	b.Reset()
	b.Commence(0)
	s = coloState(1, 150, 5000)
	book(&b, &s, r)
	if b.Defaults() != 1 || b.Leased() {
		t.Fatal("no default in month 1")
	}
	w := b.LastDefaultYears() + 0.75 - 1.0/12
	d := math.Exp(-w / 5)
	mctest.WithinRel(t, "terminal while vacant", b.TerminalUSD(&s, 5), 7.65e6*d-0.15*1.8e6*5*(1-d), 1e-12)
	// A vacancy of a hundred years is worth nothing, not a liability: the
	// owner may walk away.
	l.ReleaseDelayMonths = dist.Fixed(1200)
	long := newLease(t, l, 1)
	long.Commence(0)
	book(&long, &s, r)
	if v := long.TerminalUSD(&s, 5); long.Defaults() != 1 || v != 0 {
		t.Errorf("century-long vacancy: %d defaults, worth %g; want 1 and 0", long.Defaults(), v)
	}
}

func TestLeaseStepAllocatesNothing(t *testing.T) {
	b := newLease(t, plainLease(), 75)
	r := dist.New(1, 0)
	b.Commence(0)
	k := 0
	if a := testing.AllocsPerRun(200, func() {
		k++
		s := coloState(k, 150, 0.5)
		book(&b, &s, r)
	}); a != 0 {
		t.Errorf("LeaseContract.Step allocates %v times", a)
	}
}

func TestLeaseValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Lease)
		field string
	}{
		{"zero term", func(l *Lease) { l.TermYears = 0 }, "termYears = 0"},
		{"margin", func(l *Lease) { l.NOIMargin = 1.2 }, "noiMargin = 1.2"},
		{"prepayment", func(l *Lease) { l.PrepaymentShare = 1 }, "prepaymentShare = 1"},
		{"recovery", func(l *Lease) { l.RecoveryRate = -0.1 }, "recoveryRate = -0.1"},
		{"tenant", func(l *Lease) { l.Tenant = 7 }, "tenant = 7"},
		{"delay", func(l *Lease) { l.ReleaseDelayMonths = dist.Fixed(-2) }, "releaseDelayMonths"},
	}
	for _, tc := range tests {
		l := DefaultLease()
		tc.edit(&l)
		err := l.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.field)
		}
	}
	if err := DefaultLease().Validate(); err != nil {
		t.Errorf("default lease invalid: %v", err)
	}
}

func TestTenantClassJSON(t *testing.T) {
	for c := market.TenantClass(0); c < market.NumTenantClasses; c++ {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back market.TenantClass
		if err := json.Unmarshal(b, &back); err != nil || back != c {
			t.Errorf("%v: round trip gave %v, %v", c, back, err)
		}
	}
	var c market.TenantClass
	if err := json.Unmarshal([]byte(`"aaa"`), &c); err == nil {
		t.Error("unknown class accepted")
	}
}
