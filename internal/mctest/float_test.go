package mctest

import (
	"math"
	"testing"
)

func TestSameFloat(t *testing.T) {
	nan := math.NaN()
	inf := math.Inf(1)
	next := math.Nextafter(1e8, 2e8)
	for _, tc := range []struct {
		name      string
		got, want float64
		exact     bool
		same      bool
	}{
		{"equal bits, exact", 1.5, 1.5, true, true},
		{"one ulp, exact", next, 1e8, true, false},
		{"one ulp, fused", next, 1e8, false, true},
		{"1e-10 relative, fused", 1e8 * (1 + 1e-10), 1e8, false, true},
		{"1e-8 relative, fused", 1e8 * (1 + 1e-8), 1e8, false, false},
		{"near zero within 1e-9 absolute, fused", 1e-12, -1e-12, false, true},
		{"near zero beyond 1e-9 absolute, fused", 1e-8, 0, false, false},
		{"signed zeros, exact", math.Copysign(0, -1), 0, true, false},
		{"signed zeros, fused", math.Copysign(0, -1), 0, false, true},
		{"both NaN, exact", nan, math.Float64frombits(0x7ff8000000000001), true, true},
		{"NaN and number, fused", nan, 1, false, false},
		{"infinities equal", inf, inf, false, true},
		{"infinity and huge, fused", inf, math.MaxFloat64, false, false},
		{"opposite signs, fused", 1, -1, false, false},
	} {
		if got := SameFloat(tc.got, tc.want, tc.exact); got != tc.same {
			t.Errorf("%s: SameFloat(%g, %g, %v) = %v, want %v", tc.name, tc.got, tc.want, tc.exact, got, tc.same)
		}
	}
}
