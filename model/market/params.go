package market

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MarketParams are the parameters of the market a miner lives in: the start
// state and the processes that move it. The zero value is not valid; start
// from DefaultMarketParams and change what the scenario needs.
type MarketParams struct {
	// Start is the state at the start of the simulation.
	Start StartParams `json:"start"`
	// BTCPrice is the BTC price process and its scheduled shocks.
	BTCPrice PriceModel `json:"btcPrice"`
	// Network is the hashrate process.
	Network NetworkParams `json:"network"`
	// Fees is the fee-per-block process.
	Fees FeeParams `json:"fees"`
	// Power is the site's power price process.
	Power PowerParams `json:"power"`
	// GPU is the GPU rent process.
	GPU GPUParams `json:"gpu"`
	// Colo ties the colocation rent to the GPU rent.
	Colo ColoParams `json:"colo"`
	// Credit sets the tenants' default intensities.
	Credit CreditParams `json:"credit"`
	// Correlation correlates the processes' shocks.
	Correlation CorrelationParams `json:"correlation"`
}

// DefaultMarketParams returns the calibrated market of January 2026; every
// number cites its row of docs/CALIBRATION.md in the Default… function that sets
// it.
func DefaultMarketParams() MarketParams {
	return MarketParams{
		Start:       DefaultStartParams(),
		BTCPrice:    DefaultPriceModel(),
		Network:     DefaultNetworkParams(),
		Fees:        DefaultFeeParams(),
		Power:       DefaultPowerParams(),
		GPU:         DefaultGPUParams(),
		Colo:        DefaultColoParams(),
		Credit:      DefaultCreditParams(),
		Correlation: DefaultCorrelationParams(),
	}
}

// Validate reports every invalid field of p with its value and allowed
// range, with nested paths such as "btcPrice.volPerYear".
func (p MarketParams) Validate() error {
	var c valid.Checker
	c.Sub("start", p.Start.Validate())
	c.Sub("btcPrice", p.BTCPrice.Validate())
	c.Sub("network", p.Network.Validate())
	c.Sub("fees", p.Fees.Validate())
	c.Sub("power", p.Power.Validate())
	gpuErr := p.GPU.Validate()
	c.Sub("gpu", gpuErr)
	c.Sub("colo", p.Colo.Validate())
	c.Sub("credit", p.Credit.Validate())
	c.Sub("correlation", p.Correlation.Validate())
	if gpuErr == nil {
		if floor := p.GPU.Floor.USDPerHour(); !(p.Start.GPURentUSDPerHour > floor) {
			c.Add("start.gpuRentUSDPerHour", p.Start.GPURentUSDPerHour,
				fmt.Sprintf("> the GPU rent floor gpu.floor = %g USD/GPU-hour", floor))
		}
	}
	return c.Err()
}

// clone returns a deep copy of p.
func (p MarketParams) clone() MarketParams {
	p.BTCPrice = p.BTCPrice.clone()
	p.Correlation = p.Correlation.clone()
	return p
}

// StartParams are the market state at the start of the simulation. The
// defaults (DefaultStartParams) are January 1, 2026, 00:00 UTC.
type StartParams struct {
	// BTCPriceUSD is the BTC price, in USD. Range [0.01, 1e9].
	BTCPriceUSD float64 `json:"btcPriceUSD"`
	// HashrateEHs is the network hashrate, in EH/s. Range [1e-6, 1e9].
	HashrateEHs float64 `json:"hashrateEHs"`
	// Difficulty is the difficulty in force. Range [1, 1e30].
	Difficulty float64 `json:"difficulty"`
	// Height is the block height. The current retarget epoch began at the
	// last multiple of 2,016 at or below it, and its blocks so far took the
	// target 600 s each. Range [0, 13,440,000] (the 64th halving).
	Height int64 `json:"height"`
	// FeesPerBlockBTC is the average fee per block, in BTC. Range (0, 100].
	FeesPerBlockBTC float64 `json:"feesPerBlockBTC"`
	// PowerUSDPerMWh is the site's power price, in USD/MWh. Range (0, 10000].
	PowerUSDPerMWh float64 `json:"powerUSDPerMWh"`
	// GPURentUSDPerHour is the H100-equivalent rent, in USD per GPU-hour.
	// Range (gpu.floor, 1000].
	GPURentUSDPerHour float64 `json:"gpuRentUSDPerHour"`
	// GPURegime is the GPU market's regime, "tight" or "glut".
	GPURegime GPURegime `json:"gpuRegime"`
	// ColoRentUSDPerKWMonth is the rent a new AI colocation lease fetches,
	// in USD per kW of IT load per month. Range (0, 10000].
	ColoRentUSDPerKWMonth float64 `json:"coloRentUSDPerKWMonth"`
}

// DefaultStartParams returns the market of January 1, 2026.
func DefaultStartParams() StartParams {
	return StartParams{
		// docs/CALIBRATION.md §C price reference points: Coin Metrics close
		// 87,133.51 USD on 2025-12-29.
		BTCPriceUSD: 87_000,
		// docs/CALIBRATION.md §B "Hashrate 7d / 30d SMA": 1,052 EH/s (30-day SMA,
		// 2026-01-12).
		HashrateEHs: 1_050,
		// docs/CALIBRATION.md §B "Difficulty": 148.26 T after a −1.20 %
		// adjustment on 2026-01-08, so the difficulty in force on January 1
		// was 148.26/(1 − 0.0120) = 150.06 T. *derived*.
		Difficulty: 150.06e12,
		// docs/CALIBRATION.md §A "Cumulative block count": 916,532 blocks
		// by the end of 2025-09-26, read as a count with genesis, so that
		// day's last block is 916,531; the 96 days to 2026-01-01 at §A
		// "Blocks per day (target)" add 13,824: 930,355 (§A's defaults
		// table discusses the one-block reading). Cross-check: that height
		// is 979 blocks into the epoch begun at 929,376 = 461 × 2,016, so the
		// next retarget, 1,037 blocks (≈ 7.2 days) on, falls on January 8,
		// the date of §B "Difficulty"'s −1.20 % adjustment. *derived*.
		Height: 930_355,
		// docs/CALIBRATION.md §B "Fee share of miner revenue" 2025 YTD 1.1 %:
		// 3.125 × 0.011/0.989 = 0.035 BTC per block. *derived*.
		FeesPerBlockBTC: 0.035,
		// docs/CALIBRATION.md §D "Power cost range (default)": typical 35–40.
		PowerUSDPerMWh: 37.5,
		// docs/CALIBRATION.md §E "H100 1-yr contract (SemiAnalysis index)":
		// 2.35 USD/GPU-hour (Mar 2026, on the rebound from the Oct 2025
		// trough of 1.70).
		GPURentUSDPerHour: 2.35,
		// docs/CALIBRATION.md §E "Regime note": rents rebounding on inference
		// demand, Blackwell sold out.
		GPURegime: GPUTight,
		// docs/CALIBRATION.md §F: median of the colocation deals' derived
		// USD/MW-yr (1.22–2.13 M; median ≈ 1.81 M) = 151 USD/kW-month,
		// within §F's wholesale Tier-1 benchmark 140–160. *derived*.
		ColoRentUSDPerKWMonth: 150,
	}
}

// Validate reports every field outside its documented range.
func (p StartParams) Validate() error {
	var c valid.Checker
	c.Range("btcPriceUSD", p.BTCPriceUSD, 0.01, 1e9)
	c.Range("hashrateEHs", p.HashrateEHs, 1e-6, 1e9)
	c.Range("difficulty", p.Difficulty, 1, 1e30)
	c.Int("height", p.Height, 0, 64*HalvingInterval)
	if c.Positive("feesPerBlockBTC", p.FeesPerBlockBTC) {
		c.Range("feesPerBlockBTC", p.FeesPerBlockBTC, 0, 100)
	}
	if c.Positive("powerUSDPerMWh", p.PowerUSDPerMWh) {
		c.Range("powerUSDPerMWh", p.PowerUSDPerMWh, 0, 10000)
	}
	if c.Positive("gpuRentUSDPerHour", p.GPURentUSDPerHour) {
		c.Range("gpuRentUSDPerHour", p.GPURentUSDPerHour, 0, 1000)
	}
	if p.GPURegime != GPUTight && p.GPURegime != GPUGlut {
		c.Add("gpuRegime", int(p.GPURegime), `"tight" (0) or "glut" (1)`)
	}
	if c.Positive("coloRentUSDPerKWMonth", p.ColoRentUSDPerKWMonth) {
		c.Range("coloRentUSDPerKWMonth", p.ColoRentUSDPerKWMonth, 0, 10000)
	}
	return c.Err()
}
