package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// priceAt simulates paths of m to the given step and returns the log price
// and the price regime at the end.
func priceAt(m *Market, steps, paths int, seed uint64) (logP, regime []float64) {
	for _, s := range endStates(m, steps, paths, seed) {
		logP = append(logP, math.Log(s.BTCPriceUSD))
		regime = append(regime, float64(s.PriceRegime))
	}
	return logP, regime
}

func TestPriceModelsThroughTheMarket(t *testing.T) {
	// Each model, stepped by the market with its correlated shocks, gives
	// the log-price mean and variance of its closed form (dist's Mean and
	// Variance of the level, via E[P] and Var[log P] where it is Gaussian).
	const horizon, paths = 2.0, 20000
	p0 := DefaultStartParams().BTCPriceUSD
	tests := []struct {
		name    string
		model   PriceModel
		logMean float64 // E[log P_T/P_0]
		logVar  float64 // Var[log P_T]
	}{
		{"gbm", PriceModel{Model: PriceGBM, DriftPerYear: 0.04, VolPerYear: 0.5},
			(0.04 - 0.125) * horizon, 0.25 * horizon},
		{"merton (defaults)", DefaultPriceModel(),
			// E[log] = (μ − λk − σ²/2)t + λm·t; Var = (σ² + λ(m² + s²))t.
			(0.04-3.2*(math.Exp(-0.02+0.005)-1)-0.49*0.49/2)*horizon + 3.2*-0.02*horizon,
			(0.49*0.49 + 3.2*(0.02*0.02+0.01)) * horizon},
		{"kou", PriceModel{Model: PriceKou, DriftPerYear: 0.04, VolPerYear: 0.45, JumpsPerYear: 3, UpProb: 0.4, UpMeanLog: 0.08, DownMeanLog: 0.1},
			// ζ = p/(1−η⁻¹)... with means a, b: ζ = p/(1−a) + (1−p)/(1+b) − 1;
			// E[Y] = pa − (1−p)b; Var[Y] = 2pa² + 2(1−p)b² − E[Y]².
			(0.04-3*(0.4/(1-0.08)+0.6/(1+0.1)-1)-0.45*0.45/2)*horizon + 3*(0.4*0.08-0.6*0.1)*horizon,
			(0.45*0.45 + 3*(2*0.4*0.08*0.08+2*0.6*0.1*0.1)) * horizon},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultMarketParams()
			p.BTCPrice = tc.model
			// Quarterly steps: the processes' transitions are exact.
			m, err := NewMarket(p, 0.25)
			if err != nil {
				t.Fatal(err)
			}
			logP, _ := priceAt(m, 8, paths, 81)
			for i := range logP {
				logP[i] -= math.Log(p0)
			}
			mean, se := mctest.MeanSE(logP)
			mctest.WithinSE(t, "E[log P_T/P_0]", mean, tc.logMean, se, 4.5)
			v, sev := mctest.VarSE(logP)
			mctest.WithinSE(t, "Var[log P_T]", v, tc.logVar, sev, 4.5)
		})
	}
}

func TestRegimePriceModel(t *testing.T) {
	// Two regimes, a calm bull (0) and a volatile bear (1), switching at
	// rates 0.5 and 2 per year; start in the bear. P(regime 0 at t) from
	// regime 1 = a/(a+b)·(1 − e^{−(a+b)t}) with a = 2 (1→0), b = 0.5.
	p := DefaultMarketParams()
	p.BTCPrice = PriceModel{
		Model:                  PriceRegime,
		RegimeDriftsPerYear:    []float64{0.3, -0.4},
		RegimeVolsPerYear:      []float64{0.4, 0.9},
		RegimeGeneratorPerYear: [][]float64{{-0.5, 0.5}, {2, -2}},
		StartRegime:            1,
	}
	m, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Start(); s.PriceRegime != 1 {
		t.Fatalf("start regime %d, want 1", s.PriceRegime)
	}
	_, regime := priceAt(m, 6, 20000, 82)
	inBull := make([]float64, len(regime))
	for i, k := range regime {
		inBull[i] = 1 - k
	}
	frac, se := mctest.MeanSE(inBull)
	mctest.WithinSE(t, "P(regime 0) after half a year", frac, 2/2.5*(1-math.Exp(-2.5*0.5)), se, 4.5)
}

func TestPriceModelProcess(t *testing.T) {
	for _, name := range []PriceModelName{PriceGBM, PriceMerton, PriceKou, PriceRegime} {
		pm := DefaultPriceModel()
		pm.Model = name
		pm.UpProb, pm.UpMeanLog, pm.DownMeanLog = 0.5, 0.1, 0.1
		pm.RegimeDriftsPerYear, pm.RegimeVolsPerYear = []float64{0.1}, []float64{0.5}
		pm.RegimeGeneratorPerYear = [][]float64{{0}}
		if err := pm.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		proc, err := pm.Process()
		if err != nil || proc.Regimes() != 1 {
			t.Errorf("%s: Process() = %v, %v", name, proc, err)
		}
	}
	if _, err := (PriceModel{Model: "heston"}).Process(); err == nil {
		t.Error(`Process of model "heston": want an error`)
	}
}
