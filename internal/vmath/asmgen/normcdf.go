package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
)

// The normal distribution function: normCDFKernel of normcdf.go. Each of
// Cody's three forms is evaluated for the whole block when any lane needs
// it, and every lane takes the form the scalar kernel would.

// normCDFOK is the range where normCDFKernel's e^(−x²/2) takes expCore:
// −x²/2 > expLo (|x| ≤ 37.6, so also |x| ≤ 40; false for NaN and ±Inf).
func (k *kernels) normCDFOK(v V) V {
	return k.cmp(cmpGT, k.mul(k.mul(v, v), k.c("-0.5")), k.c("expLo"))
}

// horner returns c[0]·x^(n−1) + … + c[n−1] for the Go array cs of n
// coefficients, monic (a leading 1 before c[0]) if asked, as horner and
// hornerMonic.
func (k *kernels) horner(cs string, n int, monic bool, x V) V {
	var p V
	first := 0
	if monic {
		p = k.ld(k.c("1"))
	} else {
		p = k.ld(k.c(cs + "[0]"))
		first = 1
	}
	for i := first; i < n; i++ {
		k.step(p, x, fmt.Sprintf("%s[%d]", cs, i))
	}
	return p
}

// cdfErfPart is cdfErfPart: erf = y·A(y²)/B(y²), negated for x < 0, and
// fma(erf, 1/2, 1/2).
func (k *kernels) cdfErfPart(v, y V) V {
	z := k.mul(y, y)
	erf := k.div(k.mul(y, k.horner("cdfA", 5, false, z)), k.horner("cdfB", 4, true, z))
	erf = k.blend(k.cmp(cmpLT, v, k.zero()), k.neg(erf), erf)
	return k.fmaC(erf, k.c("0.5"), "0.5")
}

// cdfGauss is cdfGauss: e^(−x²/2) from t = x², e = fma(x, x, −t) as
// g + g·(−e/2), g = expCore(−t/2).
func (k *kernels) cdfGauss(v V) V {
	t := k.mul(v, v)
	e := k.fma(v, v, k.neg(t))
	g := k.expCore(k.mul(t, k.c("-0.5")))
	return k.fma(g, k.mul(e, k.c("-0.5")), g)
}

// cdfTail is cdfTail: w = 1/y², (1/√π − w·P(w)/Q(w))/y.
func (k *kernels) cdfTail(y V) V {
	w := k.div(k.ld(k.c("1")), k.mul(y, y))
	pq := k.div(k.horner("cdfP", 6, false, w), k.horner("cdfQ", 5, true, w))
	r := k.fmaC(k.neg(w), pq, "invSqrtPi")
	return k.div(r, y)
}

// normCDF is normCDFKernel for |x| ≤ 37.6: with y = |x|/√2, the erf form
// for y ≤ 0.46875, else e^(−x²/2)·s/2 (1 minus it for x ≥ 0), s the C/D
// form for y ≤ 4 and the tail form above.
func (k *kernels) normCDF(v V) V {
	c := k.ctx
	y := k.mul(k.and(v, k.cb("^uint64(signMask)")), k.c("invSqrt2"))
	res := k.newV()
	erfBits := k.bits(k.cmp(cmpLE, y, k.c("cdfErfMax")))
	c.CMPL(erfBits, operand.U8(k.full()))
	c.JNE(operand.LabelRef("cdfnoterf"))
	c.VMOVAPD(k.cdfErfPart(v, y), res)
	c.JMP(operand.LabelRef("cdfend"))
	c.Label("cdfnoterf")
	s := k.newV()
	midBits := k.bits(k.cmp(cmpLE, y, k.c("cdfMidMax")))
	nb := k.ctx.GP32()
	c.MOVL(erfBits, nb)
	c.NOTL(nb)
	c.ANDL(midBits, nb) // lanes of the C/D form: in mid, not in erf
	c.JEQ(operand.LabelRef("cdfnomid"))
	c.VMOVAPD(k.div(k.horner("cdfC", 9, false, y), k.horner("cdfD", 8, true, y)), s)
	c.Label("cdfnomid")
	c.CMPL(midBits, operand.U8(k.full()))
	c.JEQ(operand.LabelRef("cdfnotail"))
	c.VBLENDVPD(k.cmp(cmpLE, y, k.c("cdfMidMax")), s, k.cdfTail(y), s)
	c.Label("cdfnotail")
	h := k.mul(k.cdfGauss(v), k.mul(s, k.c("0.5")))
	c.VBLENDVPD(k.cmp(cmpLT, v, k.zero()), h, k.sub(k.ld(k.c("1")), h), res)
	c.TESTL(erfBits, erfBits)
	c.JEQ(operand.LabelRef("cdfend"))
	c.VBLENDVPD(k.cmp(cmpLE, y, k.c("cdfErfMax")), k.cdfErfPart(v, y), res, res)
	c.Label("cdfend")
	return res
}
