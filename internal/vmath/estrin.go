package vmath

import "math"

// Polynomials of 10 and 11 coefficients by Estrin's scheme: pairs
// c[i] + c[i+1]·x, combined with x², x⁴, x⁸, so the chain of dependent
// operations is 5 deep instead of 10 (Horner). The kernels use it for the
// high-order part of a polynomial, whose rounding errors are scaled down by
// a power of the small argument; the last terms go by Horner steps.

// estrin10 returns c[0] + c[1]·x + … + c[9]·x⁹.
func estrin10(c *[10]float64, x float64) float64 {
	x2 := x * x
	x4 := x2 * x2
	x8 := x4 * x4
	a0 := math.FMA(c[1], x, c[0])
	a1 := math.FMA(c[3], x, c[2])
	a2 := math.FMA(c[5], x, c[4])
	a3 := math.FMA(c[7], x, c[6])
	a4 := math.FMA(c[9], x, c[8])
	b0 := math.FMA(a1, x2, a0)
	b1 := math.FMA(a3, x2, a2)
	return math.FMA(a4, x8, math.FMA(b1, x4, b0))
}

// estrin11 returns c[0] + c[1]·x + … + c[10]·x¹⁰.
func estrin11(c *[11]float64, x float64) float64 {
	x2 := x * x
	x4 := x2 * x2
	x8 := x4 * x4
	a0 := math.FMA(c[1], x, c[0])
	a1 := math.FMA(c[3], x, c[2])
	a2 := math.FMA(c[5], x, c[4])
	a3 := math.FMA(c[7], x, c[6])
	a4 := math.FMA(c[9], x, c[8])
	b0 := math.FMA(a1, x2, a0)
	b1 := math.FMA(a3, x2, a2)
	b2 := math.FMA(c[10], x2, a4)
	return math.FMA(b2, x8, math.FMA(b1, x4, b0))
}
