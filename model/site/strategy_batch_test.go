package site

import (
	"testing"
	"unsafe"
)

// TestNewRunnersLaysOutTogether checks that NewRunners gives each path a
// runner of its own (its own parcels and contract, one after another in
// memory) and returns NewRunner's error for an environment it refuses.
func TestNewRunnersLaysOutTogether(t *testing.T) {
	c := DefaultCoupling()
	env := Env{Facility: c.MeterFacility(DefaultFacility()), Finance: DefaultFinance(), DtYears: 1.0 / 12, Steps: 120, Coupling: &c, Grid: &GridCalls{}}
	for _, terms := range []ContractTerms{DefaultLease(), DefaultGPUCloud()} {
		pv := Pivot{Label: "hybrid", Share: 0.5, Phases: 2, Terms: terms, Conversion: DefaultConversion()}
		rs, err := pv.NewRunners([]Env{env, env, env})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[Contract]bool{}
		for i, r := range rs {
			ps := r.(*PivotRunner).Parcels()
			if len(ps) != 3 || cap(ps) != 3 {
				t.Fatalf("%s: runner %d has %d parcels (capacity %d), want 3", terms.Label(), i, len(ps), cap(ps))
			}
			if i > 0 {
				prev := rs[i-1].(*PivotRunner).Parcels()
				if d := uintptr(unsafe.Pointer(&ps[0])) - uintptr(unsafe.Pointer(&prev[0])); d != 3*unsafe.Sizeof(Parcel{}) {
					t.Fatalf("%s: runner %d's parcels start %d bytes after runner %d's, want right after them", terms.Label(), i, d, i-1)
				}
			}
			for j := range 2 {
				if seen[ps[j].Contract] {
					t.Fatalf("%s: runner %d parcel %d shares its contract", terms.Label(), i, j)
				}
				seen[ps[j].Contract] = true
			}
		}
	}
	bad := env
	bad.Steps = 0
	pv := Pivot{Label: "x", Share: 1, Terms: DefaultLease(), Conversion: DefaultConversion()}
	_, want := pv.NewRunner(bad)
	if _, err := pv.NewRunners([]Env{env, bad}); err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("NewRunners with steps = 0: %v, want NewRunner's %v", err, want)
	}
}
