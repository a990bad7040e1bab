package site

import (
	"math"
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
}

// TestNewRunnersRefusesWhatNewRunnerRefuses checks that NewRunners returns
// NewRunner's error, before sizing anything from the Pivot: a number of
// phases far out of range must not allocate room for that many parcels.
func TestNewRunnersRefusesWhatNewRunnerRefuses(t *testing.T) {
	env := Env{Facility: DefaultFacility(), Finance: DefaultFinance(), DtYears: 1.0 / 12, Steps: 120}
	noSteps := env
	noSteps.Steps = 0
	lease := Pivot{Label: "x", Share: 1, Terms: DefaultLease(), Conversion: DefaultConversion()}
	for _, tc := range []struct {
		name string
		pv   Pivot
		envs []Env
	}{
		{"steps = 0", lease, []Env{env, noSteps}},
		{"phases = 1e15", Pivot{Label: "x", Share: 0.5, Phases: 1e15, Terms: DefaultLease(), Conversion: DefaultConversion()}, []Env{env, env}},
		{"phases = -3", Pivot{Label: "x", Share: 0.5, Phases: -3, Terms: DefaultLease(), Conversion: DefaultConversion()}, []Env{env}},
		{"share = NaN", Pivot{Label: "x", Share: math.NaN(), Terms: DefaultLease(), Conversion: DefaultConversion()}, []Env{env}},
		{"share = 2", Pivot{Label: "x", Share: 2, Terms: DefaultLease(), Conversion: DefaultConversion()}, []Env{env}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want error
			for _, e := range tc.envs {
				if _, want = tc.pv.NewRunner(e); want != nil {
					break
				}
			}
			_, err := tc.pv.NewRunners(tc.envs)
			if err == nil || want == nil || err.Error() != want.Error() {
				t.Errorf("NewRunners: %v, want NewRunner's %v", err, want)
			}
		})
	}
}
