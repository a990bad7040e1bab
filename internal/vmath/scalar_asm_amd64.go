//go:build amd64 && !purego

package vmath

// On amd64 (the default build and GOEXPERIMENT=simd alike) the scalar
// forms' fast paths run 1-lane assembly kernels (avx2_amd64.s, scalar FMA
// instructions) at every vector level, each of which requires AVX2 and
// FMA: at GOAMD64=v1 each math.FMA of the portable cores tests the CPU's
// features and goes through memory, which makes them slower (BENCHMARKS.md,
// section 13). They give the portable cores' bits.

// expCoreScalar returns expCore(x) for expLo < x < expHi.
func expCoreScalar(x float64) float64 {
	if level >= levelAVX2 {
		return expAVX2x1(x)
	}
	return expCore(x)
}

// logCoreScalar returns logCore(x) for positive normal finite x.
func logCoreScalar(x float64) float64 {
	if level >= levelAVX2 {
		return logAVX2x1(x)
	}
	return logCore(x)
}

// expm1CoreScalar returns expm1Core(x) in its range.
func expm1CoreScalar(x float64) float64 {
	if level >= levelAVX2 {
		return expm1AVX2x1(x)
	}
	return expm1Core(x)
}

// log1pCoreScalar returns log1pCore(x) in its range.
func log1pCoreScalar(x float64) float64 {
	if level >= levelAVX2 {
		return log1pAVX2x1(x)
	}
	return log1pCore(x)
}

// normCDFScalar returns normCDFKernel(x), with the 1-lane assembly kernel
// where −x²/2 lies in expCore's range (|x| ≤ 37.6; its test is the
// kernel's, the same two roundings).
func normCDFScalar(x float64) float64 {
	if level >= levelAVX2 && x*x*-0.5 > expLo {
		return normCDFAVX2x1(x)
	}
	return normCDFKernel(x)
}
