package dist

import (
	"fmt"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestPERTMoments checks the PERT mean formula (Min + λ·Mode + Max)/(λ+2)
// and the variance (μ−Min)(Max−μ)/(λ+3), with λ = 0 meaning 4.
func TestPERTMoments(t *testing.T) {
	for _, c := range []struct{ min, mode, max, lambda float64 }{
		{12, 18, 30, 0}, {12, 18, 30, 4}, {0, 9, 10, 1}, {-5, -5, 5, 10}, {100, 250, 1000, 2.5},
	} {
		d := PERT{Min: c.min, Mode: c.mode, Max: c.max, Lambda: c.lambda}
		l := c.lambda
		if l == 0 {
			l = 4
		}
		mean := (c.min + l*c.mode + c.max) / (l + 2)
		mctest.WithinRel(t, fmt.Sprintf("%+v mean", d), d.Mean(), mean, 1e-15)
		mctest.WithinRel(t, fmt.Sprintf("%+v variance", d), d.Variance(), (mean-c.min)*(c.max-mean)/(l+3), 1e-12)
		a, b := d.Shapes()
		mctest.WithinRel(t, "alpha", a, 1+l*(c.mode-c.min)/(c.max-c.min), 1e-15)
		mctest.WithinRel(t, "beta", b, 1+l*(c.max-c.mode)/(c.max-c.min), 1e-15)
	}
	// The classic example: (12 + 4·18 + 30)/6 = 19.
	if m := (PERT{Min: 12, Mode: 18, Max: 30}).Mean(); m != 19 {
		t.Errorf("PERT(12, 18, 30) mean = %v, want 19", m)
	}
}
