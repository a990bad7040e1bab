package sim

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
)

// TestIRRDefinedShareInvariantToStep runs the default scenario (over two
// years: the rule decides in the first month) at monthly and at daily steps
// (12/365 months) on 400 paths and compares, strategy by strategy, the
// share of paths with a defined IRR. The rule that decides it (see
// Result.IRRPerYear) speaks of time, not of steps, so the shares must agree
// within their sampling error (4 standard errors of a difference of two
// proportions, at least 0.05); pure mining, which never invests, has none
// at either step. With daily flows taken one by one, the hybrid and full AI
// had a defined IRR on none of the daily paths (their ASIC salvage, booked
// on day 1, came before the first conversion capex, on day 2). The median
// IRRs must agree too, within 4 standard errors of a difference of two
// medians (each 1.2533·σ/√n, σ from the 5–95 % range of the IRRs: a normal
// approximation); taken one by one, the daily flows put full AI's median
// at 10²⁰ % a year.
func TestIRRDefinedShareInvariantToStep(t *testing.T) {
	const paths = 400
	run := func(stepMonths float64) map[string]IRRSummary {
		sc := model.DefaultScenario()
		sc.Finance.HorizonYears = 2
		sc.Finance.StepMonths = stepMonths
		res, err := Run(context.Background(), &sc, Config{Paths: paths, Seed: 5, Bands: &BandSet{}})
		require.NoError(t, err)
		out := map[string]IRRSummary{}
		for _, s := range res.Strategies {
			out[s.Name] = s.IRR
		}
		return out
	}
	monthly, daily := run(1), run(12.0/365)
	for name, m := range monthly {
		d := daily[name]
		pm, pd := float64(m.Defined)/paths, float64(d.Defined)/paths
		pbar := (pm + pd) / 2
		tol := math.Max(0.05, 4*math.Sqrt(2*pbar*(1-pbar)/paths))
		t.Logf("%s: IRR defined on %.1f %% of monthly paths (median %.4f a year), %.1f %% of daily ones (median %.4f)",
			name, 100*pm, m.MedianPerYear, 100*pd, d.MedianPerYear)
		require.InDelta(t, pm, pd, tol, "%s: share of paths with a defined IRR, monthly vs daily", name)
		if m.Defined < 50 || d.Defined < 50 {
			continue
		}
		se := func(s IRRSummary) float64 {
			return 1.2533 * (s.P95PerYear - s.P5PerYear) / 3.29 / math.Sqrt(float64(s.Defined))
		}
		tolMed := 4 * math.Hypot(se(m), se(d))
		require.InDelta(t, m.MedianPerYear, d.MedianPerYear, tolMed, "%s: median IRR, monthly vs daily", name)
	}
	require.Zero(t, monthly[model.DefaultScenario().Strategies[0].Name()].Defined, "pure mining has a defined IRR")
}

// TestIRRFlowsPeriods walks the IRR bookkeeping through hand-made paths:
// steps shorter than a month are summed into periods of ⌈(1/12)/dt⌉ steps
// (31 days at daily steps), and the first period with positive capex or
// positive free cash decides whether the IRR is defined (positive capex).
// At monthly or longer steps a period is a step, as before.
func TestIRRFlowsPeriods(t *testing.T) {
	daily, monthly := 1.0/365, 1.0/12
	require.Equal(t, 31, irrPeriodSteps(daily))
	require.Equal(t, 1, irrPeriodSteps(monthly))
	require.Equal(t, 1, irrPeriodSteps(1))
	require.Equal(t, 3, irrPeriodSteps(monthly/3))
	require.Equal(t, 2, irrPeriodSteps(monthly/1.5))
	cases := []struct {
		name      string
		dt        float64
		steps     int
		capexStep int // step of a capex of 1000 (0: none)
		earnStep  int // first step of an income of 10 a step (0: none)
		defined   bool
	}{
		{"monthly, capex and income in step 1", monthly, 24, 1, 1, true},
		{"monthly, income in step 1, capex in step 2", monthly, 24, 2, 1, false},
		{"monthly, capex first", monthly, 24, 3, 5, true},
		{"monthly, nothing but income", monthly, 24, 0, 1, false},
		{"monthly, nothing at all", monthly, 24, 0, 0, false},
		{"daily, income from day 1, capex on day 2", daily, 730, 2, 1, true},
		{"daily, capex on day 31, the first period's last", daily, 730, 31, 1, true},
		{"daily, capex on day 32, in the second period", daily, 730, 32, 1, false},
		{"daily, income from day 40, capex on day 62", daily, 730, 62, 40, true},
		{"daily, nothing but income", daily, 730, 0, 1, false},
		{"daily, capex before income", daily, 730, 3, 20, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := irrPeriodSteps(c.dt)
			x := newIRRFlows(c.steps)
			x.reset()
			var want []float64 // the flows summed by period, by hand
			for k := 1; k <= c.steps; k++ {
				var capex, f float64
				if c.earnStep > 0 && k >= c.earnStep {
					f = 10
				}
				if k == c.capexStep {
					capex, f = 1000, f-1000
				}
				x.add(k, m, c.steps, capex, f)
				if (k-1)%m == 0 {
					want = append(want, 0)
				}
				want[len(want)-1] += f
			}
			periods := (c.steps + m - 1) / m
			require.Len(t, want, periods)
			require.Equal(t, want, x.flows[1:periods+1])
			require.Equal(t, c.defined, x.inv > 0)
			if !c.defined {
				require.True(t, math.IsNaN(x.irr(periods, 12)))
			}
		})
	}
}
