package site

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestLeaseTenantsDrawFromTheirOwnStreams checks that each tenant's default
// clock draws from its own stream: with a constant hazard the k-th tenant's
// Exp(1) threshold (the cumulative hazard at its default) is the same
// whether the re-leasing delays before it were fixed (no draws) or drawn
// from a PERT (a varying number of draws).
func TestLeaseTenantsDrawFromTheirOwnStreams(t *testing.T) {
	thresholds := func(delay dist.Spec) []float64 {
		l := plainLease()
		l.ReleaseDelayMonths = delay
		b := newLease(t, l, 1)
		r := dist.New(6, 0)
		b.Commence(0)
		var out []float64
		for k := 1; k <= 12*40 && len(out) < 8; k++ {
			s := coloState(k, 150, 0.8)
			before := b.Defaults()
			book(&b, &s, r)
			if b.Defaults() > before {
				out = append(out, b.clock.CumulativeHazard())
			}
		}
		return out
	}
	fixed, pert := thresholds(dist.Fixed(9)), thresholds(dist.PERTSpec(6, 12, 18))
	if len(fixed) < 5 || len(pert) < 5 {
		t.Fatalf("only %d and %d defaults: the case tests too little", len(fixed), len(pert))
	}
	for k := range min(len(fixed), len(pert)) {
		if fixed[k] != pert[k] {
			t.Errorf("tenant %d: threshold %v with fixed delays, %v with drawn delays", k+1, fixed[k], pert[k])
		}
	}
}

// TestParcelsDrawFromTheirOwnStreams runs two converting parcels off one
// runner stream and checks that the second one's books are bit for bit the
// same whatever the first does: many defaults and drawn re-leasing delays,
// or none.
func TestParcelsDrawFromTheirOwnStreams(t *testing.T) {
	run := func(firstHazardy bool) []CashFlow {
		f := DefaultFacility()
		busy := DefaultLease()
		if firstHazardy {
			busy.Tenant = market.UnratedNeocloud
		}
		p0, err := NewConvertingParcel(f, 10, busy, DefaultConversion())
		if err != nil {
			t.Fatal(err)
		}
		p1, err := NewConvertingParcel(f, 10, DefaultLease(), DefaultConversion())
		if err != nil {
			t.Fatal(err)
		}
		r := dist.New(7, 0)
		p0.Reset(r)
		p0.Schedule(0)
		p1.Reset(r)
		p1.Schedule(0.5)
		var out []CashFlow
		for k := 1; k <= 120; k++ {
			s := coloState(k, 150, 0.3)                       // the second parcel's tenant defaults now and then
			s.TenantHazardPerYear[market.UnratedNeocloud] = 2 // the busy tenant defaults often
			book(&p0, &s, r)
			out = append(out, book(&p1, &s, r))
		}
		if firstHazardy && p0.Contract.(*LeaseContract).Defaults() < 5 || p1.Contract.(*LeaseContract).Defaults() < 1 {
			t.Fatalf("parcels defaulted %d and %d times: the case tests too little", p0.Contract.(*LeaseContract).Defaults(), p1.Contract.(*LeaseContract).Defaults())
		}
		return out
	}
	quiet, busy := run(false), run(true)
	for k := range quiet {
		a, b := quiet[k], busy[k]
		if math.Float64bits(a.LeaseUSD) != math.Float64bits(b.LeaseUSD) || a.CapexUSD != b.CapexUSD || a.OpexUSD != b.OpexUSD || a.RecoveryUSD != b.RecoveryUSD {
			t.Fatalf("month %d: second parcel's books %+v, %+v when the first parcel's tenant defaults", k+1, a, b)
		}
	}
}
