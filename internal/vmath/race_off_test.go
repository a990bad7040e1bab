//go:build !race

package vmath

// sampleScale divides the random tests' sample counts (10 under -race).
const sampleScale = 1
