package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestCIRMoments(t *testing.T) {
	for i, c := range []CIR{
		{Level: 0.04, SpeedPerYear: 1.5, VolPerYear: 0.2},  // Feller holds: 2κθ = 0.12 > σ² = 0.04
		{Level: 0.02, SpeedPerYear: 0.5, VolPerYear: 0.5},  // Feller fails: zero is reachable
		{Level: 1.2, SpeedPerYear: 4, VolPerYear: 0.9},     // fast reversion
		{Level: 0.04, SpeedPerYear: 0, VolPerYear: 0.3},    // no reversion: d = 0, absorbed at 0
		{Level: 0.04, SpeedPerYear: 1.5, VolPerYear: 0.01}, // large noncentrality: Poisson by rejection
	} {
		step := func(x, dt float64, r *Rand) float64 { return c.Step(x, dt, r) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 19, 0.03, gr, step)
			checkProcMoments(t, "CIR"+gr.String(), xs, c.Mean(0.03, gr.horizon), c.Variance(0.03, gr.horizon))
			for _, x := range xs {
				if !(x >= 0) {
					t.Fatalf("CIR value %v is negative or NaN", x)
				}
			}
		}
	}
}

// TestCIRClosedForms checks the variance formula against its κ → 0 limit
// and its stationary value θσ²/(2κ), and that zero volatility is the
// deterministic mean path.
func TestCIRClosedForms(t *testing.T) {
	c := CIR{Level: 0.05, SpeedPerYear: 0, VolPerYear: 0.3}
	mctest.WithinRel(t, "κ=0 variance", c.Variance(0.02, 2), 0.02*0.09*2, 1e-15)
	c.SpeedPerYear = 1e-10
	mctest.WithinRel(t, "κ→0 variance", c.Variance(0.02, 2), 0.02*0.09*2, 1e-8)
	c.SpeedPerYear = 2
	mctest.WithinRel(t, "stationary variance", c.Variance(0.02, 100), 0.05*0.09/4, 1e-14)
	d := CIR{Level: 0.05, SpeedPerYear: 2, VolPerYear: 0}
	r := New(1, 1)
	mctest.WithinRel(t, "σ=0 step", d.Step(0.02, 0.5, r), 0.05-0.03*math.Exp(-1), 1e-15)
	if got := (CIR{Level: 0.05, SpeedPerYear: 2, VolPerYear: 0.2}).Step(-1, 0.5, r); !(got >= 0) {
		t.Errorf("step from a negative value = %v, want ≥ 0", got)
	}
}
