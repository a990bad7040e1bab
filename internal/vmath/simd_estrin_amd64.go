//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

// estrin10 and estrin11 lane by lane on 4 lanes.

// estrin10V4 is estrin10 lane by lane.
func estrin10V4(c *[10]float64, x archsimd.Float64x4) archsimd.Float64x4 {
	x2 := x.Mul(x)
	x4 := x2.Mul(x2)
	x8 := x4.Mul(x4)
	a0 := splatV4(c[1]).MulAdd(x, splatV4(c[0]))
	a1 := splatV4(c[3]).MulAdd(x, splatV4(c[2]))
	a2 := splatV4(c[5]).MulAdd(x, splatV4(c[4]))
	a3 := splatV4(c[7]).MulAdd(x, splatV4(c[6]))
	a4 := splatV4(c[9]).MulAdd(x, splatV4(c[8]))
	b0 := a1.MulAdd(x2, a0)
	b1 := a3.MulAdd(x2, a2)
	return a4.MulAdd(x8, b1.MulAdd(x4, b0))
}

// estrin11V4 is estrin11 lane by lane.
func estrin11V4(c *[11]float64, x archsimd.Float64x4) archsimd.Float64x4 {
	x2 := x.Mul(x)
	x4 := x2.Mul(x2)
	x8 := x4.Mul(x4)
	a0 := splatV4(c[1]).MulAdd(x, splatV4(c[0]))
	a1 := splatV4(c[3]).MulAdd(x, splatV4(c[2]))
	a2 := splatV4(c[5]).MulAdd(x, splatV4(c[4]))
	a3 := splatV4(c[7]).MulAdd(x, splatV4(c[6]))
	a4 := splatV4(c[9]).MulAdd(x, splatV4(c[8]))
	b0 := a1.MulAdd(x2, a0)
	b1 := a3.MulAdd(x2, a2)
	b2 := splatV4(c[10]).MulAdd(x2, a4)
	return b2.MulAdd(x8, b1.MulAdd(x4, b0))
}
