package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestOUMoments(t *testing.T) {
	for i, o := range []OU{
		{Level: 1, SpeedPerYear: 2, VolPerYear: 0.5},
		{Level: -3, SpeedPerYear: 0.1, VolPerYear: 2},
		{Level: 7, SpeedPerYear: 0, VolPerYear: 0.8}, // Brownian motion
		{Level: 1, SpeedPerYear: 40, VolPerYear: 0.3},
	} {
		step := func(x, dt float64, r *Rand) float64 { return o.Step(x, dt, r.Norm()) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 15, 3, gr, step)
			checkProcMoments(t, "OU"+gr.String(), xs, o.Mean(3, gr.horizon), o.Variance(gr.horizon))
		}
	}
}

// TestOUClosedForms checks the limits of the OU moments: κ → 0 is Brownian
// motion, t → ∞ is the stationary law N(θ, σ²/(2κ)).
func TestOUClosedForms(t *testing.T) {
	bm := OU{Level: 5, VolPerYear: 0.4}
	mctest.WithinRel(t, "BM variance", bm.Variance(2.5), 0.16*2.5, 1e-15)
	mctest.WithinRel(t, "BM mean", bm.Mean(1, 2.5), 1, 1e-15)
	slow := OU{Level: 5, SpeedPerYear: 1e-12, VolPerYear: 0.4}
	mctest.WithinRel(t, "slow OU variance", slow.Variance(2.5), 0.16*2.5, 1e-10)
	o := OU{Level: 5, SpeedPerYear: 3, VolPerYear: 0.6}
	mctest.WithinRel(t, "stationary variance", o.Variance(100), 0.36/6, 1e-14)
	mctest.WithinRel(t, "stationary mean", o.Mean(-10, 100), 5, 1e-14)
}

func TestExpOULogMoments(t *testing.T) {
	for i, e := range []ExpOU{
		{Level: 60, SpeedPerYear: 1.5, VolPerYear: 0.4},
		{Level: 60, SpeedPerYear: 3, VolPerYear: 0.3, JumpsPerYear: 4, JumpMeanLog: 0.3, JumpSDLog: 0.2},
		{Level: 2, SpeedPerYear: 0.5, VolPerYear: 0.2, JumpsPerYear: 10, JumpMeanLog: -0.05, JumpSDLog: 0.1},
		{Level: 2, SpeedPerYear: 0, VolPerYear: 0.2, JumpsPerYear: 2, JumpMeanLog: 0.1, JumpSDLog: 0.3},
	} {
		step := func(x, dt float64, r *Rand) float64 { return e.Step(x, dt, r.Norm(), r) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 16, 45, gr, step)
			checkProcMoments(t, "ExpOU"+gr.String(), logsOf(xs), e.LogMean(45, gr.horizon), e.LogVariance(gr.horizon))
		}
	}
}

// TestExpOUFloor checks the documented floor: a step ends at
// max(Floor, the unfloored step), drawing the same numbers.
func TestExpOUFloor(t *testing.T) {
	free := ExpOU{Level: 40, SpeedPerYear: 2, VolPerYear: 0.8, JumpsPerYear: 3, JumpMeanLog: -0.3, JumpSDLog: 0.2}
	floored := free
	floored.Floor = 30
	a, b := New(17, 0), New(17, 0)
	hits := 0
	for i := 0; i < 10000; i++ {
		x := 25 + 30*a.Uniform() // includes starts below and at the floor
		b.Uniform()
		z := a.Norm()
		b.Norm()
		got, want := floored.Step(x, 0.25, z, a), math.Max(30, free.Step(x, 0.25, z, b))
		if got != want {
			t.Fatalf("floored step from %v = %v, want max(30, %v)", x, got, want)
		}
		if got == 30 {
			hits++
		}
	}
	if hits == 0 {
		t.Fatal("the floor never bound; the test checks nothing")
	}
	// Starting at the floor continues from ln(Floor).
	r1, r2 := New(18, 0), New(18, 0)
	if x, y := floored.Step(30, 0.5, 1.2, r1), math.Max(30, free.Step(30, 0.5, 1.2, r2)); x != y {
		t.Errorf("step from the floor = %v, want %v", x, y)
	}
}

// TestExpOUClosedForms checks LogMean and LogVariance against their κ → 0
// limits and the long-run level.
func TestExpOUClosedForms(t *testing.T) {
	e := ExpOU{Level: 10, SpeedPerYear: 0, VolPerYear: 0.3, JumpsPerYear: 2, JumpMeanLog: 0.1, JumpSDLog: 0.2}
	mctest.WithinRel(t, "κ=0 log mean", e.LogMean(10, 3), math.Log(10)+2*0.1*3, 1e-15)
	mctest.WithinRel(t, "κ=0 log variance", e.LogVariance(3), (0.09+2*(0.01+0.04))*3, 1e-15)
	e.SpeedPerYear = 2
	mctest.WithinRel(t, "long-run log mean", e.LogMean(1, 200), math.Log(10)+2*0.1/2, 1e-14)
	mctest.WithinRel(t, "long-run log variance", e.LogVariance(200), (0.09+2*(0.01+0.04))/4, 1e-14)
}
