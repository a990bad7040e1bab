package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// TestCompiledSteps checks that the market's processes compiled for a fixed
// step return the same float64 bits as dist's Step (to rounding where the
// compiler may fuse multiply-adds, mctest.FloatsAsWritten) and draw the
// same random numbers (the streams stay in lockstep), over states, shocks
// and steps from ordinary to extreme, plain and mirrored. The compiled
// steps take their exponentials and logarithms from vmath, so they are
// compared in vmath's reference mode (package math's functions, as dist's).
func TestCompiledSteps(t *testing.T) {
	defer vmath.SetReference(vmath.SetReference(true))
	fees, err := DefaultFeeParams().Process()
	if err != nil {
		t.Fatal(err)
	}
	power, err := DefaultPowerParams().Process()
	if err != nil {
		t.Fatal(err)
	}
	spiky := dist.ExpOU{Level: 2, SpeedPerYear: 0, VolPerYear: 3, Floor: 0.5, JumpsPerYear: 300, JumpMeanLog: -1, JumpSDLog: 2}
	pm := DefaultPriceModel()
	merton, err := dist.NewMerton(pm.DriftPerYear, pm.VolPerYear, pm.JumpsPerYear, pm.JumpMeanLog, pm.JumpSDLog)
	if err != nil {
		t.Fatal(err)
	}
	jumpy := dist.Merton{DriftPerYear: -1, VolPerYear: 2, JumpsPerYear: 200, JumpMeanLog: 0.5, JumpSDLog: 1.5}
	for _, dt := range []float64{1.0 / 365, 1.0 / 12, 0.25, 1} {
		for _, mirror := range []bool{false, true} {
			a, b, xs := dist.New(11, 3), dist.New(11, 3), dist.New(12, 0)
			a.SetMirror(mirror)
			b.SetMirror(mirror)
			check := func(name string, got, want float64, i int) {
				t.Helper()
				if !mctest.SameFloat(got, want, mctest.FloatsAsWritten) {
					t.Fatalf("dt %g mirror %v draw %d: %s compiled = %.17g, dist = %.17g", dt, mirror, i, name, got, want)
				}
			}
			for _, e := range []dist.ExpOU{fees, power, spiky} {
				c := compileExpOU(e, dt)
				for i := range 2000 {
					x := math.Exp(8 * (xs.Uniform() - 0.5))
					z := 4 * xs.Norm()
					check("ExpOU", c.step(x, z, a), e.Step(x, dt, z, b), i)
				}
			}
			for _, m := range []dist.Merton{merton, jumpy} {
				c := compileMerton(m, dt)
				for i := range 2000 {
					x := 1e5 * math.Exp(4*(xs.Uniform()-0.5))
					z := 4 * xs.Norm()
					check("Merton", c.step(x, z, a), m.Step(x, dt, z, b), i)
				}
			}
			for _, g := range []dist.GBM{{DriftPerYear: 0.04, VolPerYear: 0.49}, {DriftPerYear: -2, VolPerYear: 5}} {
				c := compileGBM(g, dt)
				for i := range 2000 {
					x := 1e5 * math.Exp(4*(xs.Uniform()-0.5))
					z := 4 * xs.Norm()
					check("GBM", x*vmath.Exp(c.logReturn(z)), g.Step(x, dt, z), i)
				}
			}
			if a.Uint64() != b.Uint64() {
				t.Fatalf("dt %g mirror %v: the compiled steps drew a different number of random values", dt, mirror)
			}
		}
	}
}

// TestTables checks the precomputed GPU decay path against the function it
// tabulates.
func TestTables(t *testing.T) {
	g := newGPUMarket(DefaultGPUParams(), DefaultColoParams(), DefaultStartParams(), 1.0/12)
	g.tabulate(240, 1.0/12)
	for k, v := range g.decay {
		if want := g.decayPath(float64(k) * (1.0 / 12)); math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("decay[%d] = %.17g, decayPath = %.17g", k, v, want)
		}
	}
}

// TestHazardsShortcuts checks the compiled credit curve (classes of equal β
// share an exponential; no exponential past the cap) against the formula
// base·min(e^(β·fall), cap) computed directly (with vmath's exp and log,
// as the curve), bit for bit, for falls around the cap's threshold and
// elsewhere.
func TestHazardsShortcuts(t *testing.T) {
	p := DefaultCreditParams()
	p.WrongWayElasticity = ClassValues{Hyperscaler: 0.25, RatedNeocloud: 1, UnratedNeocloud: 1}
	c := p.curve()
	r := dist.New(3, 1)
	base, beta := p.BaseHazardPerYear.Array(), p.WrongWayElasticity.Array()
	for i := range 20000 {
		gpu := 2.6 * math.Exp(-3*r.Uniform())
		tYears := 10 * r.Uniform()
		switch i % 3 { // falls near the cap and near the shortcut's threshold
		case 0:
			tYears = (math.Log(2.6/gpu) - math.Log(p.MaxMultiplier)*(1+1e-12*(r.Uniform()-0.5))) / p.UnderwrittenDeclinePerYear
		case 1:
			tYears = (math.Log(2.6/gpu) - (c.capped + 1e-11*(r.Uniform()-0.5))) / p.UnderwrittenDeclinePerYear
		}
		var h [NumTenantClasses]float64
		c.hazards(&h, gpu, 2.6, tYears)
		fall := vmath.Log(2.6/gpu) - p.UnderwrittenDeclinePerYear*tYears
		for k := range h {
			want := base[k]
			if fall > 0 {
				want = base[k] * min(vmath.Exp(beta[k]*fall), p.MaxMultiplier)
			}
			if math.Float64bits(h[k]) != math.Float64bits(want) {
				t.Fatalf("gpu %g, t %g, class %d: %.17g, formula %.17g", gpu, tYears, k, h[k], want)
			}
		}
	}
}
