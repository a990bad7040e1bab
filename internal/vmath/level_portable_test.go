//go:build !amd64 || purego

package vmath

// kernelLevels returns the kernel levels of this build: the portable one.
func kernelLevels() []kernelLevel { return []kernelLevel{{"portable", 0}} }

// useLevel does nothing: this build has one level.
func useLevel(int) (restore func()) { return func() {} }
