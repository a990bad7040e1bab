package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestMertonMoments(t *testing.T) {
	for i, m := range []Merton{
		{DriftPerYear: 0.1, VolPerYear: 0.3, JumpsPerYear: 2, JumpMeanLog: -0.08, JumpSDLog: 0.15},
		{DriftPerYear: -0.05, VolPerYear: 0.2, JumpsPerYear: 6, JumpMeanLog: 0.03, JumpSDLog: 0.05},
		{DriftPerYear: 0.05, VolPerYear: 0, JumpsPerYear: 1, JumpMeanLog: -0.2, JumpSDLog: 0},
	} {
		step := func(x, dt float64, r *Rand) float64 { return m.Step(x, dt, r.Norm(), r) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 12, 100, gr, step)
			checkProcMoments(t, "Merton"+gr.String(), xs, m.Mean(100, gr.horizon), m.Variance(100, gr.horizon))
			// ln(X_T/X_0) has mean (μ − λk − σ²/2)T + λmT and variance (σ² + λ(m² + s²))T.
			s, sj, mj := m.VolPerYear, m.JumpSDLog, m.JumpMeanLog
			logMean := math.Log(100) + (m.DriftPerYear-m.JumpsPerYear*m.JumpExpMinusOne()-0.5*s*s+m.JumpsPerYear*mj)*gr.horizon
			logVar := (s*s + m.JumpsPerYear*(mj*mj+sj*sj)) * gr.horizon
			checkProcMoments(t, "Merton"+gr.String()+" log", logsOf(xs), logMean, logVar)
		}
	}
}

// TestMertonWithoutJumpsIsGBM checks that λ = 0 gives exactly the GBM step.
func TestMertonWithoutJumpsIsGBM(t *testing.T) {
	m := Merton{DriftPerYear: 0.07, VolPerYear: 0.4, JumpMeanLog: -0.3, JumpSDLog: 0.2}
	g := GBM{DriftPerYear: 0.07, VolPerYear: 0.4}
	r := New(1, 1)
	for i := 0; i < 100; i++ {
		z := r.Norm()
		if a, b := m.Step(50, 0.25, z, r), g.Step(50, 0.25, z); a != b {
			t.Fatalf("Merton without jumps = %v, GBM = %v", a, b)
		}
	}
}

// TestMertonEuropeanByMonteCarlo prices calls under the risk-neutral drift
// by simulation and compares them with Merton's series.
func TestMertonEuropeanByMonteCarlo(t *testing.T) {
	cases := []struct {
		s0, k, rate, vol, lambda, m, s, years float64
		steps                                 int
	}{
		{100, 100, 0.05, 0.2, 1, -0.1, 0.3, 1, 1},
		{100, 90, 0.05, 0.2, 1, -0.1, 0.3, 1, 12},
		{42, 40, 0.1, 0.2, 3, 0.05, 0.1, 0.5, 1},
		{100, 130, 0.03, 0.25, 0.5, -0.2, 0.4, 2, 4},
	}
	for _, c := range cases {
		want, err := MertonCall(c.s0, c.k, c.rate, c.vol, c.lambda, c.m, c.s, c.years)
		if err != nil {
			t.Fatal(err)
		}
		proc := Merton{DriftPerYear: c.rate, VolPerYear: c.vol, JumpsPerYear: c.lambda, JumpMeanLog: c.m, JumpSDLog: c.s}
		const n = 100000
		pay := make([]float64, n)
		df := math.Exp(-c.rate * c.years)
		dt := c.years / float64(c.steps)
		r := New(31, 0)
		for i := range pay {
			r.Reset(31, uint64(i))
			x := c.s0
			for s := 0; s < c.steps; s++ {
				x = proc.Step(x, dt, r.Norm(), r)
			}
			pay[i] = df * math.Max(x-c.k, 0)
		}
		m, se := mctest.MeanSE(pay)
		mctest.WithinSE(t, "MC Merton call", m, want, se, 4)
	}
}
