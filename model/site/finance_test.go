package site

import (
	"math"
	"strings"
	"testing"
)

func TestFinanceGrid(t *testing.T) {
	tests := []struct {
		horizon, step float64
		steps         int
	}{
		{10, 1, 120}, {10, 3, 40}, {1, 12, 1}, {2.5, 0.5, 60}, {10, 0.25, 480},
	}
	for _, tc := range tests {
		f := DefaultFinance()
		f.HorizonYears, f.StepMonths = tc.horizon, tc.step
		if err := f.Validate(); err != nil {
			t.Errorf("%g y / %g mo: %v", tc.horizon, tc.step, err)
			continue
		}
		if f.Steps() != tc.steps {
			t.Errorf("%g y / %g mo: %d steps, want %d", tc.horizon, tc.step, f.Steps(), tc.steps)
		}
		if d := f.DtYears()*float64(f.Steps()) - tc.horizon; math.Abs(d) > 1e-12 {
			t.Errorf("%g y / %g mo: steps·dt misses the horizon by %g", tc.horizon, tc.step, d)
		}
	}
}

func TestFinanceValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Finance)
		want string
	}{
		{"negative rate", func(f *Finance) { f.DiscountRatePerYear = -2 }, "discountRatePerYear = -2: must be in [0, 1]"},
		{"zero horizon", func(f *Finance) { f.HorizonYears = 0 }, "horizonYears = 0: must be in (0, 100]"},
		{"zero step", func(f *Finance) { f.StepMonths = 0 }, "stepMonths = 0: must be > 0"},
		{"uneven step", func(f *Finance) { f.StepMonths = 7 }, "stepMonths = 7: must be a divisor of the horizon of 120 months (it gives 17.14 steps)"},
		{"step beyond horizon", func(f *Finance) { f.StepMonths = 121 }, "stepMonths = 121: must be ≤ the horizon of 120 months"},
		{"tax", func(f *Finance) { f.TaxRate = 1 }, "taxRate = 1: must be in [0, 1)"},
		{"multiple", func(f *Finance) { f.ExitMultipleNOI = -1 }, "exitMultipleNOI = -1: must be in [0, 50]"},
	}
	for _, tc := range tests {
		f := DefaultFinance()
		tc.edit(&f)
		err := f.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestTaxBook(t *testing.T) {
	// Rate 30 %. Bases: −50 (carry 50), +20 (carry 30, no tax), +40 (uses
	// 30, taxes 10 → 3), −5 (carry 5), +100 (taxes 95 → 28.5).
	tb := NewTaxBook(0.3)
	bases := []float64{-50, 20, 40, -5, 100}
	taxes := []float64{0, 0, 3, 0, 28.5}
	carries := []float64{50, 30, 0, 5, 0}
	for i, b := range bases {
		cf := CashFlow{LeaseUSD: math.Max(b, 0), OpexUSD: math.Max(-b, 0)}
		tb.Apply(&cf)
		if math.Abs(cf.TaxUSD-taxes[i]) > 1e-12 || tb.CarryUSD() != carries[i] {
			t.Errorf("step %d: tax %g carry %g, want %g and %g", i, cf.TaxUSD, tb.CarryUSD(), taxes[i], carries[i])
		}
	}
	tb.Reset()
	if tb.CarryUSD() != 0 {
		t.Error("Reset kept the carry-forward")
	}
}
