package site

// TaxBook computes one strategy's income tax along one path: a cash-flow tax
// with immediate expensing of capex and an unlimited, interest-free loss
// carry-forward.
//
// The taxable base of a step is its free cash flow before tax, RevenueUSD +
// TerminalUSD − PowerUSD − OpexUSD − CapexUSD − the site coupling's costs
// (reliability capex expensed like capex). A negative base adds to the
// losses carried forward; a positive base first uses them up, and the rest is
// taxed at the rate. The zero value (rate 0) books no tax.
type TaxBook struct {
	rate  float64
	carry float64 // losses carried forward, USD (≥ 0)
}

// NewTaxBook returns a TaxBook with the given rate (in [0, 1)) and no losses
// carried forward.
func NewTaxBook(rate float64) TaxBook { return TaxBook{rate: rate} }

// Reset clears the losses carried forward (start of a path).
func (t *TaxBook) Reset() { t.carry = 0 }

// CarryUSD returns the losses carried forward, in USD.
func (t *TaxBook) CarryUSD() float64 { return t.carry }

// Apply adds the step's tax to cf.TaxUSD and updates the carry-forward.
func (t *TaxBook) Apply(cf *CashFlow) {
	base := cf.RevenueUSD() + cf.TerminalUSD - cf.PowerUSD - cf.OpexUSD - cf.CapexUSD - cf.couplingUSD()
	if base <= 0 {
		t.carry -= base
		return
	}
	use := min(base, t.carry)
	t.carry -= use
	cf.TaxUSD += t.rate * (base - use)
}
