package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
)

// all builds every kernel: the 4-lane slice kernels and the 1-lane
// scalar ones.
func (k *kernels) all() {
	k.w = 4
	k.slice("expAVX2", "e^x", k.expOK, k.expCore)
	k.slice("logAVX2", "ln x", k.logOK, k.logCore)
	k.slice("expm1AVX2", "e^x − 1", k.expm1OK, k.expm1Core)
	k.slice("log1pAVX2", "ln(1+x)", k.log1pOK, k.log1pCore)
	k.slice("normCDFAVX2", "Φ(x)", k.normCDFOK, k.normCDF)
	k.w = 1
	k.scalar("expAVX2x1", "expCore", k.expCore)
	k.scalar("logAVX2x1", "logCore", k.logCore)
	k.scalar("expm1AVX2x1", "expm1Core", k.expm1Core)
	k.scalar("log1pAVX2x1", "log1pCore", k.log1pCore)
	k.scalar("normCDFAVX2x1", "normCDFKernel", k.normCDF)
}

// slice builds name(dst, x []float64) int: it sets dst[i] = f(x[i]) four
// lanes at a time from i = 0 while every lane of the block passes ok, and
// returns the number of elements done: a multiple of 4, len(x) rounded
// down to one unless a block failed ok, whose elements the caller
// computes with the portable kernel. f computes the portable kernel's
// fast path (its core) lane by lane.
func (k *kernels) slice(name, what string, ok func(v V) V, f func(v V) V) {
	c := k.ctx
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr("func(dst, x []float64) int")
	c.Doc(fmt.Sprintf("%s sets dst[i] = %s for x[i] in blocks of 4 while every", name, what),
		"lane of the block lies in the portable kernel's fast range, and",
		"returns the number of elements done. It needs AVX2 and FMA.")
	xp := c.Load(c.Param("x").Base(), c.GP64())
	dp := c.Load(c.Param("dst").Base(), c.GP64())
	n := c.Load(c.Param("x").Len(), c.GP64())
	c.ANDQ(operand.I32(-4), n)
	i := c.GP64()
	c.XORQ(i, i)
	c.Label("loop")
	c.CMPQ(i, n)
	c.JAE(operand.LabelRef("done"))
	v := k.ld(operand.Mem{Base: xp, Index: i, Scale: 8})
	m := k.bits(ok(v))
	c.CMPL(m, operand.U8(k.full()))
	c.JNE(operand.LabelRef("done"))
	c.VMOVUPD(f(v), operand.Mem{Base: dp, Index: i, Scale: 8})
	c.ADDQ(operand.U8(4), i)
	c.JMP(operand.LabelRef("loop"))
	c.Label("done")
	c.VZEROUPPER()
	c.Store(i, c.ReturnIndex(0))
	c.RET()
}

// scalar builds name(x float64) float64 returning f(x) on one lane, for x
// in the fast range of the portable kernel's core function core.
func (k *kernels) scalar(name, core string, f func(v V) V) {
	c := k.ctx
	c.Function(name)
	c.Attributes(attr.NOSPLIT)
	c.SignatureExpr("func(x float64) float64")
	c.Doc(fmt.Sprintf("%s returns %s(x) with scalar FMA instructions.", name, core),
		"It needs AVX2 and FMA; x must lie in the fast range of "+core+".")
	v := c.Load(c.Param("x"), c.XMM())
	r := f(v.(V))
	c.VZEROUPPER()
	c.Store(r, c.ReturnIndex(0))
	c.RET()
}

// estrin returns c[0] + c[1]·x + … + c[len−1]·x^(len−1) for 10 or 11
// coefficients named c[0]… (the Go array cs), as estrin10 and estrin11.
func (k *kernels) estrin(cs string, n int, x V) V {
	ci := func(i int) string { return fmt.Sprintf("%s[%d]", cs, i) }
	x2 := k.mul(x, x)
	x4 := k.mul(x2, x2)
	x8 := k.mul(x4, x4)
	var a [5]V
	for j := range a {
		a[j] = k.fmaC(x, k.c(ci(2*j+1)), ci(2*j)) // x·c[2j+1] + c[2j]
	}
	k.acc(a[1], x2, a[0]) // b0
	k.acc(a[3], x2, a[2]) // b1
	if n == 11 {
		k.acc(x2, k.c(ci(10)), a[4]) // b2
	}
	k.acc(a[2], x4, a[0])
	k.acc(a[4], x8, a[0])
	return a[0]
}
