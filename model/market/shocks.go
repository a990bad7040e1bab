package market

import (
	"github.com/pivotrisk/pivotrisk/dist"
)

// Correlated returns the correlation of the market's five diffusion shocks
// (in the order of ShockNames) as the dist.Correlated that StepWith draws
// them through. It is immutable and shared; a caller that makes the shocks
// itself (quasi-Monte Carlo, dist.QMCShocks) correlates them with it.
func (m *Market) Correlated() *dist.Correlated { return m.corr }
