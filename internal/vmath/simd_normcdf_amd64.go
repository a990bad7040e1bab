//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

// The vector form of normCDFKernel on 4 lanes: each of Cody's three forms is evaluated for a
// whole vector when any lane needs it, and every lane takes the form the
// scalar kernel would, computed by the same operations in the same order.

// cdfGaussV4 is cdfGauss lane by lane; lanes whose exponent argument lies
// outside expCore's range (|x| > 37.6) take expKernel's value.
func cdfGaussV4(v archsimd.Float64x4) archsimd.Float64x4 {
	t := v.Mul(v)
	e := v.MulAdd(v, splatV4(0).Sub(t))
	arg := splatV4(-0.5).Mul(t)
	g := expCoreV4(arg)
	ok := arg.Greater(splatV4(expLo))
	if ok.ToBits() != fullV4 {
		var gs [lanesV4]float64
		g.Store(&gs)
		fixV4(gs[:], arg, ok.And(arg.Less(splatV4(expHi))), expKernel)
		g = archsimd.LoadFloat64x4(&gs)
	}
	return g.MulAdd(splatV4(-0.5).Mul(e), g)
}

// cdfErfPartV4 is cdfErfPart lane by lane.
func cdfErfPartV4(v, y archsimd.Float64x4) archsimd.Float64x4 {
	z := y.Mul(y)
	erf := y.Mul(hornerV4(cdfA[:], z)).Div(hornerMonicV4(cdfB[:], z))
	neg := v.Less(splatV4(0))
	erf = splatV4(0).Sub(erf).Merge(erf, neg)
	return erf.MulAdd(splatV4(0.5), splatV4(0.5))
}

// cdfTailV4 is cdfTail lane by lane.
func cdfTailV4(y archsimd.Float64x4) archsimd.Float64x4 {
	w := splatV4(1).Div(y.Mul(y))
	pq := hornerV4(cdfP[:], w).Div(hornerMonicV4(cdfQ[:], w))
	return splatV4(0).Sub(w).MulAdd(pq, splatV4(invSqrtPi)).Div(y)
}

// normCDFV4 is normCDFKernel lane by lane for lanes with |x| ≤ 40; ok
// reports those lanes.
func normCDFV4(v archsimd.Float64x4) (p archsimd.Float64x4, ok archsimd.Mask64x4) {
	a := v.AsUint64x4().AndNot(splatBitsV4(signMask)).AsFloat64x4()
	ok = a.LessEqual(splatV4(cdfAbsMax))
	y := a.Mul(splatV4(invSqrt2))
	inErf := y.LessEqual(splatV4(cdfErfMax))
	inMid := y.LessEqual(splatV4(cdfMidMax))
	erfBits, midBits := inErf.And(ok).ToBits(), inMid.And(ok).ToBits()
	if erfBits == fullV4 {
		return cdfErfPartV4(v, y), ok
	}
	var s archsimd.Float64x4
	if midBits&^erfBits != 0 {
		s = hornerV4(cdfC[:], y).Div(hornerMonicV4(cdfD[:], y))
	}
	if ok.ToBits()&^midBits != 0 {
		s = s.Merge(cdfTailV4(y), inMid)
	}
	h := cdfGaussV4(v).Mul(splatV4(0.5).Mul(s))
	p = h.Merge(splatV4(1).Sub(h), v.Less(splatV4(0)))
	if erfBits != 0 {
		p = cdfErfPartV4(v, y).Merge(p, inErf)
	}
	return p, ok
}

// normCDFSliceV4 is NormCDFSlice with 4-lane vectors.
func normCDFSliceV4(dst, x []float64) {
	n := len(x) &^ (lanesV4 - 1)
	for i := 0; i < n; i += lanesV4 {
		v := archsimd.LoadFloat64x4Slice(x[i:])
		p, ok := normCDFV4(v)
		p.StoreSlice(dst[i:])
		fixV4(dst[i:], v, ok, normCDFKernel)
	}
	portableSlice(dst[n:], x[n:], normCDFKernel)
}
