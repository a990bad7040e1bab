package dist

import (
	"math"
	"sort"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestDefaultClockVaryingHazard checks P(default by T) = 1 − exp(−∫λ) under
// a hazard that changes every step (including a NaN and a negative hazard,
// which count as 0).
func TestDefaultClockVaryingHazard(t *testing.T) {
	const steps, dt, n = 24, 1.0 / 12, 100000
	hazard := make([]float64, steps)
	for i := range hazard {
		hazard[i] = 0.3 * (1 + math.Sin(float64(i)))
	}
	hazard[5], hazard[6] = math.NaN(), -1 // programmer errors: no hazard accrues
	for _, horizon := range []int{1, 12, 24} {
		var c DefaultClock
		r := New(24, 0)
		defaults := make([]float64, n)
		var cum float64 // ∫λ over the horizon
		for i := 0; i < horizon; i++ {
			if h := hazard[i]; h > 0 {
				cum += h * dt
			}
		}
		for p := range defaults {
			r.Reset(24, uint64(p))
			c.Reset(r)
			for i := 0; i < horizon; i++ {
				d, frac := c.Step(hazard[i], dt)
				if d {
					if !(frac > 0 && frac <= 1) {
						t.Fatalf("frac = %v, want in (0, 1]", frac)
					}
					defaults[p] = 1
				}
			}
			if c.Defaulted() != (defaults[p] == 1) {
				t.Fatal("Defaulted disagrees with the steps")
			}
		}
		want := 1 - math.Exp(-cum)
		m, _ := mctest.MeanSE(defaults)
		mctest.WithinSE(t, "P(default)", m, want, math.Sqrt(want*(1-want)/n), procK)
	}
}

// TestDefaultClockTimeIsExact checks that under a constant hazard the
// default time, (step + frac)·dt, is exactly E/λ for the threshold E drawn
// by Reset, and that its distribution passes a Kolmogorov–Smirnov test
// against Exp(λ).
func TestDefaultClockTimeIsExact(t *testing.T) {
	const lambda, dt, n = 0.7, 0.25, 20000
	times := make([]float64, n)
	var c DefaultClock
	r := New(25, 0)
	for p := range times {
		r.Reset(25, uint64(p))
		c.Reset(r)
		e := New(25, uint64(p)).Exp()
		for i := 0; ; i++ {
			if i > 10000 {
				t.Fatal("no default after 2500 years")
			}
			if d, frac := c.Step(lambda, dt); d {
				times[p] = (float64(i) + frac) * dt
				break
			}
		}
		mctest.WithinRel(t, "default time", times[p], e/lambda, 1e-9)
		mctest.WithinRel(t, "cumulative hazard at default", c.CumulativeHazard(), e, 1e-15)
		if d, frac := c.Step(lambda, dt); d || frac != 0 || !c.Defaulted() {
			t.Fatalf("after default Step = (%v, %v), Defaulted = %v", d, frac, c.Defaulted())
		}
	}
	sort.Float64s(times)
	var ks float64
	for i, x := range times {
		f := 1 - math.Exp(-lambda*x)
		ks = math.Max(ks, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	if crit := mctest.KSCritical(n, 1e-4); ks > crit {
		t.Errorf("KS statistic %v exceeds the critical value %v", ks, crit)
	}
}

// TestDefaultClockEdgeCases covers the documented programmer-error inputs.
func TestDefaultClockEdgeCases(t *testing.T) {
	var c DefaultClock
	c.Reset(New(26, 0))
	for _, h := range []float64{math.NaN(), -3, 0} {
		if d, frac := c.Step(h, 1); d || frac != 0 || c.CumulativeHazard() != 0 {
			t.Errorf("hazard %v: Step = (%v, %v), cumulative %v; want no change", h, d, frac, c.CumulativeHazard())
		}
	}
	if d, _ := c.Step(1, -1); d || c.CumulativeHazard() != 0 {
		t.Error("a negative dt accrued hazard")
	}
	if d, frac := c.Step(math.Inf(1), 0.5); !d || !(frac > 0 && frac <= 1) {
		t.Errorf("infinite hazard: Step = (%v, %v), want default with frac in (0, 1]", d, frac)
	}
	c.Reset(New(26, 1))
	if c.Defaulted() || c.CumulativeHazard() != 0 {
		t.Error("Reset did not clear the clock")
	}
	mctest.WithinRel(t, "SurvivalProb", SurvivalProb(0.2, 2.5), math.Exp(-0.5), 1e-15)
	for _, c := range [][2]float64{{-1, 1}, {math.NaN(), 1}, {1, 0}, {1, -2}} {
		if p := SurvivalProb(c[0], c[1]); p != 1 {
			t.Errorf("SurvivalProb(%v, %v) = %v, want 1", c[0], c[1], p)
		}
	}
}
