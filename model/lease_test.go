package model

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// coloState is a monthly State with a colocation rent and tenant hazards.
func coloState(k int, rent float64, hazard float64) State {
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

func newLease(t *testing.T, l Lease, itMW float64) LeaseBlock {
	t.Helper()
	b, err := NewLeaseBlock(l, itMW)
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
		cf := b.Step(&s, r)
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
	cf := b.Step(&s, r)
	mctest.WithinRel(t, "first month", cf.LeaseUSD, 0.2*term+0.8*150_000, 1e-12)
	mctest.WithinRel(t, "opex on accrued rent", cf.OpexUSD, 0.15*150_000, 1e-12)
}

func TestLeaseDefaultRecoveryVacancyAndRelease(t *testing.T) {
	// The tenant's hazard is 0 except in month 25, where it is so high that
	// the default falls inside that month (survival exp(−5000/12) ≈ 0).
	// With the default time τ read back, the books follow by hand:
	//   month 25 = [2, 2.0833] rent: 1.8 M·1.03²·(τ − 2) (third contract year);
	//   recovery: (backstop B = 0.3·total, then 35 % of the rest) of the
	//   remaining rent Σ over [τ, 10];
	//   vacancy of 9 months: opex 0.15·1.03²·1.8 M per year, no rent;
	//   re-lease at τ + 0.75 at the market's 200 $/kW-month.
	for _, backstop := range []float64{0, 0.3} {
		l := plainLease()
		l.BackstopShare = backstop
		b := newLease(t, l, 1)
		r := dist.New(3, 0)
		b.Commence(0)
		k := contract{start: 0, end: 10, annual0: 1.8e6, esc: 0.03}
		total := k.accrued(0, 10)
		var tau float64
		var vacantOpex, relRent float64
		for m := 1; m <= 44; m++ {
			h := 0.0
			if m == 25 {
				h = 5000
			}
			s := coloState(m, 200, h)
			cf := b.Step(&s, r)
			switch {
			case m < 25:
				mctest.WithinRel(t, "rent before", cf.LeaseUSD, k.rateAt(s.TimeYears-1.0/24)/12, 1e-12)
			case m == 25:
				if b.Defaults() != 1 {
					t.Fatalf("no default in month 25")
				}
				tau = b.LastDefaultYears()
				if !(tau >= 2 && tau <= 25.0/12) {
					t.Fatalf("default at %g, outside month 25", tau)
				}
				mctest.WithinRel(t, "rent to default", cf.LeaseUSD, 1.8e6*1.03*1.03*(tau-2), 1e-9)
				remaining := 1.8e6 * 1.03 * 1.03 * (3 - tau)
				for y := 3; y < 10; y++ {
					remaining += 1.8e6 * math.Pow(1.03, float64(y))
				}
				g := math.Min(backstop*total, remaining)
				mctest.WithinRel(t, "recovery", cf.RecoveryUSD, g+0.35*(remaining-g), 1e-9)
				mctest.WithinRel(t, "opex", cf.OpexUSD, 0.15*1.8e6*1.03*1.03*(25.0/12-2), 1e-9) // rent to τ, then vacant
			default:
				vacantOpex += cf.OpexUSD
				relRent += cf.LeaseUSD
				if cf.RecoveryUSD != 0 {
					t.Errorf("month %d: second recovery %g", m, cf.RecoveryUSD)
				}
			}
		}
		// From the end of month 25 to month 44's end (44/12 years): vacant
		// until τ + 0.75, then rent at 200,000 $ a month (no escalation: the
		// new contract's first year runs to τ + 1.75 ≥ 3.75 > 44/12).
		back := tau + 0.75
		end := 44.0 / 12
		mctest.WithinRel(t, "re-lease rent", relRent, 200_000*12*(end-back), 1e-9)
		wantOpex := 0.15*1.8e6*1.03*1.03*(back-25.0/12) + 0.15*200_000*12*(end-back)
		mctest.WithinRel(t, "vacancy and new lease opex", vacantOpex, wantOpex, 1e-9)
		if !b.Leased() {
			t.Error("space not re-leased")
		}
		mctest.WithinRel(t, "new rent in force", b.RentUSDPerKWMonth(end), 200, 1e-12)
	}
}

func TestLeaseTerminalValue(t *testing.T) {
	// At the horizon a lease in force is worth the exit multiple times its
	// NOI: 5 · 0.85 · 150,000·12 = 7.65 M$ per MW IT (CALIBRATION.md §F
	// "market value of AI capacity ≈ 8 M$/MW").
	l := plainLease()
	l.EscalatorPerYear = 0
	b := newLease(t, l, 1)
	r := dist.New(1, 0)
	b.Commence(0)
	s := coloState(1, 150, 0)
	b.Step(&s, r)
	v := b.TerminalUSD(&s, 5)
	mctest.WithinRel(t, "terminal", v, 7.65e6, 1e-12)
	if v < 7e6 || v > 9e6 {
		t.Errorf("terminal value %g per MW IT far from the §F 8 M$/MW", v)
	}
	// Not yet commenced, rent due 0.5 years after the horizon: lose half a
	// year of market NOI.
	b.Reset()
	b.Commence(s.TimeYears + 0.5)
	mctest.WithinRel(t, "terminal before rent", b.TerminalUSD(&s, 5), 7.65e6-0.5*1.53e6, 1e-12)
	b.Reset()
	if v := b.TerminalUSD(&s, 5); v != 0 {
		t.Errorf("unscheduled lease worth %g", v)
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
		b.Step(&s, r)
	}); a != 0 {
		t.Errorf("LeaseBlock.Step allocates %v times", a)
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
	for c := TenantClass(0); c < NumTenantClasses; c++ {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back TenantClass
		if err := json.Unmarshal(b, &back); err != nil || back != c {
			t.Errorf("%v: round trip gave %v, %v", c, back, err)
		}
	}
	var c TenantClass
	if err := json.Unmarshal([]byte(`"aaa"`), &c); err == nil {
		t.Error("unknown class accepted")
	}
}
