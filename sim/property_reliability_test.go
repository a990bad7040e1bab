package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// randomScenario perturbs the default scenario within valid ranges, from
// the seeded generator r: the BTC price model and start, power, GPU rents,
// tenant credit, the site, the discount rate and horizon (2 to 4 years in
// monthly steps, to keep runs cheap), and the strategies' timing. Its
// strategies are pure mining and a full AI conversion to colocation (a
// lease to a hyperscaler), in that order.
func randomScenario(t *testing.T, r *rand.Rand) *model.Scenario {
	t.Helper()
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	for range 100 {
		sc := model.DefaultScenario()
		m := &sc.Market
		m.BTCPrice.DriftPerYear = u(-0.5, 0.8)
		m.BTCPrice.VolPerYear = u(0.1, 2)
		m.BTCPrice.JumpsPerYear = u(0, 20)
		m.BTCPrice.JumpMeanLog = u(-0.3, 0.1)
		m.BTCPrice.JumpSDLog = u(0, 0.4)
		m.Start.BTCPriceUSD *= u(0.3, 3)
		m.Power.LevelUSDPerMWh = u(15, 90)
		m.Start.PowerUSDPerMWh = m.Power.LevelUSDPerMWh * u(0.7, 1.4)
		m.Power.VolPerYear = u(0.1, 1)
		m.GPU.GenerationDecayPerYear = u(0, 0.6)
		m.GPU.PipelineGW = u(0, 30)
		m.Start.GPURentUSDPerHour = m.GPU.Floor.USDPerHour() + u(0.1, 4)
		m.Credit.BaseHazardPerYear = market.ClassValues{Hyperscaler: u(0, 0.2), RatedNeocloud: u(0, 0.3), UnratedNeocloud: u(0, 0.5)}
		sc.Facility.GridMW = u(10, 300)
		sc.Facility.EfficiencyJPerTH = u(12, 30)
		sc.Finance.DiscountRatePerYear = u(0, 0.25)
		sc.Finance.HorizonYears = float64(2 + r.IntN(3))
		sc.Strategies = []model.StrategySpec{model.PureMining(), model.FullAI(u(0, 12), nil)}
		if sc.Validate() == nil {
			return &sc
		}
	}
	t.Fatal("no valid random scenario in 100 tries")
	return nil
}

// Properties that hold in every valid market, checked on propertyScenarios
// random scenarios (seeded), each on common random numbers:
//
//   - every run's figures are finite and consistent (checkSane: ES ≥ VaR,
//     quantiles ordered, probabilities in [0, 1], intervals containing
//     their estimates);
//   - a higher power price never raises pure mining's NPV, path by path
//     (the power path rises pointwise and the network does not see it);
//   - four times the paths never widen the 95 % interval of the mean
//     beyond sampling noise: the width shrinks to half, give or take 4.5
//     standard errors of the sample standard deviation.
func TestPropertiesOnRandomScenarios(t *testing.T) {
	const n = 1600
	r := rand.New(rand.NewPCG(2026, 1))
	for i := range propertyScenarios {
		sc := randomScenario(t, r)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			cfg := Config{Paths: n, Seed: uint64(100 + i), Workers: 2, Bands: &BandSet{}}
			base := mustRun(t, sc, cfg)
			checkSane(t, "base", base)

			// Power price up 30 %, level and start.
			dear := *sc
			in := model.PowerPriceInput()
			in.Set(&dear, 1.3*in.Get(sc))
			dear.Strategies = sc.Strategies[:1]
			low := cfg
			low.Paths = MinSummaryPaths
			hi := mustRun(t, &dear, low)
			checkSane(t, "dear power", hi)
			for p, v := range hi.NPV[0] {
				if v > base.NPV[0][p] {
					t.Errorf("path %d: pure mining NPV %g with dearer power, %g before", p, v, base.NPV[0][p])
					break
				}
			}

			// More paths, a narrower interval.
			for j, s := range base.Strategies {
				_, ci4, err := MeanCI(base.NPV[j][:n/4], 0.95)
				if err != nil {
					t.Fatal(err)
				}
				w4, w := ci4[1]-ci4[0], s.MeanCI95[1]-s.MeanCI95[0]
				if w4 == 0 {
					continue // a constant NPV: both widths are 0
				}
				relSE := 0.5 * math.Sqrt((kurtosis(base.NPV[j])-1)/float64(n/4))
				if w > 0.5*w4*(1+4.5*relSE) {
					t.Errorf("%s: interval width %g with %d paths, %g with %d (relative SE of the SD %g)", s.Name, w, n, w4, n/4, relSE)
				}
			}
		})
	}
}

// A higher default intensity of the lease's tenant never raises the full
// AI conversion's mean NPV: on each random scenario, with common random
// numbers, the mean difference (riskier − as is) is at most 4.5 paired
// standard errors above 0 (one-sided). Not path by path: after a default
// the site is re-leased at the market's rent, which may exceed the
// contract's on some paths.
func TestRiskierTenantNeverRaisesLeaseValue(t *testing.T) {
	const n = 1600
	r := rand.New(rand.NewPCG(2026, 2))
	for i := range propertyScenarios {
		sc := randomScenario(t, r)
		sc.Strategies = sc.Strategies[1:]
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			cfg := Config{Paths: n, Seed: uint64(200 + i), Workers: 2, Bands: &BandSet{}}
			base := mustRun(t, sc, cfg)
			risky := *sc
			hz := model.TenantHazardInput(market.Hyperscaler)
			hz.Set(&risky, math.Min(3*hz.Get(sc)+0.05, 10))
			worse := mustRun(t, &risky, cfg)
			checkSane(t, "riskier tenant", worse)
			c, err := Compare(worse.NPV[0], base.NPV[0])
			if err != nil {
				t.Fatal(err)
			}
			if c.MeanDiff > 4.5*c.PairedStderr {
				t.Errorf("a riskier tenant raises the lease's mean NPV by %.4g ± %.2g USD (hazard %.3g → %.3g a year)",
					c.MeanDiff, c.PairedStderr, hz.Get(sc), hz.Get(&risky))
			}
		})
	}
}

// kurtosis returns m₄/m₂² of xs (3 for a normal sample).
func kurtosis(xs []float64) float64 {
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var m2, m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	m2 /= float64(len(xs))
	m4 /= float64(len(xs))
	if m2 == 0 {
		return 1
	}
	return m4 / (m2 * m2)
}
