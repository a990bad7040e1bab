package funding

import (
	"math"
	"testing"
)

// near fails t unless got is within tol of want.
func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g ± %g", name, got, want, tol)
	}
}

// bare returns a structure with nothing in it but the strategy's name and
// an equity market that takes any raise at par.
func bare() Structure {
	return Structure{Strategy: "s", Debt: TermDebt{TenorYears: 1, Amortization: Level}, Equity: EquityMarket{MaxRaiseUSD: 1e13}}
}

// TestLevelLoanSchedule checks a level-payment loan against the schedule
// computed by hand: 1,000,000 USD at 12 % a year nominal, monthly, over one
// year: i = 0.01, payment = 1e6·0.01/(1 − 1.01⁻¹²) = 88,848.7887 USD;
// month 1 pays 10,000.00 of interest and 78,848.79 of principal, leaving
// 921,151.21; month 2 pays 9,211.51 of interest; total interest
// 12·88,848.7887 − 1e6 = 66,185.46.
func TestLevelLoanSchedule(t *testing.T) {
	s := bare()
	s.Debt = TermDebt{AmountUSD: 1e6, RatePerYear: 0.12, TenorYears: 1, Amortization: Level}
	l := NewLedger(s, 24, 1.0/12)
	if got := l.CashUSD(); got != 1e6 {
		t.Fatalf("cash at close = %g, want the loan 1e6", got)
	}
	near(t, "flow at time 0", l.Trace().EquityFlow0USD, 0, 0)
	total := 0.0
	for k := 1; k <= 12; k++ {
		f := l.Step(k, 0, 0)
		near(t, "payment", f.ServiceUSD, 88848.78867, 1e-4)
		total += f.ServiceUSD
		switch k {
		case 1:
			near(t, "balance after month 1", l.DebtUSD(), 921151.2113, 1e-3)
			// The loan's cash, less the payment, went to equity.
			near(t, "equity at month 1", f.EquityUSD, 1e6-88848.78867, 1e-3)
		case 2:
			near(t, "month 2 interest", f.ServiceUSD-(921151.2113-l.DebtUSD()), 9211.512113, 1e-3)
		}
	}
	near(t, "balance at maturity", l.DebtUSD(), 0, 1e-6)
	near(t, "total interest", total-1e6, 66185.4640, 1e-3)
	if f := l.Step(13, 0, 0); f.ServiceUSD != 0 {
		t.Errorf("service after maturity = %g, want 0", f.ServiceUSD)
	}
}

// TestLinearAndBullet checks the other profiles on 1,200 at 12 %, one
// year, monthly: linear repays 100 a month with interest on the balance
// (month 3: 100 + 1,000·0.01 = 110); bullet pays 12 a month and 1,212 at
// month 12.
func TestLinearAndBullet(t *testing.T) {
	for _, c := range []struct {
		a          Amortization
		m3, m12, s float64
	}{{Linear, 110, 101, 1200 + 78}, {Bullet, 12, 1212, 1200 + 144}} {
		s := bare()
		s.Debt = TermDebt{AmountUSD: 1200, RatePerYear: 0.12, TenorYears: 1, Amortization: c.a}
		l := NewLedger(s, 12, 1.0/12)
		sum := 0.0
		for k := 1; k <= 12; k++ {
			f := l.Step(k, 0, 0)
			sum += f.ServiceUSD
			if k == 3 {
				near(t, string(c.a)+" month 3", f.ServiceUSD, c.m3, 1e-9)
			}
			if k == 12 {
				near(t, string(c.a)+" month 12", f.ServiceUSD, c.m12, 1e-9)
			}
		}
		near(t, string(c.a)+" total", sum, c.s, 1e-9)
	}
}

// TestInterestReserveAndLoanToCost draws 60 % of a capex of 1,000 in month
// 1 with six months of interest reserved: draw 600, reserve
// 600·0.5·0.12 = 36; the sponsors' commitment pays 1,000 − 564 = 436;
// interest of 6 a month from month 2 comes out of the reserve for six
// months, then out of cash.
func TestInterestReserveAndLoanToCost(t *testing.T) {
	s := bare()
	s.CommittedEquityUSD = 1000
	s.Debt = TermDebt{LoanToCost: 0.6, RatePerYear: 0.12, GraceYears: 1, TenorYears: 3, Amortization: Level, InterestReserveMonths: 6}
	l := NewLedger(s, 36, 1.0/12)
	f := l.Step(1, -1000, 1000)
	near(t, "draw", f.DrawUSD, 600, 1e-12)
	near(t, "equity called", f.EquityUSD, -436, 1e-9)
	for k := 2; k <= 7; k++ {
		f = l.Step(k, 0, 0)
		near(t, "equity while the reserve pays", f.EquityUSD, 0, 1e-9)
	}
	f = l.Step(8, 0, 0)
	near(t, "equity once the reserve is spent", f.EquityUSD, -6, 1e-9)
}

// TestCovenantBreach constructs a path that fails a DSCR of 1.25 in year 2
// only: a bullet loan of 1,200 at 10 % (interest 10 a month, 120 a year)
// and operating cash of 200 a year in years 1 and 3 (DSCR 1.67) but 120 in
// year 2 (DSCR 1.0). Distributions are locked from the test at the end of
// year 2 until the test at the end of year 3 passes.
func TestCovenantBreach(t *testing.T) {
	s := bare()
	s.Debt = TermDebt{AmountUSD: 1200, RatePerYear: 0.10, TenorYears: 3.5, Amortization: Bullet}
	s.Covenants = Covenants{MinDSCR: 1.25}
	s.LiquidityReserveUSD = 1200 // keep the loan's cash in the company
	l := NewLedger(s, 48, 1.0/12)
	var paidInYear3 float64
	for k := 1; k <= 36; k++ {
		op := 200.0 / 12
		if k > 12 && k <= 24 {
			op = 120.0 / 12
		}
		f := l.Step(k, op, 0)
		if k > 24 {
			paidInYear3 += f.EquityUSD
		}
		if want := k == 24; f.Breach != want {
			t.Errorf("month %d: breach %v, want %v", k, f.Breach, want)
		}
	}
	if got := l.Trace().BreachYears; got != 1<<1 {
		t.Errorf("breach years = %b, want only year 2 (bit 1)", got)
	}
	// Year 3: locked for months 25..35 (each month's 200/12 − 10 stays in),
	// released at the passing test of month 36.
	near(t, "paid out in year 3", paidInYear3, 12*(200.0/12-10), 1e-9)
}

// TestEquityRaiseDilution needs 300 in month 1 with a commitment of 100
// and new equity at a 20 % discount: 100 is called at par and 200 raised,
// which costs the holders 200/0.8 = 250 (dilution 50); the gap is 200 and
// the minimum liquidity −200.
func TestEquityRaiseDilution(t *testing.T) {
	s := bare()
	s.CommittedEquityUSD = 100
	s.Equity = EquityMarket{RaiseDiscount: 0.2, MaxRaiseUSD: 1000}
	l := NewLedger(s, 12, 1.0/12)
	f := l.Step(1, -300, 300)
	near(t, "equity flow", f.EquityUSD, -350, 1e-12)
	near(t, "equity in", f.EquityInUSD, 350, 1e-12)
	tr := l.Trace()
	near(t, "raised", tr.RaisedUSD, 200, 1e-12)
	near(t, "dilution", tr.DilutionUSD, 50, 1e-12)
	near(t, "gap", tr.GapUSD, 200, 1e-12)
	near(t, "minimum liquidity", tr.MinLiquidityUSD, -200, 1e-12)
	near(t, "minimum cash", tr.MinCashUSD, -300, 1e-12)
	if tr.DefaultStep != 0 {
		t.Errorf("default at step %d, want none", tr.DefaultStep)
	}
}

// TestDefaultAndRecovery funds 1,000 of debt (bullet, 12 %: 10 a month)
// and spends it in month 1, raising the month's interest of 10 at par from
// a market that gives 50 in all; month 2 needs 100 + 10 more, beyond the
// 40 left: the company defaults, lenders recover 60 % of 1,000 (loss 400),
// equity gets nothing then or after, and the gap is 10 + 110.
func TestDefaultAndRecovery(t *testing.T) {
	s := bare()
	s.Debt = TermDebt{AmountUSD: 1000, RatePerYear: 0.12, TenorYears: 5, Amortization: Bullet}
	s.Equity = EquityMarket{MaxRaiseUSD: 50}
	s.RecoveryRate = 0.6
	l := NewLedger(s, 24, 1.0/12)
	f := l.Step(1, -1000, 1000)
	near(t, "month 1 equity", f.EquityUSD, -10, 1e-9)
	f = l.Step(2, -100, 100)
	if f.EquityUSD != 0 || !l.Defaulted() {
		t.Fatalf("month 2: equity %g, defaulted %v; want 0 and a default", f.EquityUSD, l.Defaulted())
	}
	tr := l.Trace()
	if tr.DefaultStep != 2 {
		t.Errorf("default step %d, want 2", tr.DefaultStep)
	}
	near(t, "lenders' loss", tr.LenderLossUSD, 400, 1e-9)
	near(t, "gap", tr.GapUSD, 120, 1e-9)
	for k := 3; k <= 24; k++ {
		if f := l.Step(k, 1e6, 0); f.EquityUSD != 0 {
			t.Fatalf("month %d after default: equity %g, want 0", k, f.EquityUSD)
		}
	}
}

// TestAllEquityIsTheProject checks that with nothing but a commitment at
// par the sponsors' flows are the project's, step by step, exactly.
func TestAllEquityIsTheProject(t *testing.T) {
	s := bare()
	s.CommittedEquityUSD = 1e12
	l := NewLedger(s, 6, 1.0/12)
	for k, fcf := range []float64{-500, -20.5, 0, 33.25, 1e-3, 900} {
		capex := math.Max(-fcf, 0)
		if f := l.Step(k+1, fcf, capex); f.EquityUSD != fcf {
			t.Errorf("step %d: equity %g, want the project's %g", k+1, f.EquityUSD, fcf)
		}
	}
}

// TestDSCRWaitsForTheBuild: the DSCR is not tested during the grace period
// (the build earns nothing yet), only once amortisation starts.
func TestDSCRWaitsForTheBuild(t *testing.T) {
	s := bare()
	s.CommittedEquityUSD = 1e6
	s.Debt = TermDebt{AmountUSD: 1200, RatePerYear: 0.10, GraceYears: 2, TenorYears: 5, Amortization: Bullet}
	s.Covenants = Covenants{MinDSCR: 1.25}
	l := NewLedger(s, 36, 1.0/12)
	for k := 1; k <= 36; k++ {
		if f := l.Step(k, 0, 0); f.Breach != (k == 36) {
			t.Errorf("month %d: breach %v, want only at month 36", k, f.Breach)
		}
	}
}
