package funding

import "math"

// service pays step k's debt service and revolver costs out of cash (the
// interest reserve first for the loan's interest) and returns the loan's
// interest plus principal of the step.
func (l *Ledger) service(k int) float64 {
	st := &l.st
	interest := st.debt * l.i
	principal := 0.0
	if st.debt > 0 && k >= l.amortFrom {
		if st.payment == 0 {
			st.payment = l.payment(st.debt, l.maturity-l.amortFrom+1)
		}
		switch l.s.Debt.Amortization {
		case Level:
			principal = st.payment - interest
		case Linear:
			principal = st.payment
		}
		if k >= l.maturity {
			principal = st.debt
		}
		principal = math.Min(math.Max(principal, 0), st.debt)
	}
	fromReserve := math.Min(st.reserve, interest)
	st.reserve -= fromReserve
	st.cash -= interest - fromReserve + principal
	st.debt -= principal
	if st.debt <= 0 && st.reserve > 0 {
		st.cash += st.reserve
		st.reserve = 0
	}
	st.cash -= st.rev*l.iRev + (l.s.Revolver.LimitUSD-st.rev)*l.s.Revolver.CommitmentFeePerYear*l.dt
	return interest + principal
}

// payment returns the level payment (Level: an annuity of n steps at the
// rate per step) or the principal per step (Linear) of a balance b.
func (l *Ledger) payment(b float64, n int) float64 {
	n = max(n, 1)
	if l.s.Debt.Amortization == Level && l.i > 0 {
		return b * l.i / (1 - math.Pow(1+l.i, -float64(n)))
	}
	return b / float64(n)
}

// restore tops cash up to the liquidity reserve from the uncalled
// commitment, at par, booking the call in f.
func (l *Ledger) restore(f *Flow) {
	st := &l.st
	x := math.Min(l.s.LiquidityReserveUSD-st.cash, l.s.CommittedEquityUSD-st.called)
	if x <= 0 {
		return
	}
	st.called += x
	st.cash += x
	f.EquityUSD -= x
	f.EquityInUSD += x
}

// cover meets a shortfall (cash < 0) at step k from the uncalled
// commitment, the revolver (unless final) and new equity, booking the
// sponsors' flows in f. It returns false, after booking the default, when
// the shortfall exceeds them all.
func (l *Ledger) cover(k int, f *Flow, final bool) bool {
	st, s := &l.st, &l.s
	need := -st.cash
	revRoom := s.Revolver.LimitUSD - st.rev
	if final {
		revRoom = 0
	}
	commit := s.CommittedEquityUSD - st.called
	market := s.Equity.MaxRaiseUSD - st.raised
	if need > revRoom+commit+market {
		l.tr.GapUSD += need - revRoom - commit
		l.fail(k)
		f.EquityUSD, f.EquityInUSD = 0, 0
		return false
	}
	x := math.Min(need, commit)
	st.called += x
	f.EquityUSD -= x
	f.EquityInUSD += x
	need -= x
	x = math.Min(need, revRoom)
	st.rev += x
	need -= x
	if need > 0 {
		st.raised += need
		cost := need / (1 - s.Equity.RaiseDiscount)
		f.EquityUSD -= cost
		f.EquityInUSD += cost
		l.tr.RaisedUSD += need
		l.tr.DilutionUSD += cost - need
		l.tr.GapUSD += need
	}
	st.cash = 0
	return true
}

// fail books the company's default at step k: lenders take their
// recovery, equity is wiped.
func (l *Ledger) fail(k int) {
	st := &l.st
	claims := math.Max(st.debt+st.rev-st.reserve, 0)
	l.tr.LenderLossUSD = (1 - l.s.RecoveryRate) * claims
	l.tr.DefaultStep = k
	st.defaulted = true
	st.cash, st.debt, st.rev, st.reserve = 0, 0, 0, 0
}

// liquidity returns cash plus undrawn revolver plus uncalled commitment.
func (l *Ledger) liquidity() float64 {
	st := &l.st
	return st.cash + l.s.Revolver.LimitUSD - st.rev + l.s.CommittedEquityUSD - st.called
}

// test runs step k's covenant tests after its books, locking distributions
// on a breach, and reports whether one failed.
func (l *Ledger) test(k int, cfads, service float64) bool {
	st, c := &l.st, &l.s.Covenants
	st.cfads += cfads
	st.service += service
	breach := false
	if c.MinLiquidityUSD > 0 && st.cash+l.s.Revolver.LimitUSD-st.rev < c.MinLiquidityUSD {
		breach = true
	}
	dscrFail := false
	if k%l.perYear == 0 {
		if c.MinDSCR > 0 && k >= l.amortFrom && st.service > 0 && st.cfads < c.MinDSCR*st.service {
			dscrFail = true
		}
		st.locked = dscrFail
		st.cfads, st.service = 0, 0
	}
	breach = breach || dscrFail
	if breach {
		if y := (k - 1) / l.perYear; y < 64 {
			l.tr.BreachYears |= 1 << uint(y)
		}
	}
	return breach
}

// settle closes the path at the last step: the revolver is repaid (a
// shortfall met as in cover, without the revolver) and equity receives
// all that is left.
func (l *Ledger) settle(k int, f *Flow) {
	st := &l.st
	st.cash -= st.rev
	st.rev = 0
	if st.cash < 0 && !l.cover(k, f, true) {
		return
	}
	f.EquityUSD += st.cash + st.reserve
	st.cash, st.reserve = 0, 0
}
