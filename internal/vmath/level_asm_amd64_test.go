//go:build amd64 && !goexperiment.simd && !purego

package vmath

import "golang.org/x/sys/cpu"

// kernelLevels returns the kernel levels this CPU runs, by name.
func kernelLevels() []kernelLevel {
	ls := []kernelLevel{{"portable", levelPortable}}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ls = append(ls, kernelLevel{"AVX2asm", levelAVX2})
	}
	return ls
}

// useLevel makes the slice forms use level l until the returned function
// restores the previous level.
func useLevel(l int) (restore func()) {
	was := level
	level = l
	return func() { level = was }
}
