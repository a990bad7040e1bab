//go:build !unix

package model

import "time"

// processCPU returns 0 where the process's CPU time is not read: the
// benchmarks then omit cpu-ns/step.
func processCPU() time.Duration { return 0 }
