package market

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// NetworkParams are the parameters of the network hashrate H, which is not
// a free random walk: miners plug in hashrate when mining pays and unplug
// it when it does not, with a lag for ASIC delivery, so the hashprice
// reverts toward the marginal miner's cost. log H follows an
// error-correction model (Engle and Granger, "Co-integration and error
// correction", Econometrica 55, 1987),
//
//	d log H = g·dt + κ·(log H* − log H)·dt + σ·dW,
//	H*[TH/s] = 144·(subsidy + fees)·P̄ ÷ (e(t)·24·p/1e6),   e(t) = e₀·exp(−g·t),
//
// with g = TrendGrowthPerYear, κ = ErrorCorrectionPerYear, σ =
// NoiseVolPerYear, W the hashrate shock (CorrelationParams), H* the
// hashrate at which the marginal miner (efficiency e₀ =
// MarginalEfficiencyJPerTH, power p = MarginalPowerUSDPerMWh) breaks even,
// subsidy and fees per block in BTC, and P̄ the BTC price smoothed
// exponentially over τ = PriceLagYears (log P̄ moves toward log P by
// 1 − e^(−dt/τ) a step). The marginal fleet's efficiency improves at g, so
// with flat revenue the gap G = log H − log H* is an Ornstein–Uhlenbeck
// process and the hashprice tracks the marginal cost e(t)·p·0.024
// USD/PH/day, falling at rate g.
//
// A step holds H*'s inputs fixed (the smoothed price after the step's
// price move, the step's fees, the subsidy at its starting height, e at its
// start) and applies the exact solution for that case (with flat revenue
// the gap at t is G₀·e^(−κ·t) plus noise, whatever the step length):
//
//	log H(t+dt) = log H(t) + g·dt + (1 − e^(−κ·dt))·(log H*(t) − log H(t)) + σ·√((1 − e^(−2κ·dt))/(2κ))·z
//
// with z the step's hashrate shock (the root is √dt when κ = 0). The same
// κ and lag apply whether miners unplug or install, a simplification:
// switching off is quicker than delivery, and the lag then stands for
// sunk-cost miners running on through a few bad months. g = κ = σ = 0
// holds the hashrate constant (WithConstantHashrate); κ = 0 alone gives a
// geometric random walk with drift g.
type NetworkParams struct {
	// TrendGrowthPerYear is g, the log growth rate of the hashrate that the
	// marginal fleet's efficiency gains support at constant revenue, per
	// year. Range [−1, 2].
	TrendGrowthPerYear float64 `json:"trendGrowthPerYear"`
	// ErrorCorrectionPerYear is κ, the speed at which the hashrate closes
	// the log gap to the break-even hashrate H*, per year (the half-life of
	// a gap is ln 2/κ). Range [0, 50].
	ErrorCorrectionPerYear float64 `json:"errorCorrectionPerYear"`
	// PriceLagYears is τ, the time constant of the exponential smoothing of
	// the BTC price that drives H*, in years (0: no lag). Range [0, 10].
	PriceLagYears float64 `json:"priceLagYears"`
	// NoiseVolPerYear is σ, the volatility of the log hashrate's own
	// shocks, per √year. Range [0, 3].
	NoiseVolPerYear float64 `json:"noiseVolPerYear"`
	// MarginalEfficiencyJPerTH is e₀, the efficiency of the marginal
	// (least efficient still running) fleet at the start, in J/TH.
	// Range (0, 1000].
	MarginalEfficiencyJPerTH float64 `json:"marginalEfficiencyJPerTH"`
	// MarginalPowerUSDPerMWh is p, the power price the marginal miner pays,
	// in USD/MWh. Range (0, 10000].
	MarginalPowerUSDPerMWh float64 `json:"marginalPowerUSDPerMWh"`
}

// DefaultNetworkParams returns the calibrated network parameters.
func DefaultNetworkParams() NetworkParams {
	return NetworkParams{
		// docs/CALIBRATION.md §B "Hashrate growth (30d-mean CAGR)" 50 % over 5 y
		// (log 0.405/yr) against §C 2020+ window drift 0.475/yr and two
		// halvings in those 5.74 years (−2·ln 2/5.74 = −0.24/yr): revenue
		// grew ≈ 0.23/yr, so efficiency gains carried ≈ 0.17/yr; the 3-year
		// window (65 %/yr, one halving) gives ≈ 0.15/yr. *derived*.
		TrendGrowthPerYear: 0.17,
		// *assumption* (no docs/CALIBRATION.md row measures the response): a
		// hashprice gap halves in about nine months (ln 2/0.9), chosen so
		// that hashrate growth paused for roughly half a year after the
		// April 2024 halving (§B hashprice 2024Q2 67.2 → Q3 45.3) while the
		// fleet kept growing through the 2025 squeeze (§B "Hashprice record
		// low" 34.49 in Nov 2025 with hashrate near its ATH).
		ErrorCorrectionPerYear: 0.9,
		// *assumption*: ASIC orders are placed on a smoothed price and
		// delivered months later; §B "New-ASIC payback" >1,000 days shows
		// miners buy on long-run, not spot, economics. Four months.
		PriceLagYears: 1.0 / 3,
		// docs/CALIBRATION.md §B "Difficulty per-epoch log change since halving
		// 4": sd 3.83 % per epoch. Removing the block-timing noise of a
		// 2,016-block epoch (1/√2016 = 2.2 %) leaves 3.1 %; for a random
		// walk the change of consecutive two-week averages has variance
		// (2/3)·σ²·(1/26.1 yr), so σ = 0.031/√(2/3/26.1) ≈ 0.19. *derived*.
		NoiseVolPerYear: 0.19,
		// docs/CALIBRATION.md §B "Revenue per MWh by fleet efficiency": the
		// 25–38 J/TH fleet earned 51 USD/MWh at a hashprice of 39.53
		// (2026-01-12), i.e. 39.53/(0.024·51) = 32 J/TH. *derived*.
		MarginalEfficiencyJPerTH: 32,
		// docs/CALIBRATION.md §D "Power cost range (default)" 25–50 USD/MWh: the
		// marginal miner pays the top of the range. With 32 J/TH its power
		// cost is 32·50·0.024 = 38.4 USD/PH/day, the start hashprice (§B
		// 39.53 on 2026-01-12), so the network starts near equilibrium.
		MarginalPowerUSDPerMWh: 50,
	}
}

// WithConstantHashrate returns a copy of p whose hashrate never moves:
// trend growth, error-correction speed and noise all zero.
func (p NetworkParams) WithConstantHashrate() NetworkParams {
	p.TrendGrowthPerYear = 0
	p.ErrorCorrectionPerYear = 0
	p.NoiseVolPerYear = 0
	return p
}

// Validate reports every field outside its documented range.
func (p NetworkParams) Validate() error {
	var c valid.Checker
	c.Range("trendGrowthPerYear", p.TrendGrowthPerYear, -1, 2)
	c.Range("errorCorrectionPerYear", p.ErrorCorrectionPerYear, 0, 50)
	c.Range("priceLagYears", p.PriceLagYears, 0, 10)
	c.Range("noiseVolPerYear", p.NoiseVolPerYear, 0, 3)
	if c.Positive("marginalEfficiencyJPerTH", p.MarginalEfficiencyJPerTH) {
		c.Range("marginalEfficiencyJPerTH", p.MarginalEfficiencyJPerTH, 0, 1000)
	}
	if c.Positive("marginalPowerUSDPerMWh", p.MarginalPowerUSDPerMWh) {
		c.Range("marginalPowerUSDPerMWh", p.MarginalPowerUSDPerMWh, 0, 10000)
	}
	return c.Err()
}

// BreakEvenHashrateEHs returns H*, the network hashrate in EH/s at which a
// miner with efficiency jPerTH (J/TH) paying powerUSDPerMWh (USD/MWh) just
// covers its power bill when the network earns rewardPerBlockBTC (subsidy
// plus fees, BTC per block) at 144 blocks a day, valued at priceUSD:
// H*[TH/s] = 144·reward·price ÷ (jPerTH·24·power/1e6).
func BreakEvenHashrateEHs(rewardPerBlockBTC, priceUSD, jPerTH, powerUSDPerMWh float64) float64 {
	revenuePerDay := 144 * rewardPerBlockBTC * priceUSD
	costPerTHDay := jPerTH * 24 * powerUSDPerMWh / 1e6
	return revenuePerDay / costPerTHDay / 1e6
}

// network is the compiled hashrate process of a Market.
type network struct {
	p         NetworkParams
	lagWeight float64 // 1 − e^(−dt/τ)
	pull      float64 // 1 − e^(−κ·dt)
	trend     float64 // g·dt
	noiseSD   float64 // σ·√((1 − e^(−2κ·dt))/(2κ))
	logCost0  float64 // log(e₀·24·p/1e6), USD per TH/s per day at t = 0
}

func newNetwork(p NetworkParams, dt float64) network {
	n := network{p: p, trend: p.TrendGrowthPerYear * dt}
	if p.PriceLagYears > 0 {
		n.lagWeight = -math.Expm1(-dt / p.PriceLagYears)
	} else {
		n.lagWeight = 1
	}
	k := p.ErrorCorrectionPerYear
	n.pull = -math.Expm1(-k * dt)
	if k > 0 {
		n.noiseSD = p.NoiseVolPerYear * math.Sqrt(-math.Expm1(-2*k*dt)/(2*k))
	} else {
		n.noiseSD = p.NoiseVolPerYear * math.Sqrt(dt)
	}
	n.logCost0 = math.Log(p.MarginalEfficiencyJPerTH * 24 * p.MarginalPowerUSDPerMWh / 1e6)
	return n
}

// advance moves the hashrate of s over one step starting at time t (years),
// with z the step's hashrate shock. s.lagLogPrice and s.FeesPerBlockBTC
// must already hold their values at the end of the step.
func (n *network) advance(s *State, t, z float64) {
	logH := vmath.Log(s.HashrateEHs)
	var logReward float64
	if n.pull > 0 {
		logReward = vmath.Log(144 * (s.SubsidyBTC + s.FeesPerBlockBTC))
	}
	s.HashrateEHs = vmath.Exp(n.logNext(s, t, z, logH, logReward))
}

// logNext returns the log hashrate at the end of the step (clamped to the
// hashrate's bounds) from logH = ln H at its start and logReward =
// ln(144·(subsidy + fees)), the day's reward per block in BTC (unused when
// κ = 0): logH + pull·(log H* − logH) + g·dt + noise·z, with
// log H* = logReward + log P̄ − (log cost₀ − g·t) − ln 1e6.
func (n *network) logNext(s *State, t, z, logH, logReward float64) float64 {
	if n.pull > 0 {
		// log H* (EH/s) at the start of the step.
		target := logReward + s.lagLogPrice - (n.logCost0 - n.p.TrendGrowthPerYear*t) - log1e6
		logH += n.pull * (target - logH)
	}
	logH += n.trend + n.noiseSD*z
	return min(max(logH, logMinHashrateEHs), logMaxHashrateEHs)
}

// The hashrate is kept within [1e-6, 1e9] EH/s (1 TH/s to a million times
// today's network), so that no parameter choice can make the block walk run
// away; the defaults never come near either end.
var (
	log1e6            = math.Log(1e6)
	logMinHashrateEHs = math.Log(1e-6)
	logMaxHashrateEHs = math.Log(1e9)
)
