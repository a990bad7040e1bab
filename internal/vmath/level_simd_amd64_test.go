//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

// kernelLevels returns the kernel levels this CPU runs, by name.
func kernelLevels() []kernelLevel {
	ls := []kernelLevel{{"portable", levelPortable}}
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		ls = append(ls, kernelLevel{"AVX2", levelAVX2})
		if archsimd.X86.AVX512() {
			ls = append(ls, kernelLevel{"AVX512", levelAVX512})
		}
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
