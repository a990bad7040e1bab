package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

func TestStrategySpecJSON(t *testing.T) {
	// A partial spec takes the defaults for what it leaves out.
	var sp StrategySpec
	if err := json.Unmarshal([]byte(`{"kind":"hybrid","fraction":0.3,"lease":{"termYears":15,"tenant":"ratedNeocloud"}}`), &sp); err != nil {
		t.Fatal(err)
	}
	want := site.DefaultLease()
	want.TermYears, want.Tenant = 15, market.RatedNeocloud
	if sp.Kind != KindHybrid || sp.Fraction != 0.3 || sp.Contract != want {
		t.Errorf("decoded %+v, lease %+v", sp, sp.Contract)
	}
	if err := sp.Validate(); err != nil {
		t.Error(err)
	}
	b, err := json.Marshal(ConditionalSwitch(0.5, site.DefaultTrigger(), site.DefaultGPUCloud()))
	if err != nil {
		t.Fatal(err)
	}
	var back StrategySpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Kind != KindConditionalSwitch || back.Contract != site.DefaultGPUCloud() || *back.Trigger != site.DefaultTrigger() {
		t.Errorf("round trip of %s gave %+v", b, back)
	}
	// A distribution given in JSON replaces the default one whole (the
	// default build time is a lognormal; a fixed one has no median).
	if err := json.Unmarshal([]byte(`{"kind":"fullAI","conversion":{"buildMonths":{"kind":"fixed","value":10},"capexUSDPerMWIT":8e6},"lease":{"releaseDelayMonths":{"kind":"fixed","value":6}}}`), &sp); err != nil {
		t.Fatal(err)
	}
	if err := sp.Validate(); err != nil {
		t.Errorf("spec with replaced distributions invalid: %v", err)
	}
	if sp.Conversion.BuildMonths != dist.Fixed(10) || sp.Conversion.CapexUSDPerMWIT != 8e6 ||
		sp.Conversion.CapexOverrun != site.DefaultConversion().CapexOverrun || sp.Contract.(site.Lease).ReleaseDelayMonths != dist.Fixed(6) {
		t.Errorf("decoded conversion %+v, lease %+v", *sp.Conversion, sp.Contract)
	}
	if err := json.Unmarshal([]byte(`{"kind":"hybrid","business":"mining"}`), &sp); err == nil {
		t.Error("unknown business accepted")
	}
}

// TestStrategySpecName checks the names built from a spec's kind and
// parameters, and that a Label wins.
func TestStrategySpecName(t *testing.T) {
	tests := []struct {
		spec StrategySpec
		want string
	}{
		{StrategySpec{Kind: KindPureMining}, "pure mining"},
		{StrategySpec{Kind: KindHybrid, Fraction: 0.5, Contract: site.DefaultLease()}, "hybrid 50% colocation"},
		{StrategySpec{Kind: KindHybrid, Fraction: 0.25, Contract: site.DefaultGPUCloud()}, "hybrid 25% GPU cloud"},
		{StrategySpec{Kind: KindFullAI, Contract: site.DefaultGPUCloud()}, "full AI GPU cloud"},
		{StrategySpec{Kind: KindFullAI, Contract: site.DefaultLease()}, "full AI colocation"},
		{StrategySpec{Kind: KindFullAI, Contract: site.DefaultGPUCloud(), Label: "IREN-style"}, "IREN-style"},
	}
	for _, tt := range tests {
		if got := tt.spec.Name(); got != tt.want {
			t.Errorf("%+v: Name() = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

// TestContractKindsInJSON checks how a strategy names its contract in a
// scenario file: "business" picks the kind (colocation when left out), the
// terms sit under the kind's key and start from its defaults, a business
// given alone gives its default terms, and terms under another kind's key
// are refused at their position.
func TestContractKindsInJSON(t *testing.T) {
	load := func(strategy string) (StrategySpec, error) {
		sc, err := loadString(`{"strategies": [` + strategy + `]}`)
		if err != nil {
			return StrategySpec{}, err
		}
		return sc.Strategies[0], nil
	}
	cloud := site.DefaultGPUCloud()
	cloud.LifeYears = 6
	for _, tc := range []struct {
		doc  string
		want site.ContractTerms
		name string
	}{
		{`{"kind": "fullAI"}`, nil, "full AI colocation"},
		{`{"kind": "fullAI", "business": "colocation"}`, site.DefaultLease(), "full AI colocation"},
		{`{"kind": "fullAI", "business": "gpuCloud"}`, site.DefaultGPUCloud(), "full AI GPU cloud"},
		{`{"kind": "fullAI", "business": "gpuCloud", "gpuCloud": {"lifeYears": 6}}`, cloud, "full AI GPU cloud"},
	} {
		sp, err := load(tc.doc)
		if err != nil {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		if sp.Contract != tc.want || sp.Name() != tc.name {
			t.Errorf("%s: contract %+v named %q, want %+v named %q", tc.doc, sp.Contract, sp.Name(), tc.want, tc.name)
		}
		var direct StrategySpec
		if err := json.Unmarshal([]byte(tc.doc), &direct); err != nil || !reflect.DeepEqual(direct, sp) {
			t.Errorf("%s: json.Unmarshal gives %+v, %v; LoadScenario %+v", tc.doc, direct, err, sp)
		}
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"kind": "fullAI", "business": "gpuCloud", "lease": {"termYears": 15}}`,
			`line 1, column 60 (byte 59): strategies[0].lease: terms of business "colocation" in a strategy of business "gpuCloud": give "business": "colocation", or the terms under "gpuCloud"`},
		{`{"kind": "fullAI", "gpuCloud": {"lifeYears": 4}}`,
			`strategies[0].gpuCloud: terms of business "gpuCloud" in a strategy of business "colocation": give "business": "gpuCloud", or the terms under "lease"`},
		{`{"kind": "fullAI", "business": "solar"}`, `strategies[0].business: business "solar": must be colocation`},
	} {
		_, err := load(tc.doc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error\n%v\nwant one containing\n%s", tc.doc, err, tc.want)
		}
		var direct StrategySpec
		if err := json.Unmarshal([]byte(tc.doc), &direct); err == nil {
			t.Errorf("%s: json.Unmarshal accepted it", tc.doc)
		}
	}
}

// solarTerms are contract terms of a kind contracts.go does not list.
type solarTerms struct{ site.Lease }

func (solarTerms) Business() string { return "solar" }

// leaseLike claims the colocation kind with terms of another type.
type leaseLike struct{ site.Lease }

// TestSpecContractMustBeAListedKind checks that a spec, which must be
// written to scenario files, refuses contract terms of a kind contracts.go
// does not list (or of another type than the kind's): such a contract runs
// in a site.Pivot of Scenario.Custom.
func TestSpecContractMustBeAListedKind(t *testing.T) {
	for _, terms := range []site.ContractTerms{solarTerms{site.DefaultLease()}, leaseLike{site.DefaultLease()}} {
		sp := FullAI(0, terms)
		err := sp.Validate()
		if err == nil || !strings.Contains(err.Error(), "business = ") {
			t.Errorf("%T: Validate gave %v, want an error naming the business", terms, err)
		}
		if _, err := json.Marshal(sp); err == nil {
			t.Errorf("%T: marshalled", terms)
		}
	}
	// The same terms run as a Pivot.
	pv := site.Pivot{Label: "solar", Share: 1, Terms: solarTerms{site.DefaultLease()}, Conversion: site.DefaultConversion()}
	sc := DefaultScenario()
	sc.Custom = []site.Strategy{pv}
	if _, err := NewPlan(&sc); err != nil {
		t.Errorf("a Pivot of an unlisted kind: %v", err)
	}
}

// TestStrategySpecPivot checks the Pivot each kind of spec describes: its
// share, phases, terms and policy (the phases' start dates, the trigger).
func TestStrategySpecPivot(t *testing.T) {
	phased := FullAI(3, site.DefaultGPUCloud())
	phased.Phases, phased.PhaseIntervalMonths = 3, 6
	tr := site.Trigger{HashpriceBelowUSDPerPHDay: 40, ForMonths: 2}
	for _, tc := range []struct {
		sp     StrategySpec
		share  float64
		phases int
		terms  site.ContractTerms
		policy site.Policy
	}{
		{PureMining(), 0, 1, site.DefaultLease(), nil},
		{Hybrid(0.5, 12, nil), 0.5, 1, site.DefaultLease(), site.AtDates{StartYears: []float64{1}}},
		{phased, 1, 3, site.DefaultGPUCloud(), site.AtDates{StartYears: []float64{0.25, 0.75, 1.25}}},
		{ConditionalSwitch(0.3, tr, nil), 0.3, 1, site.DefaultLease(), site.NewThreshold(tr)},
	} {
		pv := tc.sp.Pivot()
		if pv.Label != tc.sp.Name() || pv.Share != tc.share || pv.Phases != tc.phases || pv.Terms != tc.terms ||
			pv.Conversion != site.DefaultConversion() {
			t.Errorf("%s: pivot %+v", tc.sp.Name(), pv)
		}
		var policy site.Policy
		if pv.NewPolicy != nil {
			policy = pv.NewPolicy()
		}
		if !reflect.DeepEqual(policy, tc.policy) {
			t.Errorf("%s: policy %#v, want %#v", tc.sp.Name(), policy, tc.policy)
		}
	}
}
