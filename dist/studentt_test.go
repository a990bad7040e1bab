package dist

import (
	"math"
	"testing"
)

// TestStudentTMoments checks what Mean and Variance return on each side of
// DF = 1 and DF = 2.
func TestStudentTMoments(t *testing.T) {
	for _, c := range []struct {
		df         float64
		mean, vari float64
	}{
		{0.5, math.NaN(), math.NaN()},
		{1, math.NaN(), math.NaN()},
		{1.5, 2, math.Inf(1)},
		{2, 2, math.Inf(1)},
		{3, 2, 9 * 3},
		{10, 2, 9 * 10.0 / 8},
	} {
		d := StudentT{Mu: 2, Scale: 3, DF: c.df}
		if m := d.Mean(); !(m == c.mean || math.IsNaN(m) && math.IsNaN(c.mean)) {
			t.Errorf("df %v: Mean = %v, want %v", c.df, m, c.mean)
		}
		if v := d.Variance(); !(v == c.vari || math.IsNaN(v) && math.IsNaN(c.vari)) {
			t.Errorf("df %v: Variance = %v, want %v", c.df, v, c.vari)
		}
	}
}

// TestStudentTTinyDF checks that draws with a DF so small that the gamma
// draw underflows are never NaN.
func TestStudentTTinyDF(t *testing.T) {
	d := StudentT{Mu: 0, Scale: 1, DF: 1e-3}
	r := New(8, 0)
	for i := 0; i < 10000; i++ {
		if x := d.Sample(r); math.IsNaN(x) {
			t.Fatalf("draw %d is NaN", i)
		}
	}
}
