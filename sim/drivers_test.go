package sim_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/sim"
)

// runObserved runs the default scenario on paths paths of seed 7 with the
// attribution and drivers observers, the drivers made for driverSeed.
func runObserved(t *testing.T, workers, paths int, driverSeed uint64) (*sim.Result, *sim.Attribution, *sim.Drivers, error) {
	t.Helper()
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	a := sim.NewAttribution(plan)
	d, err := sim.NewDrivers(plan, driverSeed, sim.DriverSpec{})
	require.NoError(t, err)
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: paths, Seed: 7, Workers: workers, Antithetic: true,
		Observers: []sim.Observer{a, d}})
	return res, a, d, err
}

// TestAttributionSumsToNPV: on every path, the discounted components of
// each strategy sum to its NPV up to rounding (a relative 1e-12 of the
// components' absolute sum, far above float64 rounding over 120 steps and
// far below any real error).
func TestAttributionSumsToNPV(t *testing.T) {
	res, a, _, err := runObserved(t, 2, 400, 7)
	require.NoError(t, err)
	require.Equal(t, 400, a.Paths())
	for j := range res.Strategies {
		sum := make([]float64, 400)
		abs := make([]float64, 400)
		for c := range sim.Components {
			xs, err := a.Component(j, c)
			require.NoError(t, err)
			for i, x := range xs {
				sum[i] += x
				abs[i] += math.Abs(x)
			}
		}
		for i := range sum {
			require.InDelta(t, res.NPV[j][i], sum[i], 1e-12*abs[i]+1e-6, "strategy %d path %d", j, i)
		}
	}
}

// TestObserversIndependentOfWorkers: the per-path records, and the run's
// NPVs, are the same for one worker and for three.
func TestObserversIndependentOfWorkers(t *testing.T) {
	r1, a1, d1, err := runObserved(t, 1, 400, 7)
	require.NoError(t, err)
	r3, a3, d3, err := runObserved(t, 3, 400, 7)
	require.NoError(t, err)
	require.Equal(t, r1.NPV, r3.NPV)
	for i := range d1.List() {
		x1, _ := d1.Values(i)
		x3, _ := d3.Values(i)
		require.Equal(t, x1, x3, d1.List()[i].Name)
	}
	for c := range sim.Components {
		x1, _ := a1.Component(2, c)
		x3, _ := a3.Component(2, c)
		require.Equal(t, x1, x3)
	}
	// Observers change nothing: the run without them has the same NPVs.
	sc := model.DefaultScenario()
	plain, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 7, Antithetic: true})
	require.NoError(t, err)
	require.Equal(t, plain.NPV, r1.NPV)
}

// TestDriversWrongSeed: drivers made for another seed than the run's stop
// the run with an error saying so, rather than recording another path's
// draws.
func TestDriversWrongSeed(t *testing.T) {
	_, _, _, err := runObserved(t, 2, 400, 8)
	require.Error(t, err)
	require.Contains(t, err.Error(), "another seed")
}

// TestDriversMatchReplay: the drivers of path 5 are those a replay of the
// path with model.Simulator reads off the market and the runners.
func TestDriversMatchReplay(t *testing.T) {
	_, _, d, err := runObserved(t, 2, 400, 7)
	require.NoError(t, err)
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	s, err := plan.NewSimulator()
	require.NoError(t, err)
	s.Reset(7, 4, true) // path 5 mirrors path 4
	var btc12 float64
	for k := 1; k <= plan.Steps(); k++ {
		st, _ := s.Step()
		if k == 12 {
			btc12 = st.BTCPriceUSD
		}
	}
	get := func(name string) float64 {
		for i, dr := range d.List() {
			if dr.Name == name {
				v, err := d.Values(i)
				require.NoError(t, err)
				return v[5]
			}
		}
		t.Fatalf("no driver %q in %v", name, d.List())
		return 0
	}
	require.Equal(t, btc12, get("BTC price at month 12"))
	full := s.Runner(2).(*site.PivotRunner).Parcels()[0]
	require.Equal(t, 12*full.Build.BuildYears(), get(plan.StrategyNames()[2]+": build months"))
	nominal := full.Build.ITMW() * site.DefaultConversion().CapexUSDPerMWIT
	require.InDelta(t, full.Build.CapexUSD()/nominal, get(plan.StrategyNames()[2]+": capex overrun"), 1e-12)
	for _, dr := range d.List() {
		if strings.Contains(dr.Name, "pure mining") {
			t.Errorf("pure mining has a conversion driver: %s", dr.Name)
		}
	}
}

// TestDriverSpecValidated: a month beyond the horizon is refused, naming
// the field.
func TestDriverSpecValidated(t *testing.T) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	_, err = sim.NewDrivers(plan, 1, sim.DriverSpec{AtMonths: []float64{12, 500}})
	require.ErrorContains(t, err, "atMonths[1] = 500")
	_, err = sim.NewDrivers(plan, 1, sim.DriverSpec{AtMonths: []float64{math.NaN()}})
	require.ErrorContains(t, err, "atMonths[0]")
}
