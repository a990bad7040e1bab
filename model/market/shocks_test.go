package market

import (
	"reflect"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// shockVariants are market parameters exercising every branch of a step:
// each price model, a scheduled price shock, and the default.
func shockVariants() map[string]MarketParams {
	out := map[string]MarketParams{"default": DefaultMarketParams()}
	for _, pm := range []PriceModel{
		{Model: PriceGBM, DriftPerYear: 0.04, VolPerYear: 0.5},
		{Model: PriceKou, DriftPerYear: 0.04, VolPerYear: 0.49, JumpsPerYear: 20, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.12},
		{Model: PriceRegime, RegimeDriftsPerYear: []float64{0.3, -0.5}, RegimeVolsPerYear: []float64{0.4, 0.8}, RegimeGeneratorPerYear: [][]float64{{-2, 2}, {3, -3}}},
	} {
		p := DefaultMarketParams()
		p.BTCPrice = pm
		out[string(pm.Model)] = p
	}
	p := DefaultMarketParams()
	p.BTCPrice.Shocks = []PriceShock{{TimeYears: 1.5, LogSize: -0.4}}
	out["scheduled shock"] = p
	return out
}

// TestStepShocksIsStepWith checks that StepShocks with the shocks
// Correlated().Fill draws from the path's stream reproduces StepWith bit
// for bit (every State field, private ones included), plain and mirrored,
// over 240 monthly steps of every variant: the two steps differ only in
// where the shocks come from.
func TestStepShocksIsStepWith(t *testing.T) {
	for name, p := range shockVariants() {
		m, err := NewMarket(p, 1.0/12)
		if err != nil {
			t.Fatal(name, err)
		}
		for _, mirror := range []bool{false, true} {
			ra, rb := dist.New(9, 4), dist.New(9, 4)
			ra.SetMirror(mirror)
			rb.SetMirror(mirror)
			var sa, sb dist.Rand
			a, b := m.Start(), m.Start()
			var z [NumShocks]float64
			for k := range 240 {
				m.StepWith(&a, ra, &sa)
				m.Correlated().Fill(z[:], rb)
				m.StepShocks(&b, &z, rb, &sb)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("%s, mirror %v, step %d: StepShocks state %+v, StepWith %+v", name, mirror, k+1, b, a)
				}
			}
			if ra.Uint64() != rb.Uint64() {
				t.Fatalf("%s: the streams moved differently", name)
			}
		}
	}
}

// TestStepShocksAllocatesNothing checks every variant.
func TestStepShocksAllocatesNothing(t *testing.T) {
	for name, p := range shockVariants() {
		m, err := NewMarket(p, 1.0/12)
		if err != nil {
			t.Fatal(name, err)
		}
		r := dist.New(62, 0)
		var sub dist.Rand
		s := m.Start()
		z := [NumShocks]float64{0.1, -0.2, 0.3, 0, 1}
		if n := testing.AllocsPerRun(1000, func() { m.StepShocks(&s, &z, r, &sub) }); n != 0 {
			t.Errorf("%s: StepShocks allocates %v times per call, want 0", name, n)
		}
	}
}
