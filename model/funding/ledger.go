package funding

import "math"

// Ledger keeps one strategy's company cash along one path under a
// Structure. Use: NewLedger once, then per path Reset and Step for every
// step in order. A Ledger is not safe for concurrent use; Reset and Step
// allocate nothing.
//
// Each step k (time t = k·dt) runs, in order:
//
//  1. debt service on the balances at the start of the step: interest =
//     balance·RatePerYear·dt, paid from the interest reserve first;
//     principal per Amortization after the grace period, the rest of the
//     balance at maturity or at the last step; revolver interest and
//     commitment fee;
//  2. draws of the term loan (LoanToCost of the step's capex while
//     t ≤ GraceYears; a funded AmountUSD came in at time 0), less the
//     interest reserve set aside from them;
//  3. the project's free cash flow of the step;
//  4. cash below the liquidity reserve is topped up from committed equity
//     (at par); a shortfall that remains (cash < 0) is met by the
//     revolver, then new equity at the market's discount; a shortfall
//     beyond both is a default (the sponsors put no more in): lenders
//     recover RecoveryRate of their claims, equity gets nothing from then
//     on;
//  5. positive cash repays the revolver, then, unless a covenant locks it
//     up, cash above the liquidity reserve is paid out to equity; at the
//     last step everything left after repaying all debt is;
//  6. covenants: liquidity (cash + undrawn revolver) every step, DSCR at
//     each year end after the grace period, on the trailing year.
type Ledger struct {
	s         Structure
	dt        float64
	steps     int
	perYear   int     // steps in a year (DSCR test period), ≥ 1
	i, iRev   float64 // rates per step
	amortFrom int     // first step that repays principal
	maturity  int     // step at which the balance is due (≤ steps)
	tr        Trace   // this path's figures so far
	st        state
}

// state is the ledger's balances along a path.
type state struct {
	cash, debt, rev, reserve float64
	called, raised           float64
	payment                  float64 // level payment or linear principal, set when amortisation starts
	cfads, service           float64 // trailing-year sums for the DSCR test
	locked, defaulted        bool
}

// Trace is what a path did under the structure, for the risk outputs.
type Trace struct {
	// EquityFlow0USD is the sponsors' flow at time 0 (−the reserve).
	EquityFlow0USD float64
	// MinCashUSD is the lowest, over the steps, of the company's cash after
	// the step's debt service, draws and project flow and before any
	// equity call, revolver draw or raise: negative when the step needed
	// money from outside.
	MinCashUSD float64
	// MinLiquidityUSD is the lowest, over the steps, of cash plus undrawn
	// revolver plus uncalled commitment before emergency equity: negative
	// when the path needed new equity or defaulted (a funding gap).
	MinLiquidityUSD float64
	// GapUSD is the total shortfall beyond the committed sources: emergency
	// equity raised plus the shortfall that caused a default.
	GapUSD float64
	// RaisedUSD is the emergency equity raised (cash), DilutionUSD what it
	// cost the existing holders beyond the cash, RaisedUSD·d/(1−d).
	RaisedUSD, DilutionUSD float64
	// DefaultStep is the step of the company's default, 0 if none.
	DefaultStep int
	// LenderLossUSD is the lenders' claims less their recovery at default.
	LenderLossUSD float64
	// BreachYears has bit y set when a covenant failed in year y+1
	// (years 1..64).
	BreachYears uint64
}

// Flow is one step of the ledger: what equity paid (−) or received (+), the
// capital it put in (≥ 0, for the IRR's investment rule), the debt's draws
// and service, and whether a covenant failed.
type Flow struct {
	EquityUSD, EquityInUSD float64
	DrawUSD, ServiceUSD    float64
	Breach                 bool
}

// NewLedger returns a ledger for s on paths of steps steps of dtYears.
// s must be valid (Structure.Validate).
func NewLedger(s Structure, steps int, dtYears float64) *Ledger {
	l := &Ledger{s: s, dt: dtYears, steps: steps}
	l.perYear = max(1, int(math.Round(1/dtYears)))
	l.i = s.Debt.RatePerYear * dtYears
	l.iRev = s.Revolver.RatePerYear * dtYears
	l.amortFrom = int(math.Floor(s.Debt.GraceYears/dtYears+1e-9)) + 1
	l.maturity = min(steps, max(1, int(math.Ceil(s.Debt.TenorYears/dtYears-1e-9))))
	l.Reset()
	return l
}

// Reset starts a new path: the reserve paid in, the funded loan drawn.
func (l *Ledger) Reset() {
	l.st = state{cash: l.s.LiquidityReserveUSD}
	l.tr = Trace{EquityFlow0USD: -l.s.LiquidityReserveUSD, MinCashUSD: math.Inf(1), MinLiquidityUSD: math.Inf(1)}
	if a := l.s.Debt.AmountUSD; a > 0 {
		l.draw(a)
	}
}

// draw books a draw of x on the term loan, setting its interest reserve aside.
func (l *Ledger) draw(x float64) {
	r := math.Min(x, l.s.Debt.InterestReserveMonths/12*l.s.Debt.RatePerYear*x)
	l.st.debt += x
	l.st.reserve += r
	l.st.cash += x - r
}

// Trace returns the path's figures so far.
func (l *Ledger) Trace() Trace { return l.tr }

// CashUSD returns the company's cash after the last step.
func (l *Ledger) CashUSD() float64 { return l.st.cash }

// DebtUSD returns the term loan's balance after the last step.
func (l *Ledger) DebtUSD() float64 { return l.st.debt }

// Defaulted reports whether the company has defaulted on the path.
func (l *Ledger) Defaulted() bool { return l.st.defaulted }

// Step books step k (1..steps, in order) with the project's free cash flow
// fcf and capex (≥ 0), USD, and returns the step's Flow.
func (l *Ledger) Step(k int, fcf, capex float64) Flow {
	var f Flow
	st := &l.st
	if st.defaulted {
		return f
	}
	f.ServiceUSD = l.service(k)
	if l.s.Debt.AmountUSD == 0 && capex > 0 && k < l.amortFrom && l.s.Debt.LoanToCost > 0 {
		f.DrawUSD = l.s.Debt.LoanToCost * capex
		l.draw(f.DrawUSD)
	}
	st.cash += fcf
	l.tr.MinCashUSD = math.Min(l.tr.MinCashUSD, st.cash)
	l.tr.MinLiquidityUSD = math.Min(l.tr.MinLiquidityUSD, l.liquidity())
	l.restore(&f)
	if st.cash < 0 && !l.cover(k, &f, false) {
		return f
	}
	if st.rev > 0 && st.cash > 0 {
		p := math.Min(st.rev, st.cash)
		st.rev -= p
		st.cash -= p
	}
	f.Breach = l.test(k, fcf+capex, f.ServiceUSD)
	locked := st.locked || f.Breach
	if k == l.steps {
		l.settle(k, &f)
		return f
	}
	if !locked && st.cash > l.s.LiquidityReserveUSD {
		f.EquityUSD += st.cash - l.s.LiquidityReserveUSD
		st.cash = l.s.LiquidityReserveUSD
	}
	return f
}
