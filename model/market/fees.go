package market

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// FeeParams are the parameters of the average transaction fees per block,
// in BTC: an exponential Ornstein–Uhlenbeck process with upward jumps
// (fee spikes from inscriptions, runes and congestion),
//
//	d log F = κ (log L − log F) dt + σ dW + dJ,   F ≥ FloorBTC,
//
// with L = LevelBTC, κ = SpeedPerYear, σ = VolPerYear, W the fee shock
// (correlated with the BTC price shock through CorrelationParams) and J a
// compound Poisson process of rate JumpsPerYear with Normal(JumpMeanLog,
// JumpSDLog²) log-jumps (dist.ExpOU).
//
// Each field has its own range, and Scenario.Validate bounds their
// combination over the horizon: spikes lift the long-run log level by
// JumpsPerYear·JumpMeanLog/SpeedPerYear, and the fee level must stay below
// MaxFeesPerBlockBTC at LimitSD standard deviations.
type FeeParams struct {
	// LevelBTC is L, the long-run median of the fees per block without
	// spikes, in BTC (spikes raise the long-run log mean by
	// JumpsPerYear·JumpMeanLog/SpeedPerYear). Range (0, 100].
	LevelBTC float64 `json:"levelBTC"`
	// SpeedPerYear is κ, the mean-reversion speed per year (a spike's
	// half-life is ln 2/κ). Range [0, 365].
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, the volatility of log fees per √year. Range [0, 10].
	VolPerYear float64 `json:"volPerYear"`
	// FloorBTC is the lowest fee level per block, in BTC. Range [0, LevelBTC].
	FloorBTC float64 `json:"floorBTC"`
	// JumpsPerYear is the intensity of fee spikes per year. Range [0, 365].
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is the mean log size of a fee spike. Range [−5, 5].
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is the standard deviation of a spike's log size.
	// Range [0, 5].
	JumpSDLog float64 `json:"jumpSDLog"`
}

// DefaultFeeParams returns the calibrated fee parameters.
func DefaultFeeParams() FeeParams {
	return FeeParams{
		// docs/CALIBRATION.md §B "Fee share of miner revenue" 2025 YTD 1.1 %:
		// 3.125 × 0.011/0.989 = 0.035 BTC per block in quiet times. The
		// spikes below lift the long-run log mean by λm/κ = 0.6, so the
		// long-run median is ≈ 0.064 BTC and the mean (stationary log
		// variance (σ² + λ(m² + s²))/(2κ) = 0.58) ≈ 0.085 BTC, a fee share
		// of ≈ 2.7 % at a 3.125 BTC subsidy: §B "Fee share since halving 4"
		// 2.84 %. *derived*.
		LevelBTC: 0.035,
		// docs/CALIBRATION.md §B23 (DS): AR(1) of monthly log fees per
		// block, 2019–2025, κ ≈ 2.0 per year.
		SpeedPerYear: 2,
		// *assumption* on §B23's residual sd (0.58 a month, 2.0 per √year):
		// part diffusion, part the spikes below (1.5 per √year in all with
		// these defaults; §B's defaults table).
		VolPerYear: 1.0,
		// *assumption*: the minimum relay fee keeps blocks paying a little.
		FloorBTC: 0.005,
		// *assumption*: §B fee share by year (2017 16.4 %, 2023 7.6 %,
		// 2024 6.3 %, 2025 1.1 %): one or two fee manias a year...
		JumpsPerYear: 1.5,
		// ... each more than doubling fees (e^0.8 = 2.2×) for a while.
		JumpMeanLog: 0.8,
		// *assumption*: spikes of 1.35× to 3.7× (±1 sd in log).
		JumpSDLog: 0.5,
	}
}

// Validate reports every field outside its documented range.
func (p FeeParams) Validate() error {
	var c valid.Checker
	if c.Positive("levelBTC", p.LevelBTC) {
		c.Range("levelBTC", p.LevelBTC, 0, 100)
		c.Range("floorBTC", p.FloorBTC, 0, p.LevelBTC)
	}
	c.Range("speedPerYear", p.SpeedPerYear, 0, 365)
	c.Range("volPerYear", p.VolPerYear, 0, 10)
	c.Range("jumpsPerYear", p.JumpsPerYear, 0, 365)
	c.Range("jumpMeanLog", p.JumpMeanLog, -5, 5)
	c.Range("jumpSDLog", p.JumpSDLog, 0, 5)
	return c.Err()
}

// Process builds the fee process (dist.ExpOU, in BTC per block).
func (p FeeParams) Process() (dist.ExpOU, error) {
	return dist.NewExpOU(p.LevelBTC, p.SpeedPerYear, p.VolPerYear, p.FloorBTC, p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog)
}
