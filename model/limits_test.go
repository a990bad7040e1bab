package model

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// kouPrice switches sc to a Kou price with up-jump mean u.
func kouPrice(sc *Scenario, u float64) {
	p := &sc.Market.BTCPrice
	p.Model, p.UpProb, p.UpMeanLog, p.DownMeanLog = market.PriceKou, 0.5, u, 0.5
}

// explodingScenarios are scenarios whose every field is inside its
// documented range but whose combination explodes or collapses: each
// failed a run before Validate checked the combination (the fees made a
// hashprice of 1e40 at step 6, a mean NPV of 1e77 without bands; the
// others a NaN from a price that underflowed to 0, or from a colocation
// rent of 0/0 once the GPU rent's decay path underflowed). want is the
// valid.FieldError's field and mention what its message must name.
var explodingScenarios = []struct {
	name    string
	set     func(sc *Scenario)
	want    string
	mention []string
}{
	{"fee spikes 200 a year", func(sc *Scenario) { sc.Market.Fees.JumpsPerYear = 200 },
		"market.fees", []string{"jumpsPerYear 200", "jumpMeanLog 0.8", "speedPerYear 2", "finance.horizonYears 10", "jumpsPerYear·jumpMeanLog/speedPerYear = 80"}},
	{"fee spikes 365 a year", func(sc *Scenario) { sc.Market.Fees.JumpsPerYear = 365 },
		"market.fees", []string{"jumpsPerYear 365", "jumpMeanLog 0.8", "speedPerYear 2", "market.start.feesPerBlockBTC 0.035"}},
	{"fee spikes that never revert", func(sc *Scenario) {
		sc.Market.Fees.SpeedPerYear, sc.Market.Fees.JumpsPerYear = 0, 12
	}, "market.fees", []string{"speedPerYear 0", "jumpsPerYear·jumpMeanLog = 9.6 a year"}},
	{"Kou up-jump mean near 1", func(sc *Scenario) { kouPrice(sc, 0.99) },
		"market.btcPrice", []string{"model kou", "upMeanLog 0.99", "jumpsPerYear 3.2", "upProb 0.5", "jump compensator", "Kou's condition"}},
	{"volatility 5, drift 2, 365 jumps a year for 100 years", func(sc *Scenario) {
		p := &sc.Market.BTCPrice
		p.VolPerYear, p.DriftPerYear, p.JumpsPerYear = 5, 2, 365
		sc.Finance.HorizonYears = 100
	}, "market.btcPrice", []string{"volPerYear 5", "driftPerYear 2", "jumpsPerYear 365", "finance.horizonYears 100", "1e-250 USD"}},
	{"large jumps for 100 years", func(sc *Scenario) {
		p := &sc.Market.BTCPrice
		p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog = 365, 2, 2
		sc.Finance.HorizonYears = 100
	}, "market.btcPrice", []string{"jumpMeanLog 2", "jumpSDLog 2", "jumpsPerYear 365", "finance.horizonYears 100"}},
	{"drift 2 for 30 years", func(sc *Scenario) {
		sc.Market.BTCPrice.DriftPerYear = 2
		sc.Finance.HorizonYears = 30
	}, "market.btcPrice", []string{"driftPerYear 2", "finance.horizonYears 30", "e^40 times its start"}},
	{"power spikes that pile up", func(sc *Scenario) {
		sc.Market.Power.JumpsPerYear, sc.Market.Power.JumpMeanLog = 365, 1
	}, "market.power", []string{"jumpsPerYear 365", "jumpMeanLog 1", "speedPerYear 4", "market.start.powerUSDPerMWh"}},
	{"GPU rent rising 4 a year when tight", func(sc *Scenario) {
		sc.Market.GPU.Tight.DriftPerYear, sc.Market.GPU.TightToGlutPerYear = 4.5, 0
	}, "market.gpu", []string{"tight.driftPerYear 4.5", "tightToGlutPerYear 0", "market.start.gpuRegime tight"}},
	{"colocation rent at elasticity 5 of a rising GPU rent", func(sc *Scenario) {
		sc.Market.GPU.Tight.DriftPerYear, sc.Market.GPU.TightToGlutPerYear = 1.2, 0
		sc.Market.Colo.ElasticityToGPU = 5
	}, "market.colo", []string{"elasticityToGPU 5", "tight.driftPerYear 1.2"}},
	{"GPU decay path underflowing to a zero floor", func(sc *Scenario) {
		g := &sc.Market.GPU
		g.Floor.PowerUSDPerMWh, g.Floor.CashOpexUSDPerGPUHour, g.GenerationDecayPerYear = 0, 0, 5
		sc.Market.Start.GPURentUSDPerHour = 1e-300
		sc.Finance.HorizonYears = 30
	}, "market.gpu", []string{"floor.powerUSDPerMWh 0", "floor.cashOpexUSDPerGPUHour 0", "generationDecayPerYear 5", "market.start.gpuRentUSDPerHour 1e-300", "finance.horizonYears 30"}},
	{"block reward beyond 1e19 USD", func(sc *Scenario) {
		sc.Market.Start.BTCPriceUSD = 1e9
		sc.Market.Fees.LevelBTC, sc.Market.Start.FeesPerBlockBTC = 100, 100
		sc.Finance.HorizonYears = 60
	}, "market", []string{"market.start.btcPriceUSD 1e+09", "market.start.feesPerBlockBTC 100", "market.start.height 930355", "1e+19 USD"}},
}

// Every exploding scenario is rejected, with an error on the series'
// object that names the fields driving it, their values and the horizon.
func TestLimitsRejectExplodingScenarios(t *testing.T) {
	for _, tc := range explodingScenarios {
		t.Run(tc.name, func(t *testing.T) {
			sc := DefaultScenario()
			tc.set(&sc)
			err := sc.Validate()
			if err == nil {
				t.Fatal("Validate accepted it")
			}
			var fe *valid.FieldError
			found := false
			for _, e := range flattenErrors(err) {
				if errors.As(e, &fe) && fe.Field == tc.want {
					found = true
					for _, m := range tc.mention {
						if !strings.Contains(e.Error(), m) {
							t.Errorf("error does not mention %q:\n%v", m, e)
						}
					}
				}
			}
			if !found {
				t.Fatalf("no error on %s:\n%v", tc.want, err)
			}
			if _, err := NewPlan(&sc); err == nil {
				t.Error("NewPlan accepted it")
			}
		})
	}
}

// Nothing a user could mean is rejected: the defaults, the shipped
// scenarios, every tornado extreme, sim's extreme inputs (volatility 3,
// 50 jumps a year, daily steps, 30 years), a century of the default
// market, a sane Kou and regime model, and volatility 5 with drift 2 and
// 365 jumps a year over ten years (which runs to finite figures).
func TestLimitsAcceptPlausibleScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	if len(files) == 0 {
		t.Fatal("no shipped scenarios")
	}
	for _, f := range files {
		if _, err := LoadScenarioFile(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	cases := map[string]func(sc *Scenario){
		"default":               func(*Scenario) {},
		"BTC volatility 3":      func(sc *Scenario) { sc.Market.BTCPrice.VolPerYear = 3 },
		"50 BTC jumps a year":   func(sc *Scenario) { sc.Market.BTCPrice.JumpsPerYear = 50 },
		"daily steps, 30 years": func(sc *Scenario) { sc.Finance.HorizonYears, sc.Finance.StepMonths = 30, 12.0/365 },
		"100 years":             func(sc *Scenario) { sc.Finance.HorizonYears = 100 },
		"Kou":                   func(sc *Scenario) { kouPrice(sc, 0.08) },
		"Kou up-jump mean 0.5":  func(sc *Scenario) { kouPrice(sc, 0.5) },
		"regime":                func(sc *Scenario) { sc.Market.BTCPrice = regimeScenario().Market.BTCPrice },
		"drift 2 for 10 years":  func(sc *Scenario) { sc.Market.BTCPrice.DriftPerYear = 2 },
		"fee spikes 10 a year":  func(sc *Scenario) { sc.Market.Fees.JumpsPerYear = 10 },
		"power volatility 10":   func(sc *Scenario) { sc.Market.Power.VolPerYear = 10 },
		"GPU volatility 2":      func(sc *Scenario) { sc.Market.GPU.Tight.VolPerYear, sc.Market.GPU.Glut.VolPerYear = 2, 2 },
		"start price 1e9":       func(sc *Scenario) { sc.Market.Start.BTCPriceUSD = 1e9 },
		"volatility 5, drift 2, 365 jumps a year": func(sc *Scenario) {
			p := &sc.Market.BTCPrice
			p.VolPerYear, p.DriftPerYear, p.JumpsPerYear = 5, 2, 365
		},
		"bull regime for 10 years": func(sc *Scenario) {
			p := &sc.Market.BTCPrice
			p.Model, p.StartRegime = market.PriceRegime, 0
			p.RegimeDriftsPerYear, p.RegimeVolsPerYear = []float64{1.5, -0.8}, []float64{0.6, 0.8}
			p.RegimeGeneratorPerYear = [][]float64{{-1, 1}, {1, -1}}
		},
	}
	for name, set := range cases {
		sc := DefaultScenario()
		set(&sc)
		if err := sc.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	sc := DefaultScenario()
	for _, in := range TornadoInputs(sc) {
		for _, v := range []float64{in.Low, in.High} {
			x := DefaultScenario()
			in.Set(&x, v)
			if err := x.Validate(); err != nil {
				t.Errorf("tornado %s = %g: %v", in.Name, v, err)
			}
		}
	}
}

// The price bound at its edge, by hand: a GBM without volatility grows by
// exactly driftPerYear·horizon in log, so drift 2 reaches e^40 at 20
// years, which MaxLogGrowth allows, and e^41 at 20.5, which it does not
// (the start price 0.01 USD and constant fees keep the block reward far
// below MaxBlockRewardUSD).
func TestLimitsPriceEdge(t *testing.T) {
	for _, tc := range []struct {
		years float64
		ok    bool
	}{{20, true}, {20.5, false}} {
		sc := DefaultScenario()
		p := &sc.Market.BTCPrice
		p.Model, p.DriftPerYear, p.VolPerYear = market.PriceGBM, 2, 0
		sc.Market.Start.BTCPriceUSD = 0.01
		sc.Market.Fees.VolPerYear, sc.Market.Fees.JumpsPerYear = 0, 0
		sc.Finance.HorizonYears = tc.years
		if err := sc.Validate(); (err == nil) != tc.ok {
			t.Errorf("%g years: %v, want ok = %v", tc.years, err, tc.ok)
		}
	}
}

// namesLimit reports whether e is a combination error of checkLimits that
// names the field at path, or an object enclosing it below the top level
// ("market.gpu" for "market.gpu.tight.driftPerYear"), among the fields
// that drive the series.
func namesLimit(e error, path string) bool {
	var fe *valid.FieldError
	if !errors.As(e, &fe) || !strings.HasPrefix(fe.Want, "a combination under which") {
		return false
	}
	msg := e.Error()
	for p := path; strings.Count(p, ".") >= 1; p = p[:strings.LastIndexAny(p, ".[")] {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
