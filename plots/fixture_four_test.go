package plots

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/sim"
)

// fixtureFourNames are the strategies of the gpu-glut scenario
// (examples/scenarios/gpu-glut.json): four, with long names.
var fixtureFourNames = []string{
	"pure mining",
	"hybrid 50% colocation to a rated neocloud",
	"full AI colocation to a rated neocloud",
	"full AI GPU cloud, unrated neocloud contract",
}

// fixtureFour builds a result of 2,000 seeded paths of four strategies
// shaped like the gpu-glut scenario's: pure mining near +48 M USD, a
// hybrid and a full colocation around 0 with wider spreads, and a GPU
// cloud losing about 1,800 M USD, far left of the others.
func fixtureFour(t testing.TB) *sim.Result {
	t.Helper()
	const n = 2000
	r := newFixtureStream(20260103)
	npv := make([][]float64, 4)
	for j := range npv {
		npv[j] = make([]float64, n)
	}
	for i := range n {
		z := r.Norm()
		npv[0][i] = 48e6 + 40e6*(math.Exp(0.5*z)-1.1)
		npv[1][i] = -7e6 + 55e6*z + 20e6*r.Norm()
		npv[2][i] = -62e6 + 100e6*z + 30e6*r.Norm()
		npv[3][i] = -1770e6 + 350e6*r.Norm()
	}
	res := &sim.Result{NPV: npv}
	undefined := make([]float64, n)
	for i := range undefined {
		undefined[i] = math.NaN()
	}
	for j, name := range fixtureFourNames {
		s, err := sim.Summarize(name, npv[j], undefined, undefined)
		if err != nil {
			t.Fatal(err)
		}
		res.Strategies = append(res.Strategies, s)
	}
	return res
}
