package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestProcessCountsWork spins until the process's CPU time has grown by
// 20 ms (failing if it has not within 5 s of wall time, as it would if the
// clock did not count this goroutine's work) and checks the growth is no
// more than the wall time passed on every core, plus the clock's tick.
func TestProcessCountsWork(t *testing.T) {
	t0 := Process()
	if t0 == 0 {
		t.Skip("the process's CPU time is not read on " + runtime.GOOS)
	}
	start := time.Now()
	x := 1.0
	for Process()-t0 < 20*time.Millisecond {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("5 s of spinning added %v of CPU time (x = %g)", Process()-t0, x)
		}
		for range 100_000 {
			x = x*1.0000001 + 1e-9
		}
	}
	d, wall := Process()-t0, time.Since(start)
	if limit := wall*time.Duration(runtime.NumCPU()) + 20*time.Millisecond; d > limit {
		t.Errorf("CPU time grew by %v in %v of wall time on %d CPUs", d, wall, runtime.NumCPU())
	}
}
