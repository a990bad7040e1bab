//go:build unix

package model

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the process has used so
// far, for the benchmarks' cpu-ns/step metric, which unlike wall time is
// not inflated when other programs compete for the cores.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
