//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

// Vector forms of expCore and expm1Core: the same operations in the same
// order, lane by lane, so every lane has the bits of the scalar kernel.
// This file holds the 4-lane (AVX2) form.

// lanesV4 is the number of float64 lanes of the vectors below.
const lanesV4 = 4

// fullV4 is the mask bits of a vector whose lanes are all set.
const fullV4 = 1<<lanesV4 - 1

// splatV4 broadcasts c to every lane.
func splatV4(c float64) archsimd.Float64x4 { return archsimd.BroadcastFloat64x4(c) }

// splatBitsV4 broadcasts the integer c to every lane.
func splatBitsV4(c uint64) archsimd.Uint64x4 { return archsimd.BroadcastUint64x4(c) }

// hornerV4 is horner lane by lane.
func hornerV4(c []float64, x archsimd.Float64x4) archsimd.Float64x4 {
	p := splatV4(c[0])
	for _, a := range c[1:] {
		p = p.MulAdd(x, splatV4(a))
	}
	return p
}

// hornerMonicV4 is hornerMonic lane by lane.
func hornerMonicV4(c []float64, x archsimd.Float64x4) archsimd.Float64x4 {
	p := splatV4(1)
	for _, a := range c {
		p = p.MulAdd(x, splatV4(a))
	}
	return p
}

// fixV4 replaces dst[j] by kernel(x_j) in the lanes j that ok leaves out
// (special values and ranges the vector form does not cover).
func fixV4(dst []float64, v archsimd.Float64x4, ok archsimd.Mask64x4, kernel func(float64) float64) {
	bits := ok.ToBits()
	if bits == fullV4 {
		return
	}
	var xs [lanesV4]float64
	v.Store(&xs)
	for j := range lanesV4 {
		if bits&(1<<j) == 0 {
			dst[j] = kernel(xs[j])
		}
	}
}

// expCoreV4 is expCore lane by lane, for expLo < x < expHi.
func expCoreV4(v archsimd.Float64x4) archsimd.Float64x4 {
	t := v.MulAdd(splatV4(log2e), splatV4(roundC))
	n := t.Sub(splatV4(roundC))
	r := n.MulAdd(splatV4(-ln2Hi), v)
	r = n.MulAdd(splatV4(-ln2Lo), r)
	p := estrin11V4(&expC, r)
	p = p.MulAdd(r, splatV4(0.5))
	p = p.MulAdd(r, splatV4(1))
	p = p.MulAdd(r, splatV4(1))
	nb := t.AsUint64x4().Sub(splatBitsV4(roundCBits)).ShiftAllLeft(52)
	return p.AsUint64x4().Add(nb).AsFloat64x4()
}

// expSliceV4 is ExpSlice with 4-lane vectors.
func expSliceV4(dst, x []float64) {
	lo, hi := splatV4(expLo), splatV4(expHi)
	n := len(x) &^ (lanesV4 - 1)
	for i := 0; i < n; i += lanesV4 {
		v := archsimd.LoadFloat64x4Slice(x[i:])
		expCoreV4(v).StoreSlice(dst[i:])
		fixV4(dst[i:], v, v.Greater(lo).And(v.Less(hi)), expKernel)
	}
	portableSlice(dst[n:], x[n:], expKernel)
}

// expm1CoreV4 is expm1Core lane by lane.
func expm1CoreV4(v archsimd.Float64x4) archsimd.Float64x4 {
	one := splatV4(1)
	t := v.MulAdd(splatV4(log2e), splatV4(roundC))
	n := t.Sub(splatV4(roundC))
	hi := n.MulAdd(splatV4(-ln2Hi), v)
	r := n.MulAdd(splatV4(-ln2Lo), hi)
	c := n.MulAdd(splatV4(-ln2Lo), hi.Sub(r))
	q := estrin10V4(&expm1C, r)
	q = q.MulAdd(r, splatV4(1.0/6))
	q = q.MulAdd(r, splatV4(0.5))
	lo := r.Mul(r).MulAdd(q, c.MulAdd(r, c))
	nb := t.AsUint64x4().Sub(splatBitsV4(roundCBits))
	two := nb.Add(splatBitsV4(1023)).ShiftAllLeft(52).AsFloat64x4()
	return two.MulAdd(lo, two.MulAdd(r, two.Sub(one)))
}

// expm1SliceV4 is Expm1Slice with 4-lane vectors.
func expm1SliceV4(dst, x []float64) {
	lo, hi := splatV4(expm1Lo), splatV4(expHi)
	tiny, negTiny := splatV4(tinyArg), splatV4(-tinyArg)
	n := len(x) &^ (lanesV4 - 1)
	for i := 0; i < n; i += lanesV4 {
		v := archsimd.LoadFloat64x4Slice(x[i:])
		expm1CoreV4(v).StoreSlice(dst[i:])
		ok := v.Greater(lo).And(v.Less(hi)).And(v.GreaterEqual(tiny).Or(v.LessEqual(negTiny)))
		fixV4(dst[i:], v, ok, expm1Kernel)
	}
	portableSlice(dst[n:], x[n:], expm1Kernel)
}
