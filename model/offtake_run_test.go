package model_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestOfftakeRunsThroughSim runs the test-only offtake contract (added by
// offtake_test.go alone) from a scenario file through sim.Run. Its books
// carry no risk: the default site's 100 MW of 18 J/TH gear is sold at the
// start (5.556 M TH/s at 2 USD/TH, +11.11 M USD in month 1), its 75 MW IT
// are built over 12 months at 9 M USD per MW (675 M USD, 56.25 M a
// month), and the offtake then pays 2.5 M USD per MW IT-year, 15.625 M USD
// a month, for months 13 to 72. So every path's NPV is the same, the sum
// of those flows discounted at 11 % a year. The site coupling is off
// ({"coupling": {"off": true}}): its costs would carry the path's risk.
func TestOfftakeRunsThroughSim(t *testing.T) {
	sc, err := model.LoadScenario(strings.NewReader(`{"name": "offtake", "coupling": {"off": true}, "strategies": [
		{"kind": "pureMining"},
		{"kind": "fullAI", "business": "offtake", "offtake": {"priceUSDPerMWITYear": 2.5e6},
		 "conversion": {"buildMonths": {"kind": "fixed", "value": 12}, "capexOverrun": {"kind": "fixed", "value": 1}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: sim.MinSummaryPaths, Seed: 5, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Strategies[1].Name; got != "full AI offtake" {
		t.Fatalf("strategy %q", got)
	}
	v := math.Pow(1.11, -1.0/12)
	annuity := func(from, to int) float64 { // Σ_{k=from}^{to} v^k
		return math.Pow(v, float64(from)) * (1 - math.Pow(v, float64(to-from+1))) / (1 - v)
	}
	want := 100*1e6/18*2*v - 675e6/12*annuity(1, 12) + 2.5e6*75/12*annuity(13, 72)
	for i, npv := range res.NPV[1] {
		if math.Abs(npv-want) > 1e-9*math.Abs(want) {
			t.Fatalf("path %d: NPV %.6f, by hand %.6f", i, npv, want)
		}
	}
	if res.NPV[0][0] == res.NPV[0][1] {
		t.Error("pure mining has the same NPV on two paths: the market did not move")
	}
}
