package market

import (
	"fmt"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// PriceModelName names the BTC price process of a PriceModel.
type PriceModelName string

// The BTC price processes a PriceModel can build.
const (
	// PriceGBM is geometric Brownian motion (dist.GBM).
	PriceGBM PriceModelName = "gbm"
	// PriceMerton is Merton's jump diffusion with normal log-jumps
	// (dist.Merton).
	PriceMerton PriceModelName = "merton"
	// PriceKou is Kou's double-exponential jump diffusion (dist.Kou).
	PriceKou PriceModelName = "kou"
	// PriceRegime is a regime-switching GBM (dist.NewRegimeGBM).
	PriceRegime PriceModelName = "regime"
)

// PriceShock is a scheduled, deterministic move of the log BTC price: a
// stress scenario's crash or rally. The price is multiplied by e^LogSize in
// the step whose interval (t, t+dt] contains TimeYears.
type PriceShock struct {
	// TimeYears is when the shock happens, in years since the start.
	// Range (0, 1000]; a shock at 0 would belong to the start state.
	TimeYears float64 `json:"timeYears"`
	// LogSize is the size of the move in log price (ln 0.4 ≈ −0.916 for a
	// −60 % crash). Range [−10, 10].
	LogSize float64 `json:"logSize"`
}

// PriceModel is the JSON-friendly description of the BTC price process:
// Model picks the process, the fields that process uses set it, and the
// others are ignored. Process builds it.
//
//   - "gbm": dS/S = μ dt + σ dW (DriftPerYear μ, VolPerYear σ).
//   - "merton": dS/S = (μ − λk) dt + σ dW + (e^J − 1) dN with N Poisson at
//     rate λ = JumpsPerYear, J ~ Normal(JumpMeanLog, JumpSDLog²) and
//     k = E[e^J − 1], so μ = DriftPerYear stays the expected return.
//   - "kou": as "merton" but J is double-exponential: up with probability
//     UpProb and mean UpMeanLog, down with mean DownMeanLog.
//   - "regime": GBM whose drift and volatility switch between
//     RegimeDriftsPerYear[k] and RegimeVolsPerYear[k] with a continuous-time
//     Markov chain of generator RegimeGeneratorPerYear (per year), starting
//     in StartRegime.
//
// Shocks are scheduled log-price moves applied on top of the process. The
// drift is a view, not a forecast (docs/CALIBRATION.md §C "Suggested price
// defaults"). Besides each field's range, Scenario.Validate bounds the
// combination over the horizon: at LimitSD standard deviations of the log
// price (whose drift includes the jump compensator, unbounded for "kou" as
// UpMeanLog nears 1) the price must stay within e^MaxLogGrowth times its
// start and above MinBTCPriceUSD, and a block's reward below
// MaxBlockRewardUSD.
//
// JSON carries every number, even those the model ignores, so a saved model
// loads back exactly (decoding starts from DefaultPriceModel, whose jump
// parameters are not 0); empty regime slices and Shocks are left out.
type PriceModel struct {
	// Model names the process: "gbm", "merton", "kou" or "regime".
	Model PriceModelName `json:"model"`
	// DriftPerYear is μ, the expected arithmetic return per year (gbm,
	// merton, kou). Range [−2, 2].
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is σ, the diffusion volatility per √year (gbm, merton,
	// kou). Range [0, 5].
	VolPerYear float64 `json:"volPerYear"`
	// JumpsPerYear is λ, the jump intensity per year (merton, kou).
	// Range [0, 365].
	JumpsPerYear float64 `json:"jumpsPerYear"`
	// JumpMeanLog is the mean of a Merton log-jump. Range [−2, 2].
	JumpMeanLog float64 `json:"jumpMeanLog"`
	// JumpSDLog is the standard deviation of a Merton log-jump.
	// Range [0, 2].
	JumpSDLog float64 `json:"jumpSDLog"`
	// UpProb is the probability that a Kou jump is upward. Range [0, 1].
	UpProb float64 `json:"upProb"`
	// UpMeanLog is the mean size of an upward Kou log-jump. Range (0, 1)
	// (below 1 so the expected jump factor is finite).
	UpMeanLog float64 `json:"upMeanLog"`
	// DownMeanLog is the mean size of a downward Kou log-jump (a positive
	// number). Range (0, 2].
	DownMeanLog float64 `json:"downMeanLog"`
	// RegimeDriftsPerYear are the expected returns per year of each regime
	// (regime), 1 to 16 regimes. Each in [−2, 2].
	RegimeDriftsPerYear []float64 `json:"regimeDriftsPerYear,omitempty"`
	// RegimeVolsPerYear are the volatilities per √year of each regime
	// (regime). Each in [0, 5].
	RegimeVolsPerYear []float64 `json:"regimeVolsPerYear,omitempty"`
	// RegimeGeneratorPerYear is the regime chain's generator, per year
	// (regime): off-diagonal switching intensities in [0, 1e6], rows
	// summing to 0.
	RegimeGeneratorPerYear [][]float64 `json:"regimeGeneratorPerYear,omitempty"`
	// StartRegime is the regime at the start (regime). Range [0, regimes).
	StartRegime int `json:"startRegime"`
	// Shocks are scheduled deterministic log-price moves.
	Shocks []PriceShock `json:"shocks,omitempty"`
}

// DefaultPriceModel returns the calibrated BTC price process: Merton's jump
// diffusion fitted to the 2022+ window of docs/CALIBRATION.md §C.
func DefaultPriceModel() PriceModel {
	return PriceModel{
		Model: PriceMerton,
		// *assumption*, a view not a forecast: about the USD short rate
		// (docs/CALIBRATION.md §G16: federal funds 3.50–3.75 % after
		// December 2025), the drift a risk-neutral valuation would use (§C
		// "Suggested price defaults"; the window drifts, 0.22–0.93 a year,
		// forecast nothing).
		DriftPerYear: 0.04,
		// docs/CALIBRATION.md §C, window 2022-01-01..2025-09-26: total σ = 0.521.
		// With the jumps below carrying λ(m² + s²) = 3.2·(0.02² + 0.10²) =
		// 0.033 of the variance, the diffusion keeps √(0.521² − 0.033) =
		// 0.49. *derived*.
		VolPerYear: 0.49,
		// docs/CALIBRATION.md §C, window 2022-01-01..2025-09-26: 3.2 jumps per
		// year (4σ rule); suggested λ ≈ 2–4/yr.
		JumpsPerYear: 3.2,
		// docs/CALIBRATION.md §C suggested jump mean −2 % to 0 (2015+ jump
		// sizes: mean ≈ −1.7 %).
		JumpMeanLog: -0.02,
		// docs/CALIBRATION.md §C suggested jump sd 10–15 %; 0.10 comes close
		// to the 2022+ window's daily excess kurtosis 4.9 (Merton's daily
		// excess kurtosis is λ·dt·(m⁴ + 6m²s² + 3s⁴)/(σ_total²·dt)² ≈ 5.1 at
		// dt = 1/365). *derived*.
		JumpSDLog: 0.10,
	}
}

// Validate reports every field the chosen model uses that is outside its
// documented range, and every bad shock.
func (p PriceModel) Validate() error {
	var c valid.Checker
	switch p.Model {
	case PriceGBM, PriceMerton, PriceKou:
		c.Range("driftPerYear", p.DriftPerYear, -2, 2)
		c.Range("volPerYear", p.VolPerYear, 0, 5)
	case PriceRegime:
		p.validateRegime(&c)
	default:
		c.Add("model", string(p.Model), `one of "gbm", "merton", "kou", "regime"`)
	}
	switch p.Model {
	case PriceMerton:
		c.Range("jumpsPerYear", p.JumpsPerYear, 0, 365)
		c.Range("jumpMeanLog", p.JumpMeanLog, -2, 2)
		c.Range("jumpSDLog", p.JumpSDLog, 0, 2)
	case PriceKou:
		c.Range("jumpsPerYear", p.JumpsPerYear, 0, 365)
		c.Prob("upProb", p.UpProb)
		if !(p.UpMeanLog > 0 && p.UpMeanLog < 1) {
			c.Add("upMeanLog", p.UpMeanLog, "in (0, 1)")
		}
		if !(p.DownMeanLog > 0 && p.DownMeanLog <= 2) {
			c.Add("downMeanLog", p.DownMeanLog, "in (0, 2]")
		}
	}
	for i, s := range p.Shocks {
		f := fmt.Sprintf("shocks[%d]", i)
		if !(s.TimeYears > 0 && s.TimeYears <= 1000) {
			c.Add(f+".timeYears", s.TimeYears, "in (0, 1000]")
		}
		c.Range(f+".logSize", s.LogSize, -10, 10)
	}
	if c.Err() == nil {
		if _, err := p.Process(); err != nil {
			c.AddErr(err)
		}
	}
	return c.Err()
}

func (p PriceModel) validateRegime(c *valid.Checker) {
	n := len(p.RegimeDriftsPerYear)
	if n == 0 || n > dist.MaxRegimes {
		c.Add("regimeDriftsPerYear", fmt.Sprintf("%d regimes", n), fmt.Sprintf("1 to %d regimes", dist.MaxRegimes))
		return
	}
	for i, v := range p.RegimeDriftsPerYear {
		c.Range(fmt.Sprintf("regimeDriftsPerYear[%d]", i), v, -2, 2)
	}
	if len(p.RegimeVolsPerYear) != n {
		c.Add("regimeVolsPerYear", fmt.Sprintf("%d values", len(p.RegimeVolsPerYear)), fmt.Sprintf("%d values, one per regime", n))
	}
	for i, v := range p.RegimeVolsPerYear {
		c.Range(fmt.Sprintf("regimeVolsPerYear[%d]", i), v, 0, 5)
	}
	if len(p.RegimeGeneratorPerYear) != n {
		c.Add("regimeGeneratorPerYear", fmt.Sprintf("%d rows", len(p.RegimeGeneratorPerYear)), fmt.Sprintf("%d rows, one per regime", n))
	} else {
		for i, row := range p.RegimeGeneratorPerYear {
			f := fmt.Sprintf("regimeGeneratorPerYear[%d]", i)
			if len(row) != n {
				c.Add(f, fmt.Sprintf("%d entries", len(row)), fmt.Sprintf("%d entries", n))
				continue
			}
			var sum float64
			for j, q := range row {
				if i != j {
					c.Range(fmt.Sprintf("%s[%d]", f, j), q, 0, 1e6)
				} else {
					c.Finite(fmt.Sprintf("%s[%d]", f, j), q)
				}
				sum += q
			}
			if math.Abs(sum) > 1e-9*(1+math.Abs(row[i])) {
				c.Add(f, fmt.Sprintf("row sum %g", sum), "a row summing to 0")
			}
		}
	}
	c.Int("startRegime", int64(p.StartRegime), 0, int64(n-1))
}

// clone returns a deep copy of p, so a Market's parameters cannot be
// changed through slices the caller still holds.
func (p PriceModel) clone() PriceModel {
	p.RegimeDriftsPerYear = slices.Clone(p.RegimeDriftsPerYear)
	p.RegimeVolsPerYear = slices.Clone(p.RegimeVolsPerYear)
	if p.RegimeGeneratorPerYear != nil {
		g := make([][]float64, len(p.RegimeGeneratorPerYear))
		for i, row := range p.RegimeGeneratorPerYear {
			g[i] = slices.Clone(row)
		}
		p.RegimeGeneratorPerYear = g
	}
	p.Shocks = slices.Clone(p.Shocks)
	return p
}

// shockIn returns the total log size of the shocks in (t0, t1].
func (p *PriceModel) shockIn(t0, t1 float64) float64 {
	var s float64
	for _, sh := range p.Shocks {
		if sh.TimeYears > t0 && sh.TimeYears <= t1 {
			s += sh.LogSize
		}
	}
	return s
}

// Process builds the dist price process the model describes, or returns
// an error naming the first invalid parameters (Validate reports them all).
func (p PriceModel) Process() (dist.PriceProcess, error) {
	switch p.Model {
	case PriceGBM:
		g, err := dist.NewGBM(p.DriftPerYear, p.VolPerYear)
		return g, err
	case PriceMerton:
		m, err := dist.NewMerton(p.DriftPerYear, p.VolPerYear, p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog)
		return m, err
	case PriceKou:
		k, err := dist.NewKou(p.DriftPerYear, p.VolPerYear, p.JumpsPerYear, p.UpProb, p.UpMeanLog, p.DownMeanLog)
		return k, err
	case PriceRegime:
		g, err := dist.NewRegimeGBM(p.RegimeDriftsPerYear, p.RegimeVolsPerYear, p.RegimeGeneratorPerYear)
		return g, err
	}
	var c valid.Checker
	c.Add("model", string(p.Model), `one of "gbm", "merton", "kou", "regime"`)
	return nil, c.Err()
}
