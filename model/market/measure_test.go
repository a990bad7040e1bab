package market

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// The real-world measure changes nothing: the scenario's own parameters
// and discount rate.
func TestMeasureRealWorldIsIdentity(t *testing.T) {
	p := DefaultMarketParams()
	got, r := DefaultMeasure().Apply(p, 0.11)
	if !reflect.DeepEqual(got, p) || r != 0.11 {
		t.Errorf("real-world Apply changed the market or the rate (%g)", r)
	}
}

// The risk-neutral measure: BTC drift ln(1+r_f) + basis (every regime's
// too), discount at r_f, hashrate trend + λ_H·σ_H, GPU drifts − λ_G·σ_k,
// hazards × (1+μ_C); the input is left untouched.
func TestMeasureRiskNeutralParameters(t *testing.T) {
	m := DefaultMeasure()
	m.Mode, m.HashrateRiskPrice, m.GPURentRiskPrice, m.CreditRiskPremium = RiskNeutral, 0.5, 0.2, 1
	p := DefaultMarketParams()
	p.BTCPrice.RegimeDriftsPerYear = []float64{0.3, -0.2}
	orig := p.BTCPrice.RegimeDriftsPerYear[0]
	q, r := m.Apply(p, 0.11)
	mu := math.Log1p(0.036) + 0.05
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"discount rate", r, 0.036},
		{"BTC drift", q.BTCPrice.DriftPerYear, mu},
		{"regime 0 drift", q.BTCPrice.RegimeDriftsPerYear[0], mu},
		{"regime 1 drift", q.BTCPrice.RegimeDriftsPerYear[1], mu},
		{"hashrate trend", q.Network.TrendGrowthPerYear, p.Network.TrendGrowthPerYear + 0.5*p.Network.NoiseVolPerYear},
		{"GPU tight drift", q.GPU.Tight.DriftPerYear, p.GPU.Tight.DriftPerYear - 0.2*p.GPU.Tight.VolPerYear},
		{"GPU glut drift", q.GPU.Glut.DriftPerYear, p.GPU.Glut.DriftPerYear - 0.2*p.GPU.Glut.VolPerYear},
		{"rated hazard", q.Credit.BaseHazardPerYear.RatedNeocloud, 2 * p.Credit.BaseHazardPerYear.RatedNeocloud},
	} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
	if p.BTCPrice.RegimeDriftsPerYear[0] != orig {
		t.Error("Apply wrote into the input's regime drifts")
	}
}

func TestMeasureValidate(t *testing.T) {
	for _, c := range []struct {
		edit func(*Measure)
		want string
	}{
		{func(m *Measure) { m.Mode = "physical" }, `mode = "physical"`},
		{func(m *Measure) { m.BTCDriftSource = "" }, "btcDriftSource"},
		{func(m *Measure) { m.DiscountRateSource = "" }, "discountRateSource"},
		{func(m *Measure) { m.RiskFreeRatePerYear = 0.9 }, "riskFreeRatePerYear = 0.9"},
		{func(m *Measure) { m.BTCBasisPerYear = math.NaN() }, "btcBasisPerYear"},
		{func(m *Measure) { m.CreditRiskPremium = -1 }, "creditRiskPremium = -1"},
	} {
		m := DefaultMeasure()
		c.edit(&m)
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate() = %v, want an error naming %q", err, c.want)
		}
	}
	m := DefaultMeasure()
	m.Mode, m.BTCDriftSource, m.DiscountRateSource = RiskNeutral, "", ""
	if err := m.Validate(); err != nil {
		t.Errorf("risk-neutral mode needs no real-world sources: %v", err)
	}
}
