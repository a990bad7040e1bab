package site

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// horizonState is the State at the end of a 10-year horizon of monthly
// steps with a colocation rent of 150 USD/kW-month.
func horizonState() market.State {
	s := coloState(120, 150, 0)
	s.GPURentUSDPerHour = 2
	return s
}

// unbuiltParcel returns a 10 MW parcel of the default facility (7.5 MW IT)
// converting under terms with a fixed 12-month build at capexPerMWIT and
// no overrun, construction planned at startYears.
func unbuiltParcel(t *testing.T, terms ContractTerms, capexPerMWIT, startYears float64) Parcel {
	t.Helper()
	conv := DefaultConversion()
	conv.CapexUSDPerMWIT = capexPerMWIT
	conv.BuildMonths = dist.Fixed(12)
	conv.CapexOverrun = dist.Fixed(1)
	p, err := NewConvertingParcel(DefaultFacility(), 10, terms, conv)
	if err != nil {
		t.Fatal(err)
	}
	p.Reset(dist.New(1, 0))
	p.Schedule(startYears)
	return p
}

// TestTerminalOfCapacityNotYetBuilt values, by hand, capacity whose
// conversion starts after the horizon h = 10 years. The parcel's miners
// still run at h, so its gear is worth its salvage, 10 MW·10⁶/18 TH/s ·
// 2 USD/TH = 1.111 M USD. The project, starting at s and ready at s + 1,
// is worth at h its exit value M·NOI (M = 5; NOI = 0.85·150 USD/kW-month
// on 7,500 kW, 11.475 M USD a year, for a lease; the shell's, the same, for
// a GPU cloud) discounted at the exit yield 1/M for the wait, less the
// capex c (spent evenly over the build year) discounted the same way:
//
//	V = M·NOI·e^(−(s+1−h)/M) − c·M·(e^(−(s−h)/M) − e^(−(s+1−h)/M)),
//
// floored at 0, the value of abandoning it. At the default 9 M USD per MW
// IT (c = 67.5 M USD) the project is worth less than nothing whenever it
// starts (its exit value, 57.4 M USD when ready, is below its capex), so
// the parcel is worth its salvage alone, where the old valuation took the
// whole capex and the lost NOI off and went deeply negative. At 2 M USD
// per MW IT (c = 15 M USD) it is positive, and is added.
func TestTerminalOfCapacityNotYetBuilt(t *testing.T) {
	s := horizonState()
	const salvage = 10 * 1e6 / 18 * 2
	noi := 0.85 * 150 * 7500 * 12
	value := func(c, start float64) float64 {
		w0, w1 := start-10, start+1-10
		return 5*noi*math.Exp(-w1/5) - c*5*(math.Exp(-w0/5)-math.Exp(-w1/5))
	}
	for _, terms := range []ContractTerms{DefaultLease(), DefaultGPUCloud()} {
		business := terms.Business()
		for _, start := range []float64{10.5, 11, 15, 30} {
			p := unbuiltParcel(t, terms, 9e6, start)
			if v := value(67.5e6, start); !(v < 0) {
				t.Fatalf("%v start %g: hand value %g not negative: the case tests nothing", business, start, v)
			}
			mctest.WithinRel(t, "salvage only", p.TerminalUSD(&s, 5), salvage, 1e-12)

			cheap := unbuiltParcel(t, terms, 2e6, start)
			want := value(15e6, start)
			if !(want > 0) {
				t.Fatalf("%v start %g: cheap hand value %g not positive", business, start, want)
			}
			mctest.WithinRel(t, "salvage and project", cheap.TerminalUSD(&s, 5), salvage+want, 1e-12)
		}
	}
	// A build under way at h (started at 9.5, ready at 10.5): half the capex
	// is sunk; the other half, c/2 over [10, 10.5], is netted against the
	// lease's exit value, discounted for the half-year wait.
	p := unbuiltParcel(t, DefaultLease(), 9e6, 9.5)
	d := math.Exp(-0.5 / 5)
	want := max(5*noi*d-67.5e6*5*(1-d), 0)
	if !(want > 0) {
		t.Fatalf("hand value %g: the case tests nothing", want)
	}
	// The miners stopped at 9.5: no salvage at h.
	mctest.WithinRel(t, "build under way", p.TerminalUSD(&s, 5), want, 1e-12)
}
