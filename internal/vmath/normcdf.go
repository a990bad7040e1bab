package vmath



func normCDFKernel(x float64) float64 { return refNormCDF(x) }
