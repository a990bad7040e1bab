package model

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// leaseNPVs returns the NPV (at the finance terms' rate, monthly flows) of
// the full AI colocation strategy with lease l on paths 0..n−1 of seed 1,
// with the base default intensity of l's tenant class set to hazard.
func leaseNPVs(t *testing.T, l site.Lease, hazard float64, n int) []float64 {
	t.Helper()
	sc := DefaultScenario()
	sp := FullAI(0, nil)
	sp.Contract = l
	sc.Strategies = []StrategySpec{sp}
	base := sc.Market.Credit.BaseHazardPerYear.Array()
	base[l.Tenant] = hazard
	sc.Market.Credit.BaseHazardPerYear = market.ClassValues{Hyperscaler: base[market.Hyperscaler], RatedNeocloud: base[market.RatedNeocloud], UnratedNeocloud: base[market.UnratedNeocloud]}
	p, err := NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	x, err := p.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	disc := make([]float64, p.Steps()+1)
	for k := range disc {
		disc[k] = math.Pow(1+sc.Finance.DiscountRatePerYear, -float64(k)*p.DtYears())
	}
	out := make([]float64, n)
	for i := range out {
		x.Reset(1, uint64(i), false)
		for k := 1; k <= p.Steps(); k++ {
			_, cfs := x.Step()
			out[i] += cfs[0].FreeCashUSD() * disc[k]
		}
	}
	return out
}

// TestLeaseDefaultNeverPays is the property the default mechanics must
// have (LeaseContract): on common random numbers, raising the tenant's
// default intensity never raises the lease's mean NPV. It runs the default
// scenario's full AI colocation with each tenant class across and beyond
// its docs/CALIBRATION.md §G range (hyperscaler 0.2–0.5 %/yr, rated neocloud
// 3–7 %/yr, unrated 10–20 %/yr), and the backstopped lease of
// examples/scenarios/backstopped-lease.json (154 USD/kW-month, a 48 %
// guarantee), with the default recovery rate and re-leasing delay: each
// step up in intensity must not raise the mean NPV by more than 4.5 paired
// standard errors, and the whole range must lower it by more than 4.5.
func TestLeaseDefaultNeverPays(t *testing.T) {
	const n = 600
	backstopped := site.DefaultLease()
	backstopped.Tenant, backstopped.RentUSDPerKWMonth, backstopped.BackstopShare = market.RatedNeocloud, 154, 0.48
	cases := []struct {
		name    string
		lease   func() site.Lease
		hazards []float64
	}{
		{"hyperscaler", site.DefaultLease, []float64{0, 0.002, 0.005, 0.05, 0.3}},
		{"rated neocloud", func() site.Lease { l := site.DefaultLease(); l.Tenant = market.RatedNeocloud; return l }, []float64{0.03, 0.05, 0.07, 0.2, 1}},
		{"unrated neocloud", func() site.Lease { l := site.DefaultLease(); l.Tenant = market.UnratedNeocloud; return l }, []float64{0.1, 0.15, 0.2, 0.5, 2}},
		{"backstopped", func() site.Lease { return backstopped }, []float64{0, 0.03, 0.07, 0.3, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prev := leaseNPVs(t, tc.lease(), tc.hazards[0], n)
			first := prev
			for _, h := range tc.hazards[1:] {
				next := leaseNPVs(t, tc.lease(), h, n)
				d := make([]float64, n)
				for i := range d {
					d[i] = next[i] - prev[i]
				}
				m, se := mctest.MeanSE(d)
				if m > 4.5*se {
					t.Errorf("hazard up to %g raises the mean NPV by %.3g ± %.2g M USD", h, m/1e6, se/1e6)
				}
				prev = next
			}
			d := make([]float64, n)
			for i := range d {
				d[i] = prev[i] - first[i]
			}
			if m, se := mctest.MeanSE(d); !(m < -4.5*se) {
				t.Errorf("hazard %g → %g: mean NPV change %.3g ± %.2g M USD, want clearly negative", tc.hazards[0], tc.hazards[len(tc.hazards)-1], m/1e6, se/1e6)
			}
		})
	}
}
