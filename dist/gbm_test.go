package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestGBMMoments(t *testing.T) {
	for i, g := range []GBM{{0.08, 0.6}, {-0.2, 0.25}, {0.05, 0}} {
		step := func(x, dt float64, r *Rand) float64 { return g.Step(x, dt, r.Norm()) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 11, 40, gr, step)
			name := "GBM" + gr.String()
			if g.VolPerYear == 0 {
				mctest.WithinRel(t, name+" deterministic", xs[0], g.Mean(40, gr.horizon), 1e-12)
				continue
			}
			checkProcMoments(t, name, xs, g.Mean(40, gr.horizon), g.Variance(40, gr.horizon))
			// The log return is exactly normal: check its moments too.
			s := g.VolPerYear
			checkProcMoments(t, name+" log", logsOf(xs),
				math.Log(40)+(g.DriftPerYear-0.5*s*s)*gr.horizon, s*s*gr.horizon)
		}
	}
}

// TestGBMStepIsExactFormula pins Step to the closed-form transition.
func TestGBMStepIsExactFormula(t *testing.T) {
	g := GBM{DriftPerYear: 0.1, VolPerYear: 0.3}
	for _, c := range []struct{ x, dt, z float64 }{{100, 1, 0}, {100, 0.25, 1.5}, {3, 1.0 / 365, -2}} {
		want := c.x * math.Exp((0.1-0.045)*c.dt+0.3*math.Sqrt(c.dt)*c.z)
		mctest.WithinRel(t, "GBM.Step", g.Step(c.x, c.dt, c.z), want, 1e-14)
	}
	if x, regime := g.Advance(100, 3, 1, 0.5, nil); regime != 0 || x != g.Step(100, 1, 0.5) {
		t.Errorf("Advance = (%v, %d), want (Step, 0)", x, regime)
	}
	if g.Regimes() != 1 {
		t.Errorf("Regimes() = %d, want 1", g.Regimes())
	}
}

// TestGBMEuropeanByMonteCarlo prices Hull's textbook option (S = 42, K = 40,
// r = 10%, σ = 20%, T = 0.5; Hull, "Options, Futures, and Other
// Derivatives", the worked Black–Scholes–Merton example: call 4.76, put 0.81) by simulation under the
// risk-neutral drift, in one step and in daily steps.
func TestGBMEuropeanByMonteCarlo(t *testing.T) {
	const s0, k, rate, vol, years = 42.0, 40.0, 0.1, 0.2, 0.5
	call, err := BlackScholesCall(s0, k, rate, vol, years)
	if err != nil {
		t.Fatal(err)
	}
	put, err := BlackScholesPut(s0, k, rate, vol, years)
	if err != nil {
		t.Fatal(err)
	}
	g := GBM{DriftPerYear: rate, VolPerYear: vol}
	df := math.Exp(-rate * years)
	for _, steps := range []int{1, 126} {
		const n = 100000
		calls, puts := make([]float64, n), make([]float64, n)
		r := New(21, 0)
		dt := years / float64(steps)
		for i := range calls {
			r.Reset(21, uint64(i))
			x := s0
			for s := 0; s < steps; s++ {
				x = g.Step(x, dt, r.Norm())
			}
			calls[i] = df * math.Max(x-k, 0)
			puts[i] = df * math.Max(k-x, 0)
		}
		m, se := mctest.MeanSE(calls)
		mctest.WithinSE(t, "MC call", m, call, se, 4)
		m, se = mctest.MeanSE(puts)
		mctest.WithinSE(t, "MC put", m, put, se, 4)
	}
}
