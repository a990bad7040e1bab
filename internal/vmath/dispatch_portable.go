//go:build !amd64 || purego

package vmath

// Off amd64, and with the purego build tag, the slice forms run the
// portable kernels element by element.

func expSlice(dst, x []float64)     { portableSlice(dst, x, expKernel) }
func logSlice(dst, x []float64)     { portableSlice(dst, x, logKernel) }
func expm1Slice(dst, x []float64)   { portableSlice(dst, x, expm1Kernel) }
func log1pSlice(dst, x []float64)   { portableSlice(dst, x, log1pKernel) }
func normCDFSlice(dst, x []float64) { portableSlice(dst, x, normCDFKernel) }

// The scalar forms' fast paths run the portable cores.

func expCoreScalar(x float64) float64   { return expCore(x) }
func logCoreScalar(x float64) float64   { return logCore(x) }
func expm1CoreScalar(x float64) float64 { return expm1Core(x) }
func log1pCoreScalar(x float64) float64 { return log1pCore(x) }

// normCDFScalar is normCDFKernel.
func normCDFScalar(x float64) float64 { return normCDFKernel(x) }
