//go:build race

package vmath

// sampleScale divides the random tests' sample counts: the race detector
// slows these single-goroutine loops about sixfold and finds nothing in
// them that a smaller sample would not.
const sampleScale = 10
