package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
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
// number cites its row of CALIBRATION.md in the Default… function that sets
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

// StartParams are the market state at the start of the simulation.
//
// The defaults are January 1, 2026, 00:00 UTC. The block height is derived
// from the Coin Metrics daily block counts (CALIBRATION.md "DS"): their sum
// reaches 916,532 blocks (genesis included) by the end of 2025-09-26, so the
// last block of that day is ≈ 916,531; the 96 days to 2026-01-01 at the
// target 144 blocks a day (§A) add 13,824, giving 930,355. Cross-check: 621
// days after halving 4 (block 840,000 on 2024-04-20, §A) at exactly 144 a
// day would give 929,424; the network ran slightly faster than target as
// hashrate grew. That height lies 979 blocks into the retarget epoch that
// began at 929,376 (= 461 × 2,016), whose next adjustment, 1,037 blocks
// (≈ 7.2 days) later, falls on January 8 — the date of §B's −1.20 %
// adjustment to 148.26 T, which confirms the derivation. The elapsed time of
// those 979 blocks is taken at the target pace (979 × 600 s).
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
		// CALIBRATION.md §C price reference points: Coin Metrics close
		// 87,133.51 USD on 2025-12-29.
		BTCPriceUSD: 87_000,
		// CALIBRATION.md §B "Hashrate 7d / 30d SMA": 1,052 EH/s (30-day SMA,
		// 2026-01-12).
		HashrateEHs: 1_050,
		// CALIBRATION.md §B "Difficulty": 148.26 T after a −1.20 %
		// adjustment on 2026-01-08, so the difficulty in force on January 1
		// was 148.26/(1 − 0.0120) = 150.06 T. *derived*.
		Difficulty: 150.06e12,
		// Derived in the StartParams doc comment (DS block counts + §A).
		Height: 930_355,
		// CALIBRATION.md §B "Fee share of miner revenue" 2025 YTD 1.1 %:
		// 3.125 × 0.011/0.989 = 0.035 BTC per block. *derived*.
		FeesPerBlockBTC: 0.035,
		// CALIBRATION.md §D "Power cost range (default)": typical 35–40.
		PowerUSDPerMWh: 37.5,
		// CALIBRATION.md §E "H100 1-yr contract (SemiAnalysis index)":
		// 2.35 USD/GPU-hour (Mar 2026, on the rebound from the Oct 2025
		// trough of 1.70).
		GPURentUSDPerHour: 2.35,
		// CALIBRATION.md §E "Regime note": rents rebounding on inference
		// demand, Blackwell sold out.
		GPURegime: GPUTight,
		// CALIBRATION.md §F: median of the colocation deals' derived
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

// ShockName names one of the market's correlated shocks.
type ShockName string

// The market's shocks (ShockNames lists them in matrix order).
const (
	// ShockBTCPrice is the BTC price's diffusion shock.
	ShockBTCPrice ShockName = "btcPrice"
	// ShockHashrate is the network hashrate's own shock.
	ShockHashrate ShockName = "hashrate"
	// ShockFees is the fee level's diffusion shock.
	ShockFees ShockName = "fees"
	// ShockPower is the power price's diffusion shock.
	ShockPower ShockName = "power"
	// ShockGPURent is the GPU rent's diffusion shock.
	ShockGPURent ShockName = "gpuRent"
)

// NumShocks is the number of correlated shocks.
const NumShocks = 5

// ShockNames returns the shocks in the order of CorrelationParams.Matrix.
func ShockNames() [NumShocks]ShockName {
	return [NumShocks]ShockName{ShockBTCPrice, ShockHashrate, ShockFees, ShockPower, ShockGPURent}
}

// shockIndex returns the matrix index of a shock name, or −1.
func shockIndex(n ShockName) int {
	for i, s := range ShockNames() {
		if s == n {
			return i
		}
	}
	return -1
}

// CorrelationPair sets the correlation of two shocks.
type CorrelationPair struct {
	// A and B name the two shocks ("btcPrice", "hashrate", "fees", "power",
	// "gpuRent"); they must differ.
	A ShockName `json:"a"`
	B ShockName `json:"b"`
	// Rho is their correlation. Range [−1, 1].
	Rho float64 `json:"rho"`
}

// CorrelationParams correlate the diffusion shocks of the BTC price,
// hashrate, fees, power price and GPU rent (the jumps stay independent).
// Give either a short list of Pairs (unlisted pairs are uncorrelated) or a
// full 5×5 Matrix in the order of ShockNames, not both. The matrix must be
// symmetric and positive semi-definite with a unit diagonal; dist.Correlated
// turns independent normals into correlated ones (a perfect correlation ±1
// makes one shock an exact copy or mirror of another).
type CorrelationParams struct {
	// Pairs lists the correlated pairs.
	Pairs []CorrelationPair `json:"pairs,omitempty"`
	// Matrix is the full correlation matrix, rows and columns in the order
	// of ShockNames().
	Matrix [][]float64 `json:"matrix,omitempty"`
}

// UnmarshalJSON decodes a correlation given in JSON whole: it starts from
// the zero value (no correlation), not from p's current value, so that the
// "pairs" or the "matrix" of a scenario file replace the default pairs
// instead of merging with them element by element. Unknown fields are
// errors; JSON null leaves p unchanged.
func (p *CorrelationParams) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain CorrelationParams
	var q plain
	if err := strictjson.Unmarshal(b, &q); err != nil {
		return err
	}
	*p = CorrelationParams(q)
	return nil
}

// JSONFields implements strictjson.Object: a correlation's JSON members are
// its struct fields.
func (p CorrelationParams) JSONFields() []strictjson.Field { return strictjson.StructFields(p) }

// DefaultCorrelationParams returns the correlations that matter.
func DefaultCorrelationParams() CorrelationParams {
	return CorrelationParams{Pairs: []CorrelationPair{
		// *assumption* (hand check of the Coin Metrics (CALIBRATION.md "DS") monthly log changes 2019–2025:
		// price vs fees per block ≈ 0.1–0.2; CALIBRATION.md has no row for it):
		// fee manias come with rallies.
		{A: ShockBTCPrice, B: ShockFees, Rho: 0.2},
		// *assumption* (same hand check: price vs hashrate ≈ 0.3 month on
		// month, part of it the lagged response the network model already
		// carries): marginal machines switch on and off with the price.
		{A: ShockBTCPrice, B: ShockHashrate, Rho: 0.2},
		// *assumption*: BTC and AI compute demand both ride risk appetite
		// and funding conditions (§G neocloud financing costs).
		{A: ShockBTCPrice, B: ShockGPURent, Rho: 0.2},
	}}
}

// CorrelationMatrix returns the full correlation matrix the parameters
// describe (identity for the zero value). It does not validate them.
func (p CorrelationParams) CorrelationMatrix() [NumShocks][NumShocks]float64 {
	var m [NumShocks][NumShocks]float64
	if len(p.Matrix) > 0 {
		for i := range min(len(p.Matrix), NumShocks) {
			for j := range min(len(p.Matrix[i]), NumShocks) {
				m[i][j] = p.Matrix[i][j]
			}
		}
		return m
	}
	for i := range m {
		m[i][i] = 1
	}
	for _, pr := range p.Pairs {
		i, j := shockIndex(pr.A), shockIndex(pr.B)
		if i < 0 || j < 0 {
			continue
		}
		m[i][j], m[j][i] = pr.Rho, pr.Rho
	}
	return m
}

// Validate reports unknown shock names, repeated pairs, correlations outside
// [−1, 1], a malformed matrix, and a matrix that is not positive
// semi-definite.
func (p CorrelationParams) Validate() error {
	var c valid.Checker
	if len(p.Pairs) > 0 && len(p.Matrix) > 0 {
		c.Add("matrix", fmt.Sprintf("%d rows", len(p.Matrix)), "empty when pairs are given")
		return c.Err()
	}
	seen := map[[2]int]bool{}
	for k, pr := range p.Pairs {
		f := fmt.Sprintf("pairs[%d]", k)
		i, j := shockIndex(pr.A), shockIndex(pr.B)
		const names = `one of "btcPrice", "hashrate", "fees", "power", "gpuRent"`
		if i < 0 {
			c.Add(f+".a", string(pr.A), names)
		}
		if j < 0 {
			c.Add(f+".b", string(pr.B), names)
		}
		if i >= 0 && j >= 0 {
			if i == j {
				c.Add(f+".b", string(pr.B), "a shock other than a")
			}
			key := [2]int{min(i, j), max(i, j)}
			if seen[key] {
				c.Add(f, fmt.Sprintf("%s–%s", pr.A, pr.B), "a pair not listed before")
			}
			seen[key] = true
		}
		c.Range(f+".rho", pr.Rho, -1, 1)
	}
	if len(p.Matrix) > 0 {
		if len(p.Matrix) != NumShocks {
			c.Add("matrix", fmt.Sprintf("%d rows", len(p.Matrix)), fmt.Sprintf("%d rows", NumShocks))
		}
		for i, row := range p.Matrix {
			if len(row) != NumShocks {
				c.Add(fmt.Sprintf("matrix[%d]", i), fmt.Sprintf("%d entries", len(row)), fmt.Sprintf("%d entries", NumShocks))
				continue
			}
			for j, v := range row {
				f := fmt.Sprintf("matrix[%d][%d]", i, j)
				switch {
				case i == j:
					if v != 1 {
						c.Add(f, v, "1 (a unit diagonal)")
					}
				case !(v >= -1 && v <= 1):
					c.Add(f, v, "in [−1, 1]")
				case i < len(p.Matrix) && j < len(p.Matrix) && j < i && len(p.Matrix[j]) == NumShocks && p.Matrix[j][i] != v:
					c.Add(f, v, fmt.Sprintf("equal to matrix[%d][%d] = %g (symmetric)", j, i, p.Matrix[j][i]))
				}
			}
		}
	}
	if c.Err() != nil {
		return c.Err()
	}
	if _, err := p.correlated(); err != nil {
		field := "pairs"
		if len(p.Matrix) > 0 {
			field = "matrix"
		}
		c.Sub(field, err)
	}
	return c.Err()
}

// clone returns a deep copy of p.
func (p CorrelationParams) clone() CorrelationParams {
	if p.Pairs != nil {
		p.Pairs = append([]CorrelationPair(nil), p.Pairs...)
	}
	if p.Matrix != nil {
		m := make([][]float64, len(p.Matrix))
		for i, row := range p.Matrix {
			m[i] = append([]float64(nil), row...)
		}
		p.Matrix = m
	}
	return p
}

// correlated builds the dist.Correlated of the parameters' matrix.
func (p CorrelationParams) correlated() (*dist.Correlated, error) {
	m := p.CorrelationMatrix()
	rows := make([][]float64, NumShocks)
	for i := range m {
		rows[i] = m[i][:]
	}
	return dist.NewCorrelated(rows)
}
