package market

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestHazards(t *testing.T) {
	p := DefaultCreditParams()
	base := p.BaseHazardPerYear.Array()
	beta := p.WrongWayElasticity.Array()
	const g0 = 2.35
	u := p.UnderwrittenDeclinePerYear
	tests := []struct {
		name string
		rent float64
		t    float64
		mult func(c int) float64
	}{
		{"at the start level", g0, 0, func(int) float64 { return 1 }},
		{"above the start level", 2 * g0, 0, func(int) float64 { return 1 }},
		{"at half the start level", g0 / 2, 0, func(c int) float64 { return math.Min(math.Pow(2, beta[c]), p.MaxMultiplier) }},
		{"at a hundredth: capped", g0 / 100, 0, func(c int) float64 { return math.Min(math.Pow(100, beta[c]), p.MaxMultiplier) }},
		{"on the underwritten path after 4 years", g0 * math.Exp(-4*u), 4, func(int) float64 { return 1 }},
		{"half the underwritten path after 3 years", g0 * math.Exp(-3*u) / 2, 3, func(c int) float64 { return math.Min(math.Pow(2, beta[c]), p.MaxMultiplier) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := p.Hazards(tc.rent, g0, tc.t)
			for c := range h {
				mctest.WithinRel(t, TenantClass(c).String(), h[c], base[c]*tc.mult(c), 1e-12)
			}
		})
	}
	// Hand values: a rated neocloud (5 %, β = 1) at half the rent: 10 %;
	// an unrated one (15 %) at a tenth: capped at 3 × 15 % = 45 %; with
	// u = 0 the reference is the start level at any time.
	mctest.WithinRel(t, "rated at half", p.Hazards(g0/2, g0, 0)[RatedNeocloud], 0.10, 1e-14)
	mctest.WithinRel(t, "unrated at a tenth", p.Hazards(g0/10, g0, 0)[UnratedNeocloud], 0.45, 1e-14)
	p.UnderwrittenDeclinePerYear = 0
	mctest.WithinRel(t, "rated at half after 5 years, u = 0", p.Hazards(g0/2, g0, 5)[RatedNeocloud], 0.10, 1e-14)
}

func TestWrongWayRiskAcrossPaths(t *testing.T) {
	// Defaults of an unrated tenant over three years, timed by a
	// dist.DefaultClock that reads the hazards the market reports (as a
	// lease does): paths with lower GPU rents must see more defaults
	// (negative correlation between rent and default).
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	const paths, steps = 3000, 36
	rent := make([]float64, paths)
	def := make([]float64, paths)
	r := dist.New(21, 0)
	tenant := dist.New(22, 0)
	var clock dist.DefaultClock
	for i := range paths {
		r.Reset(21, uint64(i))
		tenant.Reset(22, uint64(i))
		clock.Reset(tenant)
		s := m.Start()
		for range steps {
			m.Step(&s, r)
			clock.Step(s.TenantHazardPerYear[UnratedNeocloud], s.DtYears)
		}
		rent[i] = math.Log(s.GPURentUSDPerHour)
		if clock.Defaulted() {
			def[i] = 1
		}
	}
	rho := correlation(rent, def)
	// Fisher's z: atanh(ρ̂) has standard error 1/√(n − 3).
	if z, se := math.Atanh(rho), 1/math.Sqrt(paths-3); !(z+4.5*se < 0) {
		t.Errorf("corr(log GPU rent, default) = %.4f (Fisher z %.4f ± %.4f), want clearly negative", rho, z, se)
	}
	rate, se := mctest.MeanSE(def)
	// More defaults than the base hazard alone would give: 1 − e^(−0.15·3) = 36 %.
	if base := -math.Expm1(-0.15 * 3); !(rate-4.5*se > base) {
		t.Errorf("3-year default rate %.4f ± %.4f, want above the base hazard's %.4f", rate, se, base)
	}
}

func correlation(x, y []float64) float64 {
	mx, _ := mctest.MeanSE(x)
	my, _ := mctest.MeanSE(y)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestCreditValidate(t *testing.T) {
	if err := DefaultCreditParams().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	p := DefaultCreditParams()
	p.BaseHazardPerYear.RatedNeocloud = -0.1
	p.MaxMultiplier = 0.5
	err := p.Validate()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"baseHazardPerYear.ratedNeocloud = -0.1", "maxMultiplier = 0.5"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}
