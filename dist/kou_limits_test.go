package dist

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// The log moments by hand: μ = 0.1, σ = 0.2, λ = 2, p = 0.5, up mean 0.5,
// down mean 0.25 give ζ = 0.5/(1 − 0.5) + 0.5/(1 + 0.25) − 1 = 0.4,
// E[Y] = 0.25 − 0.125 = 0.125 and E[Y²] = 2·0.5·0.25 + 2·0.5·0.0625 =
// 0.3125, so the log drifts by 0.1 − 0.02 − 0.8 + 0.25 = −0.47 a year with
// variance 0.04 + 0.625 = 0.665 a year.
func TestKouLogRates(t *testing.T) {
	k, err := NewKou(0.1, 0.2, 2, 0.5, 0.5, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"compensator", k.JumpCompensatorPerYear(), 0.8},
		{"log drift", k.LogDriftPerYear(), -0.47},
		{"log variance", k.LogVariancePerYear(), 0.665},
	} {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %.17g, want %g", c.name, c.got, c.want)
		}
	}
	if got := (Kou{UpMeanLog: 0.99}).JumpCompensatorPerYear(); got != 0 {
		t.Errorf("no jumps: compensator %g", got)
	}
}

// Kou's condition: an up-jump mean below 1 keeps E[e^Y] finite, but so
// near 1 that λζ overflows it is still rejected, naming upMeanLog.
func TestKouCompensatorMustBeFinite(t *testing.T) {
	u := math.Nextafter(1, 0)
	if _, err := NewKou(0, 0.2, 1, 0.5, u, 0.1); err != nil {
		t.Fatalf("λ = 1: %v", err)
	}
	_, err := NewKou(0, 0.2, 1e300, 0.5, u, 0.1)
	var fe *valid.FieldError
	if !errors.As(err, &fe) || fe.Field != "upMeanLog" || !strings.Contains(fe.Want, "jump compensator") {
		t.Fatalf("λ = 1e300, up mean 1−2⁻⁵³: %v", err)
	}
}
