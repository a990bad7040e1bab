package dist

import "testing"

// TestConstant checks the degenerate distribution and that it draws nothing.
func TestConstant(t *testing.T) {
	d := Constant{Value: 7.5}
	r, ref := New(1, 2), New(1, 2)
	for i := 0; i < 10; i++ {
		if x := d.Sample(r); x != 7.5 {
			t.Fatalf("Sample = %v, want 7.5", x)
		}
	}
	if r.Uint64() != ref.Uint64() {
		t.Error("Constant.Sample consumed the stream")
	}
	if d.Mean() != 7.5 || d.Variance() != 0 || d.CDF(7.4) != 0 || d.CDF(7.5) != 1 || d.Quantile(0.3) != 7.5 {
		t.Errorf("Constant{7.5}: mean %v variance %v CDF(7.4) %v CDF(7.5) %v Quantile(0.3) %v",
			d.Mean(), d.Variance(), d.CDF(7.4), d.CDF(7.5), d.Quantile(0.3))
	}
}
