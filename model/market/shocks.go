package market

import (
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Correlated returns the correlation of the market's five diffusion shocks
// (in the order of ShockNames) as the dist.Correlated that StepWith draws
// them through. It is immutable and shared; a caller that makes the shocks
// itself (quasi-Monte Carlo, dist.QMCShocks) correlates them with it.
func (m *Market) Correlated() *dist.Correlated { return m.corr }

// StepShocks is StepWith with the step's five correlated diffusion shocks
// given (z, in the order of ShockNames, already correlated: what
// Correlated().Fill would draw) instead of drawn from r. Everything else is
// StepWith's: the four sub-streams forked off r in the same order (price
// jumps or regimes, fee spikes, power spikes, GPU regimes and shocks), so
// the discrete draws stay on the path's pseudo-random streams. With
// z = Correlated().Fill(·, r) it reproduces StepWith bit for bit
// (TestStepShocksIsStepWith). It allocates nothing.
//
// Under quasi-Monte Carlo the shocks of a whole path come from one point
// (dist.QMCShocks); r then moves by four words a step (the forks) instead
// of five normals and four words.
func (m *Market) StepShocks(s *State, z *[NumShocks]float64, r, sub *dist.Rand) {
	t0 := s.TimeYears
	t1 := float64(s.Step+1) * m.dt

	r.Fork(sub)
	x, regime := m.advancePrice(s.BTCPriceUSD, s.PriceRegime, z[0], sub)
	if shock := m.p.BTCPrice.shockIn(t0, t1); shock != 0 {
		x *= math.Exp(shock)
	}
	s.BTCPriceUSD, s.PriceRegime = x, regime
	s.lagLogPrice += m.net.lagWeight * (math.Log(x) - s.lagLogPrice)

	r.Fork(sub)
	s.FeesPerBlockBTC = m.fees.step(s.FeesPerBlockBTC, z[2], sub)
	r.Fork(sub)
	s.PowerUSDPerMWh = m.power.step(s.PowerUSDPerMWh, z[3], sub)

	r.Fork(sub)
	m.gpu.advance(s, m.dt, t1, z[4], sub)
	m.credit.hazards(&s.TenantHazardPerYear, s.GPURentUSDPerHour, m.p.Start.GPURentUSDPerHour, t1)

	m.net.advance(s, t0, z[1])
	blocks, subsidy := mine(s, m.dtSeconds, t0)
	s.BlocksMined = blocks
	s.RewardBTC = subsidy + blocks*s.FeesPerBlockBTC
	s.HashpriceUSDPerPHDay = s.RewardBTC * s.BTCPriceUSD / (s.HashrateEHs * 1000) / (m.dt * DaysPerYear)

	s.Step++
	s.TimeYears = t1
	s.DtYears = m.dt
}
