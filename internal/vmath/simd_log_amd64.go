//go:build goexperiment.simd && amd64 && !purego

package vmath

import "simd/archsimd"

// Vector forms of logSplit, logJoin, logCore and log1pCore on 4 lanes, the
// scalar operations in the same order.

// logSplitV4 is logSplit lane by lane; k is formed exactly as a float by
// placing k + 1023 in the mantissa of 2^52 and subtracting 2^52 + 1023.
func logSplitV4(v archsimd.Float64x4) (k, f archsimd.Float64x4) {
	b := v.AsUint64x4()
	kb := b.Sub(splatBitsV4(sqrtHalfBits)).Add(splatBitsV4(expBias)).ShiftAllRight(52)
	m := b.Sub(kb.ShiftAllLeft(52)).Add(splatBitsV4(expBias)).AsFloat64x4()
	k = kb.Or(splatBitsV4(twoP52Bits)).AsFloat64x4().Sub(splatV4(0x1p52 + 1023))
	return k, m.Sub(splatV4(1))
}

// logJoinV4 is logJoin lane by lane.
func logJoinV4(k, f, tail archsimd.Float64x4) archsimd.Float64x4 {
	s := f.Div(splatV4(2).Add(f))
	z := s.Mul(s)
	hfsq := splatV4(0.5).Mul(f).Mul(f)
	p := estrin10V4(&logC, z)
	lo := k.MulAdd(splatV4(ln2Lo), tail)
	lo = s.MulAdd(z.MulAdd(p, hfsq), lo)
	return k.MulAdd(splatV4(ln2Hi), f.Sub(hfsq.Sub(lo)))
}

// logSliceV4 is LogSlice with 4-lane vectors.
func logSliceV4(dst, x []float64) {
	lo, hi := splatV4(minNormal), splatV4(maxFloat)
	zero := splatV4(0)
	n := len(x) &^ (lanesV4 - 1)
	for i := 0; i < n; i += lanesV4 {
		v := archsimd.LoadFloat64x4Slice(x[i:])
		k, f := logSplitV4(v)
		logJoinV4(k, f, zero).StoreSlice(dst[i:])
		fixV4(dst[i:], v, v.GreaterEqual(lo).And(v.LessEqual(hi)), logKernel)
	}
	portableSlice(dst[n:], x[n:], logKernel)
}

// log1pCoreV4 is log1pCore lane by lane.
func log1pCoreV4(v archsimd.Float64x4) archsimd.Float64x4 {
	one, zero := splatV4(1), splatV4(0)
	u := one.Add(v)
	k, f := logSplitV4(u)
	c := v.Sub(u.Sub(one)).Div(u)
	k0 := k.Equal(zero)
	f = v.Merge(f, k0)
	c = zero.Merge(c, k0)
	return logJoinV4(k, f, c)
}

// log1pSliceV4 is Log1pSlice with 4-lane vectors.
func log1pSliceV4(dst, x []float64) {
	lo, hi := splatV4(-1), splatV4(maxFloat)
	tiny, negTiny := splatV4(tinyArg), splatV4(-tinyArg)
	n := len(x) &^ (lanesV4 - 1)
	for i := 0; i < n; i += lanesV4 {
		v := archsimd.LoadFloat64x4Slice(x[i:])
		log1pCoreV4(v).StoreSlice(dst[i:])
		ok := v.Greater(lo).And(v.LessEqual(hi)).And(v.GreaterEqual(tiny).Or(v.LessEqual(negTiny)))
		fixV4(dst[i:], v, ok, log1pKernel)
	}
	portableSlice(dst[n:], x[n:], log1pKernel)
}
