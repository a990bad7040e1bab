package site

import (
	"strings"
	"testing"
)

func TestCashFlowArithmetic(t *testing.T) {
	c := CashFlow{MiningUSD: 10, DemandResponseUSD: 1, LeaseUSD: 20, GPURentUSD: 30, RecoveryUSD: 4,
		PowerUSD: 5, OpexUSD: 6, CapexUSD: 7, TaxUSD: 8, TerminalUSD: 100}
	if c.RevenueUSD() != 65 || c.CostUSD() != 26 || c.FreeCashUSD() != 65+100-26 {
		t.Errorf("revenue %g cost %g free cash %g", c.RevenueUSD(), c.CostUSD(), c.FreeCashUSD())
	}
	d := c
	d.Add(c)
	c.Scale(2)
	if d != c {
		t.Errorf("Add %+v != Scale(2) %+v", d, c)
	}
}

func TestFacilityValidate(t *testing.T) {
	if err := DefaultFacility().Validate(); err != nil {
		t.Fatal(err)
	}
	f := DefaultFacility()
	f.GridMW, f.PoolFee, f.SpotDispersion, f.EfficiencyJPerTH = -1, 1, 4, 0
	err := f.Validate()
	for _, w := range []string{"gridMW = -1", "poolFee = 1: must be in [0, 1)", "spotDispersion = 4: must be in [0, 3]", "efficiencyJPerTH = 0"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not contain %q", err, w)
		}
	}
	if it := DefaultFacility().ITMW(100); it != 75 {
		t.Errorf("IT MW of 100 gross = %g, want 75", it)
	}
}
