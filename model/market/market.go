package market

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// Market is the compiled market: the validated parameters turned into the
// processes that move a State one step of DtYears at a time. It is immutable
// after NewMarket and safe to share between goroutines; each goroutine
// passes its own State and *dist.Rand to Step. A step from t to t+dt:
//
//  1. draws the five correlated standard normal shocks (BTC price,
//     hashrate, fees, power, GPU rent; CorrelationParams) from the path's
//     stream and forks four sub-streams off it (dist.Rand.Fork), for the BTC
//     price's jumps or regime switches, the fee spikes, the power spikes,
//     and the GPU regime switches and oversupply shocks;
//  2. advances the BTC price (PriceModel), applies the scheduled shocks in
//     (t, t+dt] and updates the smoothed price the miners follow;
//  3. advances the fees (FeeParams) and the power price (PowerParams);
//  4. advances the GPU regime and rent (GPUParams), the colocation rent
//     (ColoParams) and the tenants' hazards (CreditParams);
//  5. advances the hashrate toward the break-even hashrate (NetworkParams),
//     at the subsidy of the step's starting height;
//  6. mines the step's blocks at the new hashrate, hashrate/(difficulty·2³²)
//     a second, retargeting (Retarget) whenever a 2,016-block epoch
//     completes and paying each block its own subsidy across halvings
//     (BlockSubsidy), so halving dates move with the hashrate.
//
// Block counts are expected values, not Poisson draws: the timing noise
// (1/√2016 ≈ 2.2 % of an epoch) averages away over a month and carries no
// risk a miner can price. With the hashrate held constant
// (NetworkParams.WithConstantHashrate) halvings fall exactly 210,000 × 600 s
// apart once two retargets have passed. Blocks are valued at the
// end-of-step price and fees, so a miner with h PH/s earns
// h/(1000·HashrateEHs) of RewardBTC, h·HashpriceUSDPerPHDay·365.25·DtYears
// in USD.
//
// Common random numbers: every step takes exactly five normals and four
// forks from the path's stream, and every draw whose count varies comes
// from its component's sub-stream, so two markets that differ only in one
// component's parameters run every other component on the same numbers
// (with different GPU, colocation, credit or power parameters, the BTC
// price, hashrate, difficulty and height paths are bit for bit the same).
// In mirror mode the forks are mirrored too, so antithetic pairs stay
// paired.
type Market struct {
	p         MarketParams
	dt        float64
	dtSeconds float64
	price     dist.PriceProcess
	merton    *mertonStep     // price compiled for dt when it is dist.Merton, else nil
	kou       *dist.Kou       // the price when it is dist.Kou, else nil
	regimeGBM *dist.RegimeGBM // the price when it is dist.RegimeGBM, else nil
	gbm       *gbmStep        // price compiled for dt when it is dist.GBM, else nil
	fees      expOUStep
	power     expOUStep
	net       network
	gpu       gpuMarket
	corr      *dist.Correlated
	credit    creditCurve
	start     State
}

// NewMarket validates p and the step length dtYears (0 < dtYears ≤ 1; one
// month is 1/12) and compiles the market.
func NewMarket(p MarketParams, dtYears float64) (*Market, error) {
	var c valid.Checker
	if !(dtYears > 0 && dtYears <= 1) {
		c.Add("dtYears", dtYears, "in (0, 1]")
	}
	c.Sub("", p.Validate())
	if err := c.Err(); err != nil {
		return nil, err
	}
	m := &Market{p: p.clone(), dt: dtYears, dtSeconds: dtYears * SecondsPerYear}
	var err error
	if m.price, err = m.p.BTCPrice.Process(); err != nil {
		return nil, err
	}
	// The price is stepped through its concrete type (no interface call),
	// so the sub-stream it draws from stays on Step's stack.
	switch pp := m.price.(type) {
	case dist.Merton:
		c := compileMerton(pp, dtYears)
		m.merton = &c
	case dist.Kou:
		m.kou = &pp
	case dist.RegimeGBM:
		m.regimeGBM = &pp
	case dist.GBM:
		c := compileGBM(pp, dtYears)
		m.gbm = &c
	default:
		return nil, fmt.Errorf("market: price process %T: not one PriceModel builds", m.price)
	}
	fees, err := m.p.Fees.Process()
	if err != nil {
		return nil, err
	}
	power, err := m.p.Power.Process()
	if err != nil {
		return nil, err
	}
	m.fees, m.power = compileExpOU(fees, dtYears), compileExpOU(power, dtYears)
	m.net = newNetwork(m.p.Network, dtYears)
	m.gpu = newGPUMarket(m.p.GPU, m.p.Colo, m.p.Start, dtYears)
	if m.corr, err = m.p.Correlation.correlated(); err != nil {
		return nil, err
	}
	m.credit = m.p.Credit.curve()
	m.start = m.buildStart()
	return m, nil
}

// DtYears returns the step length in years.
func (m *Market) DtYears() float64 { return m.dt }

// Params returns a copy of the market's parameters.
func (m *Market) Params() MarketParams { return m.p.clone() }

// Start returns the start state (the defaults describe January 1, 2026). It
// is deterministic. Its flow fields (BlocksMined, RewardBTC) are zero, and
// HashpriceUSDPerPHDay is the instantaneous hashprice at the start's block
// rate, fees and price.
func (m *Market) Start() State { return m.start }

func (m *Market) buildStart() State {
	st := m.p.Start
	s := State{
		BTCPriceUSD:           st.BTCPriceUSD,
		HashrateEHs:           st.HashrateEHs,
		Difficulty:            st.Difficulty,
		Height:                st.Height,
		SubsidyBTC:            float64(BlockSubsidy(st.Height)) / SatoshisPerBTC,
		FeesPerBlockBTC:       st.FeesPerBlockBTC,
		PowerUSDPerMWh:        st.PowerUSDPerMWh,
		GPURentUSDPerHour:     st.GPURentUSDPerHour,
		GPUTrendUSDPerHour:    st.GPURentUSDPerHour,
		GPURegime:             st.GPURegime,
		ColoRentUSDPerKWMonth: st.ColoRentUSDPerKWMonth,
		TenantHazardPerYear:   m.p.Credit.Hazards(st.GPURentUSDPerHour, st.GPURentUSDPerHour, 0),
		blockPos:              float64(st.Height),
		epochStart:            st.Height - st.Height%RetargetInterval,
		epochSeconds:          float64(st.Height%RetargetInterval) * TargetBlockSeconds,
		lagLogPrice:           math.Log(st.BTCPriceUSD),
		GPUTrend:              m.gpu.trend,
	}
	if m.p.BTCPrice.Model == PriceRegime {
		s.PriceRegime = m.p.BTCPrice.StartRegime
	}
	blocksPerDay := BlocksPerSecond(s.HashrateEHs, s.Difficulty) * 86400
	s.HashpriceUSDPerPHDay = blocksPerDay * (s.SubsidyBTC + s.FeesPerBlockBTC) * s.BTCPriceUSD / (s.HashrateEHs * 1000)
	return s
}

// Step advances s by one step of DtYears in place, drawing its randomness
// from r: five normals and four forks each step (see Market). s must be the
// Start state of m or a state m has stepped. Step allocates nothing.
func (m *Market) Step(s *State, r *dist.Rand) {
	var sub dist.Rand
	m.StepWith(s, r, &sub)
}

// StepWith is Step with the sub-streams forked into sub in turn. A caller
// that steps many paths keeps one sub from step to step (the per-worker
// simulator does): its Poisson memo, a cache of a pure function that Fork
// keeps, then spares an exponential per jump process and step, and every
// draw is Step's.
func (m *Market) StepWith(s *State, r, sub *dist.Rand) {
	var z [NumShocks]float64
	m.corr.Fill(z[:], r)
	m.StepShocks(s, &z, r, sub)
}

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

	// Each component with a varying number of draws gets its own
	// sub-stream, forked from r in a fixed order.
	r.Fork(sub)
	l, regime := m.priceLogReturn(s.PriceRegime, z[0], sub)
	m.setPrice(s, s.BTCPriceUSD*vmath.Exp(l), regime, t0, t1)
	s.lagLogPrice += m.net.lagWeight * (vmath.Log(s.BTCPriceUSD) - s.lagLogPrice)

	r.Fork(sub)
	s.FeesPerBlockBTC = m.fees.step(s.FeesPerBlockBTC, z[2], sub)
	r.Fork(sub)
	s.PowerUSDPerMWh = m.power.step(s.PowerUSDPerMWh, z[3], sub)

	r.Fork(sub)
	m.gpu.advance(s, m.dt, t1, z[4], sub)
	m.credit.hazards(&s.TenantHazardPerYear, s.GPURentUSDPerHour, m.p.Start.GPURentUSDPerHour, t1)

	m.net.advance(s, t0, z[1])
	m.mineStep(s, t0, t1)
}

// priceLogReturn returns the BTC price's log return over one step from
// regime with diffusion shock z, the jumps or regime switches drawn from r,
// and the regime at the step's end.
func (m *Market) priceLogReturn(regime int, z float64, r *dist.Rand) (float64, int) {
	switch {
	case m.merton != nil:
		return m.merton.logReturn(z, r), 0
	case m.kou != nil:
		return m.kou.LogReturn(m.dt, z, r), 0
	case m.regimeGBM != nil:
		return m.regimeGBM.LogReturn(regime, m.dt, z, r)
	}
	return m.gbm.logReturn(z), 0
}

// setPrice stores the price x the process reached over (t0, t1] and its
// regime in s, after the scheduled shocks in (t0, t1] (x·e^shock).
func (m *Market) setPrice(s *State, x float64, regime int, t0, t1 float64) {
	if shock := m.p.BTCPrice.shockIn(t0, t1); shock != 0 {
		x *= vmath.Exp(shock)
	}
	s.BTCPriceUSD, s.PriceRegime = x, regime
}

// mineStep mines the step's blocks at the state's new hashrate (mine) and
// sets the flows and the clock (setFlows).
func (m *Market) mineStep(s *State, t0, t1 float64) {
	blocks, subsidy := mine(s, m.dtSeconds, t0)
	m.setFlows(s, blocks, subsidy, t1)
}

// setFlows sets the step's flow fields from the blocks mined and the
// subsidy they earned (BlocksMined, RewardBTC = subsidy + blocks·fees,
// HashpriceUSDPerPHDay = reward·price/(1000·H)/(dt·365.25)) and moves the
// clock to t1.
func (m *Market) setFlows(s *State, blocks, subsidyBTC, t1 float64) {
	s.BlocksMined = blocks
	s.RewardBTC = subsidyBTC + blocks*s.FeesPerBlockBTC
	s.HashpriceUSDPerPHDay = s.RewardBTC * s.BTCPriceUSD / (s.HashrateEHs * 1000) / (m.dt * DaysPerYear)

	s.Step++
	s.TimeYears = t1
	s.DtYears = m.dt
}

// Tabulate precomputes the deterministic functions of time the first steps
// of a path use (the GPU rent's decay path), for paths of up to steps steps
// (at most 65,536 are tabulated); later steps compute them as they go. The
// numbers are the same either way: it only saves time. It must be called
// before m is shared between goroutines.
func (m *Market) Tabulate(steps int) {
	m.gpu.tabulate(min(steps, maxTabulatedSteps), m.dt)
}

// maxTabulatedSteps bounds the tables of Market.Tabulate (0.5 MB each).
const maxTabulatedSteps = 1 << 16
