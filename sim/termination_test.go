package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestESCIExtremeLevelReturns asks for the ES interval at a level so close
// to 1 that the tail holds fewer than 2 of 100 values: the error must come
// at once and name the sample size needed. The count of that size used to
// step up one by one from 1, about 10¹⁵ steps at level 1 − 10⁻¹⁵.
func TestESCIExtremeLevelReturns(t *testing.T) {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(i)
	}
	for _, c := range []struct {
		level float64
		want  string
	}{
		{0.999, "≥ 1001"},
		{1 - 1e-15, "≥ "},
		{1 - 0x1p-53, "≥ "},
	} {
		done := make(chan error, 1)
		go func() { _, err := ESCI(xs, c.level, 0.95); done <- err }()
		select {
		case err := <-done:
			require.Error(t, err, "level %g", c.level)
			require.Contains(t, err.Error(), "len(samples)")
			require.Contains(t, err.Error(), c.want)
		case <-time.After(10 * time.Second):
			t.Fatalf("ESCI at level %g did not return within 10 s", c.level)
		}
	}
}
