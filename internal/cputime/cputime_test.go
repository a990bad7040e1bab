package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestProcessGrowsWithWork checks that CPU time spent spinning shows up:
// at least half of 50 ms of busy work (where the platform reads it).
func TestProcessGrowsWithWork(t *testing.T) {
	t0 := Process()
	if t0 == 0 && runtime.GOOS == "windows" {
		t.Skip("no CPU time on this platform")
	}
	start := time.Now()
	x := 1.0
	for time.Since(start) < 50*time.Millisecond {
		x = x*1.0000001 + 1e-9
	}
	if d := Process() - t0; d < 25*time.Millisecond {
		t.Errorf("50 ms of work added %v of CPU time (x = %g)", d, x)
	}
}
