package site

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func fixedConversion(buildMonths, overrun float64) Conversion {
	c := DefaultConversion()
	c.BuildMonths = dist.Fixed(buildMonths)
	c.CapexOverrun = dist.Fixed(overrun)
	return c
}

func TestConversionCapexSpreadOverBuild(t *testing.T) {
	// 75 MW IT at 9 M$/MW and a 1.2 overrun: 810 M$, spent evenly over a
	// 6-month build starting at 0.5 years: 135 M$ in each of months 7–12.
	b, err := NewBuild(fixedConversion(6, 1.2), 75)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset(dist.New(1, 0))
	b.Begin(0.5)
	mctest.WithinRel(t, "ready", b.ReadyYears(), 1, 1e-15)
	mctest.WithinRel(t, "mining stop", b.MiningStopYears(), 0.5, 1e-15)
	var total float64
	for k := 1; k <= 14; k++ {
		s := monthState(k, 0, 0)
		cf := b.Step(&s)
		want := 0.0
		if k >= 7 && k <= 12 {
			want = 135e6
		}
		mctest.WithinAbs(t, "monthly capex", cf.CapexUSD, want, 1e-3)
		total += cf.CapexUSD
		if k == 9 {
			mctest.WithinAbs(t, "remaining at 0.75", b.RemainingCapexUSD(0.75), 405e6, 1e-3)
			// The 405 M$ left spend at 1,620 M$ a year over the 0.25
			// years to the end of the build; at the exit yield 1/5 they
			// are worth 1620e6·∫₀^0.25 e^(−t/5) dt = 8,100e6·(1 − e^(−0.05))
			// = 395.05 M$ at 0.75 years.
			mctest.WithinRel(t, "terminal at 0.75", b.TerminalUSD(&s, 5), -8100e6*(1-math.Exp(-0.05)), 1e-12)
			if v := b.TerminalUSD(&s, 0); v != 0 {
				t.Errorf("terminal with no exit value: %g, want 0", v)
			}
		}
	}
	mctest.WithinRel(t, "total", total, 810e6, 1e-12)
}

func TestConversionZeroBuildAndLag(t *testing.T) {
	c := fixedConversion(0, 1)
	c.MiningStopLagMonths = 3
	b, err := NewBuild(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset(dist.New(1, 0))
	b.Begin(2.5 / 12)
	// A lag longer than the (zero) build is cut to the build.
	mctest.WithinAbs(t, "mining stop", b.MiningStopYears(), 2.5/12, 0)
	s2, s3 := monthState(2, 0, 0), monthState(3, 0, 0)
	if cf := b.Step(&s2); cf.CapexUSD != 0 {
		t.Errorf("capex before the start: %g", cf.CapexUSD)
	}
	if cf := b.Step(&s3); cf.CapexUSD != 9e6 {
		t.Errorf("capex in the start month: %g, want 9e6", cf.CapexUSD)
	}
	// A 12-month build with a 3-month lag: mining stops 3 months in.
	c = fixedConversion(12, 1)
	c.MiningStopLagMonths = 3
	b, _ = NewBuild(c, 1)
	b.Reset(dist.New(1, 0))
	b.Begin(1)
	mctest.WithinRel(t, "lagged stop", b.MiningStopYears(), 1.25, 1e-15)
}

func TestConversionDrawsAreClampedAndDeterministic(t *testing.T) {
	// Default build times are lognormal with median 12 months: across paths
	// the draws' median is near 1 year.
	b, err := NewBuild(DefaultConversion(), 1)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(5, 0)
	const n = 20_000
	below := make([]float64, n)
	for i := range below {
		r.Reset(5, uint64(i))
		b.Reset(r)
		if b.BuildYears() < 1 {
			below[i] = 1
		}
		if b.BuildYears() < 0 || b.CapexUSD() < 0.9*9e6-1e-6 || b.CapexUSD() > 1.4*9e6+1e-6 {
			t.Fatalf("draw out of support: build %g, capex %g", b.BuildYears(), b.CapexUSD())
		}
	}
	m, se := mctest.MeanSE(below)
	mctest.WithinSE(t, "P(build < 12 months)", m, 0.5, se, 4.5)
}

func TestConversionValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Conversion)
		want string
	}{
		{"negative build", func(c *Conversion) { c.BuildMonths = dist.Fixed(-3) }, "buildMonths"},
		{"negative capex", func(c *Conversion) { c.CapexUSDPerMWIT = -1 }, "capexUSDPerMWIT = -1"},
		{"negative lag", func(c *Conversion) { c.MiningStopLagMonths = -1 }, "miningStopLagMonths = -1"},
		{"negative overrun", func(c *Conversion) { c.CapexOverrun = dist.PERTSpec(-1, 1, 2) }, "capexOverrun"},
	}
	for _, tc := range tests {
		c := DefaultConversion()
		tc.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.want)
		}
	}
	if err := DefaultConversion().Validate(); err != nil {
		t.Errorf("default conversion invalid: %v", err)
	}
}
