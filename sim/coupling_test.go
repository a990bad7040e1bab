package sim

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// blendScenario is the default scenario with the hybrid at 0, ½ and 1
// (pure mining, the 50 % hybrid, full AI), under coupling c.
func blendScenario(c site.Coupling) *model.Scenario {
	sc := model.DefaultScenario()
	sc.Coupling = c
	sc.Strategies = nil
	for _, f := range []float64{0, 0.5, 1} {
		sp := model.Hybrid(f, 0, nil)
		sp.Label = []string{"0", "half", "1"}[len(sc.Strategies)]
		sc.Strategies = append(sc.Strategies, sp)
	}
	return &sc
}

// pairedGap returns the mean and standard error of NPV(½) − [NPV(0) +
// NPV(1)]/2 over res's antithetic pairs (each pair averaged first).
func pairedGap(res *Result) (mean, se float64) {
	npv := res.NPV
	var s, s2 float64
	m := 0
	for i := 0; i+1 < len(npv[0]); i += 2 {
		var d float64
		for k := i; k < i+2; k++ {
			d += npv[1][k] - (npv[0][k]+npv[2][k])/2
		}
		d /= 2
		s += d
		s2 += d * d
		m++
	}
	mean = s / float64(m)
	return mean, math.Sqrt((s2/float64(m) - mean*mean) / float64(m-1))
}

// TestCouplingCurvesTheFrontier checks what the site coupling is for:
// without it the 50 % hybrid is, path by path, the average of pure mining
// and full AI (to rounding, since every cash flow is linear in the share),
// and with the default coupling its mean NPV differs from that average by
// more than 6 paired standard errors.
func TestCouplingCurvesTheFrontier(t *testing.T) {
	cfg := Config{Paths: 400, Seed: 3, Workers: 2, Antithetic: true, Bands: &BandSet{}}
	off := mustRun(t, blendScenario(site.NoCoupling()), cfg)
	for i := range off.NPV[0] {
		blend := (off.NPV[0][i] + off.NPV[2][i]) / 2
		if d := off.NPV[1][i] - blend; math.Abs(d) > 1e-9*(math.Abs(off.NPV[0][i])+math.Abs(off.NPV[2][i])) {
			t.Fatalf("coupling off, path %d: hybrid %g, blend %g: want equal to rounding", i, off.NPV[1][i], blend)
		}
	}
	on := mustRun(t, blendScenario(site.DefaultCoupling()), cfg)
	gap, se := pairedGap(on)
	if !(math.Abs(gap) > 6*se) {
		t.Errorf("coupling on: hybrid − blend = %g ± %g USD: want beyond 6 standard errors", gap, se)
	}
	t.Logf("coupling on: hybrid − blend = %.3g ± %.2g M USD", gap/1e6, se/1e6)
}

// TestCouplingKeepsOtherDraws checks that the shed calls draw from a
// stream of their own: with the coupling on, every path's market states
// and the full-AI lease's rent and recoveries (its tenants' default
// draws) are those of the uncoupled run, bit for bit, while the calls
// change from path to path.
func TestCouplingKeepsOtherDraws(t *testing.T) {
	sims := make([]*model.Simulator, 2)
	for i, c := range []site.Coupling{site.NoCoupling(), site.DefaultCoupling()} {
		c.ShedEventsPerYear = 24
		plan, err := model.NewPlan(blendScenario(c))
		if err != nil {
			t.Fatal(err)
		}
		if sims[i], err = plan.NewSimulator(); err != nil {
			t.Fatal(err)
		}
	}
	var fuel float64
	for path := range uint64(6) {
		for _, s := range sims {
			s.Reset(11, path, path%2 == 1)
		}
		for k := 1; k <= 120; k++ {
			s0, f0 := sims[0].Step()
			s1, f1 := sims[1].Step()
			if *s0 != *s1 {
				t.Fatalf("path %d, step %d: market states differ", path, k)
			}
			for j := range f0 {
				if f0[j].LeaseUSD != f1[j].LeaseUSD || f0[j].RecoveryUSD != f1[j].RecoveryUSD {
					t.Fatalf("path %d, step %d, strategy %d: lease %g/%g, recovery %g/%g", path, k, j,
						f0[j].LeaseUSD, f1[j].LeaseUSD, f0[j].RecoveryUSD, f1[j].RecoveryUSD)
				}
			}
			fuel += f1[2].BackupFuelUSD
		}
	}
	if !(fuel > 0) {
		t.Errorf("full AI burnt no backup fuel in 6 paths of 24 calls a year")
	}
}
