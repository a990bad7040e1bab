package site

import (
	"testing"
	"unsafe"
)

// TestRunnersShareReadOnlyTerms checks that a runner's per-path state
// holds no copy of the terms it only reads, so that a worker's batch of
// runners (one per path) does not repeat them: the runners of one Env
// read its Coupling through the same pointer, a conversion's Build keeps
// its capex per MW rather than the whole Conversion, and a full
// conversion reserves no mining parcel.
func TestRunnersShareReadOnlyTerms(t *testing.T) {
	c := DefaultCoupling()
	f := DefaultFacility()
	env := Env{Facility: c.MeterFacility(f), Finance: DefaultFinance(), DtYears: 1.0 / 12, Steps: 120, Coupling: &c}
	var runners []*PivotRunner
	for _, share := range []float64{0.5, 1} {
		pv := Pivot{Label: "test", Share: share, Terms: DefaultLease(), Conversion: DefaultConversion(),
			NewPolicy: func() Policy { return AtDates{StartYears: []float64{0}} }}
		for range 2 {
			rn, err := pv.NewRunner(env)
			if err != nil {
				t.Fatal(err)
			}
			runners = append(runners, rn.(*PivotRunner))
		}
	}
	for i, pr := range runners {
		switch {
		case pr.site == nil:
			t.Fatalf("runner %d: no coupling books (the default coupling is on)", i)
		case pr.site.c != env.Coupling:
			t.Errorf("runner %d: coupling books read %p, not the Env's Coupling %p", i, pr.site.c, env.Coupling)
		}
	}
	if full := runners[2]; cap(full.parcels) != len(full.parcels) {
		t.Errorf("full conversion: %d parcels in room for %d", len(full.parcels), cap(full.parcels))
	}
	if b, conv := unsafe.Sizeof(Build{}), unsafe.Sizeof(Conversion{}); b >= conv {
		t.Errorf("Build is %d bytes, at least its Conversion's %d: it should keep only what it reads per path", b, conv)
	}
}
