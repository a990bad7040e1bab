package model

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// snapshot returns the JSON of sc, to check that it did not change.
func snapshot(t *testing.T, sc *Scenario) string {
	t.Helper()
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func inputNames(rs []InputRange) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return strings.Join(names, "|")
}

func TestTornadoInputsDefault(t *testing.T) {
	sc := DefaultScenario()
	rs := TornadoInputs(sc)
	want := "BTC drift|BTC volatility|GPU rent decay|AI capacity pipeline|tenant default, hyperscaler|" +
		"mean build time|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)"
	if got := inputNames(rs); got != want {
		t.Fatalf("inputs %s, want %s", got, want)
	}
	// The ranges, by hand from the docs/CALIBRATION.md rows cited in
	// TornadoInputs' doc and the default scenario's values.
	jv := 3.2 * (0.02*0.02 + 0.10*0.10) // Merton λ(m² + s²) of DefaultPriceModel
	wantRange := map[string][2]float64{
		"BTC drift":                   {0.04 - 0.20, 0.04 + 0.20},
		"BTC volatility":              {math.Sqrt(0.420*0.420 - jv), math.Sqrt(0.645*0.645 - jv)},
		"GPU rent decay":              {0.11, 0.33},
		"AI capacity pipeline":        {0, 30},
		"tenant default, hyperscaler": {0.002, 0.005},
		"mean build time":             {8, 24},
		"capex per MW":                {8, 11},
		"power price":                 {25, 50},
		"discount rate":               {0.07, 0.15},
		"valuation measure (0 risk-neutral, 1 real-world)": {0, 1},
	}
	for _, r := range rs {
		w := wantRange[r.Name]
		if math.Abs(r.Low-w[0]) > 1e-12 || math.Abs(r.High-w[1]) > 1e-12 {
			t.Errorf("%s: range [%g, %g], want [%g, %g]", r.Name, r.Low, r.High, w[0], w[1])
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.Name, err)
		}
		if r.Unit == "" || r.Field == "" || r.Source == "" {
			t.Errorf("%s: unit %q, field %q, source %q: all must be set", r.Name, r.Unit, r.Field, r.Source)
		}
		if v := r.Get(&sc); !(r.Low <= v && v <= r.High) {
			t.Errorf("%s: base %g outside [%g, %g]", r.Name, v, r.Low, r.High)
		}
	}
	// The default build time is lognormal with median 12 and dispersion
	// 0.35: mean 12·e^(0.35²/2).
	for _, r := range rs {
		if r.Name == "mean build time" {
			if got, want := r.Get(&sc), 12*math.Exp(0.35*0.35/2); math.Abs(got-want) > 1e-9 {
				t.Errorf("build time mean %g, want %g", got, want)
			}
		}
	}
}

// Set writes the value Get then reads, gives a valid scenario, and never
// changes the scenario it was copied from.
func TestInputSetGetRoundTrip(t *testing.T) {
	sc := DefaultScenario()
	before := snapshot(t, &sc)
	for _, r := range TornadoInputs(sc) {
		for _, v := range []float64{r.Low, r.High} {
			moved := sc
			r.Set(&moved, v)
			if got := r.Get(&moved); math.Abs(got-v) > 1e-12*math.Max(1, math.Abs(v)) {
				t.Errorf("%s: Set(%g) then Get = %g", r.Name, v, got)
			}
			if err := moved.Validate(); err != nil {
				t.Errorf("%s = %g: %v", r.Name, v, err)
			}
			if after := snapshot(t, &sc); after != before {
				t.Fatalf("%s: Set on a copy changed the original scenario", r.Name)
			}
		}
	}
}

// The strategy-level inputs scale every converting strategy and leave pure
// mining alone.
func TestConversionInputsScaleEveryConverter(t *testing.T) {
	sc := DefaultScenario()
	c := site.DefaultConversion()
	c.CapexUSDPerMWIT = 10e6
	sc.Strategies[2].Conversion = &c // full AI at 10 M$/MW, the hybrid at the default 9
	moved := sc
	CapexInput().Set(&moved, 4.5) // the first converter (the hybrid) from 9 to 4.5: factor 1/2
	if got := moved.Strategies[1].conversion().CapexUSDPerMWIT; got != 4.5e6 {
		t.Errorf("hybrid capex %g, want 4.5e6", got)
	}
	if got := moved.Strategies[2].conversion().CapexUSDPerMWIT; got != 5e6 {
		t.Errorf("full AI capex %g, want 5e6", got)
	}
	if moved.Strategies[0].Conversion != nil {
		t.Errorf("pure mining got a conversion")
	}
	if sc.Strategies[2].Conversion.CapexUSDPerMWIT != 10e6 || sc.Strategies[1].Conversion != nil {
		t.Errorf("the original scenario changed")
	}

	BuildTimeInput().Set(&moved, 2*BuildTimeInput().Get(&moved))
	for _, j := range []int{1, 2} {
		b := moved.Strategies[j].conversion().BuildMonths
		if b.Kind != dist.KindLogNormal || math.Abs(b.Median-24) > 1e-12 || b.Dispersion != 0.35 {
			t.Errorf("strategy %d build time %v, want lognormal(median=24, dispersion=0.35)", j, b)
		}
	}
}

func TestPowerPriceInputMovesStartAndFloor(t *testing.T) {
	sc := DefaultScenario()
	in := PowerPriceInput()
	moved := sc
	in.Set(&moved, 2*sc.Market.Power.LevelUSDPerMWh)
	if got, want := moved.Market.Start.PowerUSDPerMWh, 2*sc.Market.Start.PowerUSDPerMWh; got != want {
		t.Errorf("start power %g, want %g", got, want)
	}
	if moved.Market.Power.FloorUSDPerMWh != sc.Market.Power.FloorUSDPerMWh {
		t.Errorf("floor moved to %g on a rise", moved.Market.Power.FloorUSDPerMWh)
	}
	low := sc
	in.Set(&low, 10) // below the floor of 18
	if low.Market.Power.FloorUSDPerMWh != 10 {
		t.Errorf("floor %g, want 10 (lowered to the level)", low.Market.Power.FloorUSDPerMWh)
	}
	if err := low.Validate(); err != nil {
		t.Error(err)
	}
}

// MeasureInput switches the measure both ways and reads it back; the
// scenario it leaves risk-neutral values at the risk-free rate.
func TestMeasureInput(t *testing.T) {
	in := MeasureInput()
	sc := DefaultScenario()
	lo := sc
	in.Set(&lo, 0)
	if sc.Measure.Mode != market.RealWorld || in.Get(&sc) != 1 {
		t.Fatalf("Set on a copy changed the original, or Get of the default is not 1")
	}
	if in.Get(&lo) != 0 || lo.Measure.Mode != market.RiskNeutral {
		t.Fatalf("Set(0) gave mode %q", lo.Measure.Mode)
	}
	if _, fin := lo.Valued(); fin.DiscountRatePerYear != lo.Measure.RiskFreeRatePerYear {
		t.Errorf("risk-neutral discount rate %g, want the risk-free %g", fin.DiscountRatePerYear, lo.Measure.RiskFreeRatePerYear)
	}
	in.Set(&lo, 1)
	if lo.Measure.Mode != market.RealWorld {
		t.Errorf("Set(1) gave mode %q", lo.Measure.Mode)
	}
}

func TestTornadoInputsFollowTheScenario(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(sc *Scenario)
		want  string // the inputs' names, joined by |
		check func(t *testing.T, rs []InputRange)
	}{
		{"regime price model drops drift and volatility", func(sc *Scenario) {
			sc.Market.BTCPrice = market.PriceModel{Model: market.PriceRegime, RegimeDriftsPerYear: []float64{0.3, -0.5},
				RegimeVolsPerYear: []float64{0.4, 0.8}, RegimeGeneratorPerYear: [][]float64{{-1, 1}, {2, -2}}}
		}, "GPU rent decay|AI capacity pipeline|tenant default, hyperscaler|mean build time|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)", nil},
		{"pure mining only: the default lease's class", func(sc *Scenario) { sc.Strategies = []StrategySpec{PureMining()} },
			"BTC drift|BTC volatility|GPU rent decay|AI capacity pipeline|tenant default, hyperscaler|mean build time|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)", nil},
		{"neocloud tenants, one outside its §G range", func(sc *Scenario) {
			sc.Market.Credit.BaseHazardPerYear.RatedNeocloud = 0.104
			l := site.DefaultLease()
			l.Tenant = market.RatedNeocloud
			g := site.DefaultGPUCloud()
			g.Tenant = market.UnratedNeocloud
			sc.Strategies[1].Contract = l
			sc.Strategies[2] = FullAI(0, site.DefaultGPUCloud())
			sc.Strategies[2].Contract = g
		}, "BTC drift|BTC volatility|GPU rent decay|AI capacity pipeline|tenant default, ratedNeocloud|tenant default, unratedNeocloud|mean build time|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)",
			func(t *testing.T, rs []InputRange) {
				for _, r := range rs {
					switch r.Name {
					case "tenant default, ratedNeocloud":
						if r.Low != 0.03 || r.High != 0.104 {
							t.Errorf("rated neocloud range [%g, %g], want [0.03, 0.104] (widened to the scenario)", r.Low, r.High)
						}
					case "tenant default, unratedNeocloud":
						if r.Low != 0.10 || r.High != 0.20 {
							t.Errorf("unrated neocloud range [%g, %g], want [0.10, 0.20]", r.Low, r.High)
						}
					}
				}
			}},
		{"a Poisson build time cannot be scaled", func(sc *Scenario) {
			c := site.DefaultConversion()
			c.BuildMonths = dist.Spec{Kind: dist.KindPoisson, MeanValue: 12}
			sc.Strategies[2].Conversion = &c
		}, "BTC drift|BTC volatility|GPU rent decay|AI capacity pipeline|tenant default, hyperscaler|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)", nil},
		{"Kou jumps", func(sc *Scenario) {
			sc.Market.BTCPrice = market.PriceModel{Model: market.PriceKou, DriftPerYear: 0.04, VolPerYear: 0.4, JumpsPerYear: 2, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.15}
		}, "BTC drift|BTC volatility|GPU rent decay|AI capacity pipeline|tenant default, hyperscaler|mean build time|capex per MW|power price|discount rate|valuation measure (0 risk-neutral, 1 real-world)",
			func(t *testing.T, rs []InputRange) {
				jv := 2 * (2*0.4*0.1*0.1 + 2*0.6*0.15*0.15) // λ·E[J²], E[J²] = 2η² per side
				if r := rs[1]; math.Abs(r.Low-math.Sqrt(0.42*0.42-jv)) > 1e-12 || math.Abs(r.High-math.Sqrt(0.645*0.645-jv)) > 1e-12 {
					t.Errorf("Kou volatility range [%g, %g]", r.Low, r.High)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := DefaultScenario()
			tc.edit(&sc)
			if err := sc.Validate(); err != nil {
				t.Fatal(err)
			}
			rs := TornadoInputs(sc)
			if got := inputNames(rs); got != tc.want {
				t.Errorf("inputs\n %s\nwant\n %s", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, rs)
			}
		})
	}
}

// scaleSpec scales the distribution: the mean of k·X is k·E[X] for every
// kind it accepts.
func TestScaleSpec(t *testing.T) {
	specs := []dist.Spec{
		dist.Fixed(12),
		dist.UniformSpec(6, 18),
		dist.NormalSpec(12, 2),
		dist.LogNormalSpec(12, 0.35),
		{Kind: dist.KindLogNormal, Mu: 2.4, Sigma: 0.3},
		{Kind: dist.KindLogNormal, MeanValue: 12, SD: 4},
		{Kind: dist.KindStudentT, Mu: 12, Scale: 2, DF: 5},
		{Kind: dist.KindExponential, Rate: 0.1},
		{Kind: dist.KindGamma, Shape: 3, Scale: 4},
		dist.TriangularSpec(8, 12, 24),
		dist.PERTSpec(8, 12, 24),
	}
	for _, s := range specs {
		m0, err := s.Mean()
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		got, ok := scaleSpec(s, 1.5)
		if !ok {
			t.Errorf("%v: not scaled", s)
			continue
		}
		m1, err := got.Mean()
		if err != nil {
			t.Fatalf("%v: %v", got, err)
		}
		if math.Abs(m1-1.5*m0) > 1e-12*m0 {
			t.Errorf("%v scaled by 1.5: mean %g, want %g", s, m1, 1.5*m0)
		}
	}
	for _, s := range []dist.Spec{{Kind: dist.KindPoisson, MeanValue: 12}, {Kind: dist.KindBeta, Alpha: 2, Beta: 3}} {
		if _, ok := scaleSpec(s, 1.5); ok {
			t.Errorf("%v: scaled, want refused", s)
		}
	}
	if _, ok := scaleSpec(dist.Fixed(1), 0); ok {
		t.Error("scale 0 accepted")
	}
}

func TestInputRangeValidate(t *testing.T) {
	good := InputRange{Input: DiscountRateInput(), Low: 0.05, High: 0.15}
	tests := []struct {
		name string
		edit func(*InputRange)
		want string
	}{
		{"ok", func(*InputRange) {}, ""},
		{"empty name", func(r *InputRange) { r.Name = "" }, "empty name"},
		{"nil set", func(r *InputRange) { r.Set = nil }, "Get and Set must not be nil"},
		{"NaN", func(r *InputRange) { r.Low = math.NaN() }, "must be finite"},
		{"reversed", func(r *InputRange) { r.Low = 0.2 }, "low = 0.2: must be ≤ high = 0.15"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.edit(&r)
			err := r.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestScenarioOnly(t *testing.T) {
	sc := DefaultScenario()
	one, err := sc.Only("hybrid 50% colocation")
	if err != nil {
		t.Fatal(err)
	}
	if got := one.StrategyNames(); len(got) != 1 || got[0] != "hybrid 50% colocation" {
		t.Errorf("strategies %q", got)
	}
	if len(sc.Strategies) != 3 {
		t.Error("the original lost strategies")
	}
	_, err = sc.Only("solar")
	if err == nil || !strings.Contains(err.Error(), `no strategy "solar"`) || !strings.Contains(err.Error(), "pure mining") {
		t.Errorf("error %v, want one naming the missing and the present strategies", err)
	}
}
