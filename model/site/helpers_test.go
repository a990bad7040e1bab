package site

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// stepper books a step into a CashFlow: a Contract, a Parcel, a Runner.
type stepper interface {
	Step(s *market.State, r *dist.Rand, cf *CashFlow)
}

// book returns the books of one step of x on a zero CashFlow.
func book(x stepper, s *market.State, r *dist.Rand) CashFlow {
	var cf CashFlow
	x.Step(s, r, &cf)
	return cf
}
