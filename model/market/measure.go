package market

import (
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MeasureMode names the probability measure a scenario values under.
type MeasureMode string

// The valuation measures of a Measure.
const (
	// RealWorld takes every process as its parameters state it (each drift
	// a stated expectation: a cited estimate or a view) and discounts at
	// the scenario's risk-adjusted rate (site.Finance.DiscountRatePerYear).
	RealWorld MeasureMode = "realWorld"
	// RiskNeutral sets the BTC price's expected return to the risk-free
	// rate plus the futures basis, shifts the non-traded risks by their
	// market prices of risk, and discounts at the risk-free rate.
	RiskNeutral MeasureMode = "riskNeutral"
)

// Measure is the valuation measure of a scenario: which expectation its
// drifts are and which rate its cash flows are discounted at. The two
// modes are each internally consistent:
//
//   - "realWorld": drifts as the market parameters state them, each with
//     its source (BTCDriftSource: a citation or "view"); discount at the
//     scenario's risk-adjusted rate, derived as DiscountRateSource says.
//   - "riskNeutral": the BTC price's expected return (PriceModel's μ, or
//     every regime's) becomes ln(1 + RiskFreeRatePerYear) +
//     BTCBasisPerYear, so that E[S_t]·(1+r_f)^(−t) = S_0·e^(basis·t), the
//     forward price a futures market quotes; cash flows are discounted at
//     RiskFreeRatePerYear. The non-traded risks take explicit market
//     prices of risk: the log hashrate's trend growth g becomes
//     g + HashrateRiskPrice·σ_H (NetworkParams.NoiseVolPerYear); each GPU
//     regime's log-margin drift μ_k becomes μ_k − GPURentRiskPrice·σ_k; each
//     tenant class's base default intensity h becomes
//     h·(1 + CreditRiskPremium) (a jump-to-default's risk premium as the
//     ratio of risk-neutral to real-world intensity). Their defaults, 0,
//     are an assumption: no premium for risks no market prices for a
//     miner (docs/CALIBRATION.md §I).
//
// In real-world mode the risk-neutral fields are kept but unused, and a
// scenario's numbers are those of its parameters exactly.
type Measure struct {
	// Mode is "realWorld" or "riskNeutral".
	Mode MeasureMode `json:"mode"`
	// BTCDriftSource says where the real-world BTC drift comes from: a
	// citation, or "view". Non-empty in real-world mode.
	BTCDriftSource string `json:"btcDriftSource"`
	// DiscountRateSource says how the real-world discount rate is derived.
	// Non-empty in real-world mode.
	DiscountRateSource string `json:"discountRateSource"`
	// RiskFreeRatePerYear is the annual (effectively compounded) risk-free
	// rate. Range [−0.05, 0.5].
	RiskFreeRatePerYear float64 `json:"riskFreeRatePerYear"`
	// BTCBasisPerYear is the annualized futures basis over the risk-free
	// rate, continuously compounded. Range [−0.5, 1].
	BTCBasisPerYear float64 `json:"btcBasisPerYear"`
	// HashrateRiskPrice is the market price of hashrate risk λ_H
	// (per unit of σ_H). Range [−5, 5].
	HashrateRiskPrice float64 `json:"hashrateRiskPrice"`
	// GPURentRiskPrice is the market price of GPU-rent risk λ_G (per unit
	// of the regime's σ). Range [−5, 5].
	GPURentRiskPrice float64 `json:"gpuRentRiskPrice"`
	// CreditRiskPremium is μ_C, the risk-neutral default intensity's excess
	// over the real-world one as a ratio. Range [−0.9, 10].
	CreditRiskPremium float64 `json:"creditRiskPremium"`
}

// DefaultMeasure returns the default scenario's measure: real world, the
// BTC drift a view and the discount rate the §G derivation of
// docs/CALIBRATION.md, with the risk-neutral inputs at their cited
// defaults (§I: risk-free 3.6 %, the midpoint of the federal funds target
// range of 3.50–3.75 % after 2025-12-10; basis 5 %, CME's annualized
// bitcoin basis in December 2025) for a user who switches mode.
func DefaultMeasure() Measure {
	return Measure{
		Mode:                RealWorld,
		BTCDriftSource:      "view: not a forecast (docs/CALIBRATION.md §C \"Suggested price defaults\")",
		DiscountRateSource:  "docs/CALIBRATION.md §G Finance.DiscountRatePerYear: half secured debt at about 8 %, half equity at about 14 %",
		RiskFreeRatePerYear: 0.036,
		BTCBasisPerYear:     0.05,
	}
}

// Validate reports every field outside its range, naming it.
func (m Measure) Validate() error {
	var c valid.Checker
	switch m.Mode {
	case RealWorld:
		if m.BTCDriftSource == "" {
			c.Add("btcDriftSource", m.BTCDriftSource, `a source or "view" (real-world mode states where its drift comes from)`)
		}
		if m.DiscountRateSource == "" {
			c.Add("discountRateSource", m.DiscountRateSource, "the derivation of the discount rate (real-world mode)")
		}
	case RiskNeutral:
	default:
		c.Add("mode", string(m.Mode), `"realWorld" or "riskNeutral"`)
	}
	c.Range("riskFreeRatePerYear", m.RiskFreeRatePerYear, -0.05, 0.5)
	c.Range("btcBasisPerYear", m.BTCBasisPerYear, -0.5, 1)
	c.Range("hashrateRiskPrice", m.HashrateRiskPrice, -5, 5)
	c.Range("gpuRentRiskPrice", m.GPURentRiskPrice, -5, 5)
	c.Range("creditRiskPremium", m.CreditRiskPremium, -0.9, 10)
	return c.Err()
}

// BTCDriftPerYear returns the BTC price's expected return per year under
// the risk-neutral measure: ln(1 + RiskFreeRatePerYear) + BTCBasisPerYear.
func (m Measure) BTCDriftPerYear() float64 {
	return math.Log1p(m.RiskFreeRatePerYear) + m.BTCBasisPerYear
}

// Apply returns the market parameters and the annual discount rate to
// value under m, given the scenario's (real-world) p and discountRate: p
// and discountRate themselves in real-world mode, the risk-neutral
// parameters (see Measure) and the risk-free rate otherwise. p is not
// modified: a risk-neutral result shares no slice with it.
func (m Measure) Apply(p MarketParams, discountRate float64) (MarketParams, float64) {
	if m.Mode != RiskNeutral {
		return p, discountRate
	}
	mu := m.BTCDriftPerYear()
	p.BTCPrice.DriftPerYear = mu
	if len(p.BTCPrice.RegimeDriftsPerYear) > 0 {
		p.BTCPrice.RegimeDriftsPerYear = slices.Clone(p.BTCPrice.RegimeDriftsPerYear)
		for i := range p.BTCPrice.RegimeDriftsPerYear {
			p.BTCPrice.RegimeDriftsPerYear[i] = mu
		}
	}
	p.BTCPrice.RegimeVolsPerYear = slices.Clone(p.BTCPrice.RegimeVolsPerYear)
	p.BTCPrice.RegimeGeneratorPerYear = cloneRows(p.BTCPrice.RegimeGeneratorPerYear)
	p.BTCPrice.Shocks = slices.Clone(p.BTCPrice.Shocks)
	p.Network.TrendGrowthPerYear += m.HashrateRiskPrice * p.Network.NoiseVolPerYear
	p.GPU.Tight.DriftPerYear -= m.GPURentRiskPrice * p.GPU.Tight.VolPerYear
	p.GPU.Glut.DriftPerYear -= m.GPURentRiskPrice * p.GPU.Glut.VolPerYear
	h := &p.Credit.BaseHazardPerYear
	k := 1 + m.CreditRiskPremium
	h.Hyperscaler, h.RatedNeocloud, h.UnratedNeocloud = k*h.Hyperscaler, k*h.RatedNeocloud, k*h.UnratedNeocloud
	p.Correlation = p.Correlation.clone()
	return p, m.RiskFreeRatePerYear
}

// cloneRows returns a deep copy of a matrix.
func cloneRows(m [][]float64) [][]float64 {
	if m == nil {
		return nil
	}
	out := make([][]float64, len(m))
	for i, r := range m {
		out[i] = slices.Clone(r)
	}
	return out
}
