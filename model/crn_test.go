package model

import (
	"math"
	"testing"
)

// TestPureMiningNPVUnmovedByOtherMarkets runs the default scenario's pure
// mining on plans whose GPU, colocation or credit parameters differ and
// checks that its discounted cash flows are bit for bit the
// same on every path.
func TestPureMiningNPVUnmovedByOtherMarkets(t *testing.T) {
	changes := map[string]func(sc *Scenario){
		"pipelineGW 30": func(sc *Scenario) { sc.Market.GPU.PipelineGW = 30 },
		"gpu decay 0.5": func(sc *Scenario) { sc.Market.GPU.GenerationDecayPerYear = 0.5 },
		"gpu regimes":   func(sc *Scenario) { sc.Market.GPU.TightToGlutPerYear = 4 },
		"gpu jump size": func(sc *Scenario) { sc.Market.GPU.OversupplyJumpMeanLog = 1 },
		"credit":        func(sc *Scenario) { sc.Market.Credit.BaseHazardPerYear.Hyperscaler = 2 },
		"colocation":    func(sc *Scenario) { sc.Market.Colo.ElasticityToGPU = 3 },
	}
	npvs := func(sc Scenario) []float64 {
		t.Helper()
		sc.Strategies = sc.Strategies[:1] // pure mining
		p, err := NewPlan(&sc)
		if err != nil {
			t.Fatal(err)
		}
		x, err := p.NewSimulator()
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for path := range uint64(40) {
			x.Reset(3, path/2, path%2 == 1)
			var npv float64
			for k := 1; k <= p.Steps(); k++ {
				_, cfs := x.Step()
				npv += cfs[0].FreeCashUSD() * math.Pow(1.11, -float64(k)/12)
			}
			out = append(out, npv)
		}
		return out
	}
	base := npvs(DefaultScenario())
	for name, change := range changes {
		sc := DefaultScenario()
		change(&sc)
		got := npvs(sc)
		for i := range base {
			if math.Float64bits(got[i]) != math.Float64bits(base[i]) {
				t.Errorf("%s: path %d pure mining NPV %v, default %v", name, i, got[i], base[i])
				break
			}
		}
	}
}
