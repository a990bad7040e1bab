package market

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// PowerParams are the parameters of the power price the site pays, in
// USD/MWh: an exponential Ornstein–Uhlenbeck process with upward jumps
// (price spikes) around the contracted level,
//
//	d log p = κ (log L − log p) dt + σ dW + dJ,   p ≥ FloorUSDPerMWh,
//
// with L = LevelUSDPerMWh, κ = SpeedPerYear, σ = VolPerYear, W the power
// shock and J a compound Poisson process of rate JumpsPerYear with
// Normal(JumpMeanLog, JumpSDLog²) log-jumps (dist.ExpOU).
//
// Each field has its own range, and Scenario.Validate bounds their
// combination over the horizon: the price must stay within e^MaxLogGrowth
// times the larger of its start and its level at LimitSD standard
// deviations.
type PowerParams struct {
	// LevelUSDPerMWh is L, the contracted level: the long-run median of the
	// price without spikes, in USD/MWh. Range (0, 10000].
	LevelUSDPerMWh float64 `json:"levelUSDPerMWh"`
	// SpeedPerYear is κ, the mean-reversion speed per year. Range [0, 365].
	SpeedPerYear float64 `json:"speedPerYear"`
	// VolPerYear is σ, the volatility of the log price per √year.
	// Range [0, 10].
	VolPerYear float64 `json:"volPerYear"`
	// FloorUSDPerMWh is the lowest power price, in USD/MWh.
	// Range [0, LevelUSDPerMWh].
	FloorUSDPerMWh float64 `json:"floorUSDPerMWh"`
	// JumpsPerYear is the intensity of price spikes per year. Range [0, 365].
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is the mean log size of a spike. Range [−5, 5].
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is the standard deviation of a spike's log size.
	// Range [0, 5].
	JumpSDLog float64 `json:"jumpSDLog"`
}

// DefaultPowerParams returns the calibrated power price parameters.
func DefaultPowerParams() PowerParams {
	return PowerParams{
		// docs/CALIBRATION.md §D "Power cost range (default)": typical 35–40
		// USD/MWh. The level is the jump-free median; the spikes below lift
		// the long-run mean to 35·exp(λm/κ + v/2) ≈ 40 (v = (σ² +
		// λ(m² + s²))/(2κ) = 0.0625, λm/κ = 0.1). *derived*.
		LevelUSDPerMWh: 35,
		// *assumption*: a spike fades with a half-life of about two months
		// (ln 2/4 yr).
		SpeedPerYear: 4,
		// docs/CALIBRATION.md §D "Industrial miner power cost: Riot": net cost
		// 3.1, 2.1, 3.4 ¢/kWh in 2022–24, a log sd of ≈ 0.25 between years;
		// σ/√(2κ) = 0.5/√8 = 0.18 of it from diffusion, the rest from
		// spikes. *derived*.
		VolPerYear: 0.5,
		// docs/CALIBRATION.md §D: Stronghold's 18 USD/MWh is the low end seen.
		FloorUSDPerMWh: 18,
		// *assumption*: about one grid-stress episode a year (§D
		// "Curtailment break-even": miners shut off above 100–200 USD/MWh).
		JumpsPerYear: 1,
		// *assumption*: a spike lifts the step's average price by ≈ 50 %.
		JumpMeanLog: 0.4,
		// *assumption*: spikes of +10 % to +100 % (±1 sd in log).
		JumpSDLog: 0.3,
	}
}

// Validate reports every field outside its documented range.
func (p PowerParams) Validate() error {
	var c valid.Checker
	if c.Positive("levelUSDPerMWh", p.LevelUSDPerMWh) {
		c.Range("levelUSDPerMWh", p.LevelUSDPerMWh, 0, 10000)
		c.Range("floorUSDPerMWh", p.FloorUSDPerMWh, 0, p.LevelUSDPerMWh)
	}
	c.Range("speedPerYear", p.SpeedPerYear, 0, 365)
	c.Range("volPerYear", p.VolPerYear, 0, 10)
	c.Range("jumpsPerYear", p.JumpsPerYear, 0, 365)
	c.Range("jumpMeanLog", p.JumpMeanLog, -5, 5)
	c.Range("jumpSDLog", p.JumpSDLog, 0, 5)
	return c.Err()
}

// Process builds the power price process (dist.ExpOU, in USD/MWh).
func (p PowerParams) Process() (dist.ExpOU, error) {
	return dist.NewExpOU(p.LevelUSDPerMWh, p.SpeedPerYear, p.VolPerYear, p.FloorUSDPerMWh, p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog)
}
