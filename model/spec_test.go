package model

import (
	"encoding/json"
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
	if sp.Kind != KindHybrid || sp.Fraction != 0.3 || sp.Lease == nil || *sp.Lease != want {
		t.Errorf("decoded %+v, lease %+v", sp, sp.Lease)
	}
	if err := sp.Validate(); err != nil {
		t.Error(err)
	}
	b, err := json.Marshal(ConditionalSwitch(0.5, site.DefaultTrigger(), BusinessGPUCloud))
	if err != nil {
		t.Fatal(err)
	}
	var back StrategySpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Kind != KindConditionalSwitch || back.Business != BusinessGPUCloud || *back.Trigger != site.DefaultTrigger() {
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
		sp.Conversion.CapexOverrun != site.DefaultConversion().CapexOverrun || sp.Lease.ReleaseDelayMonths != dist.Fixed(6) {
		t.Errorf("decoded conversion %+v, lease %+v", *sp.Conversion, *sp.Lease)
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
		{StrategySpec{Kind: KindHybrid, Fraction: 0.5, Business: BusinessColocation}, "hybrid 50% colocation"},
		{StrategySpec{Kind: KindHybrid, Fraction: 0.25, Business: BusinessGPUCloud}, "hybrid 25% GPU cloud"},
		{StrategySpec{Kind: KindFullAI, Business: BusinessGPUCloud}, "full AI GPU cloud"},
		{StrategySpec{Kind: KindFullAI, Business: BusinessColocation}, "full AI colocation"},
		{StrategySpec{Kind: KindFullAI, Business: BusinessGPUCloud, Label: "IREN-style"}, "IREN-style"},
	}
	for _, tt := range tests {
		if got := tt.spec.Name(); got != tt.want {
			t.Errorf("%+v: Name() = %q, want %q", tt.spec, got, tt.want)
		}
	}
}
