package main

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// V is a vector register: a YMM register of 4 lanes in the 4-lane
// kernels, an XMM register whose low lane counts in the 1-lane ones.
type V = reg.VecVirtual

// kernels builds the kernels with avo. The methods below emit one
// operation each into a new virtual register (avo allocates the physical
// ones), named after the scalar operation they perform lane by lane:
// packed instructions (…PD) for 4 lanes, scalar ones (…SD) for 1.
type kernels struct {
	ctx    *build.Context
	consts *constTable
	w      int // lanes: 4 or 1
}

// ins is an avo instruction constructor.
type ins func(...operand.Op)

// pick returns pd for 4 lanes and sd for 1.
func (k *kernels) pick(pd, sd ins) ins {
	if k.w == 4 {
		return pd
	}
	return sd
}

// full is the mask bits of all lanes.
func (k *kernels) full() int { return 1<<k.w - 1 }

// newV returns a new virtual vector register.
func (k *kernels) newV() V {
	if k.w == 4 {
		return k.ctx.YMM()
	}
	return k.ctx.XMM()
}

// c returns the memory operand of the constant expr (a Go expression).
func (k *kernels) c(expr string) operand.Mem { return k.consts.mem(expr) }

// cb returns the memory operand of the constant whose bits are expr.
func (k *kernels) cb(expr string) operand.Mem { return k.consts.bits(expr) }

// ld loads m (a constant or the arguments) into a new register.
func (k *kernels) ld(m operand.Op) V {
	r := k.newV()
	k.pick(k.ctx.VMOVUPD, k.ctx.VMOVSD)(m, r)
	return r
}

// mov copies a.
func (k *kernels) mov(a V) V {
	r := k.newV()
	k.ctx.VMOVAPD(a, r)
	return r
}

// zero returns +0.
func (k *kernels) zero() V {
	r := k.newV()
	k.ctx.VXORPD(r, r, r)
	return r
}

// bin emits r = a op b for the three-operand instructions.
func (k *kernels) bin(pd, sd ins, a V, b operand.Op) V {
	r := k.newV()
	k.pick(pd, sd)(b, a, r)
	return r
}

func (k *kernels) mul(a V, b operand.Op) V { return k.bin(k.ctx.VMULPD, k.ctx.VMULSD, a, b) }
func (k *kernels) add(a V, b operand.Op) V { return k.bin(k.ctx.VADDPD, k.ctx.VADDSD, a, b) }

// sub returns a − b.
func (k *kernels) sub(a V, b operand.Op) V { return k.bin(k.ctx.VSUBPD, k.ctx.VSUBSD, a, b) }

// div returns a / b.
func (k *kernels) div(a V, b operand.Op) V { return k.bin(k.ctx.VDIVPD, k.ctx.VDIVSD, a, b) }

// acc sets r = fma(a, b, r), rounded once.
func (k *kernels) acc(a V, b operand.Op, r V) {
	k.pick(k.ctx.VFMADD231PD, k.ctx.VFMADD231SD)(b, a, r)
}

// fma returns fma(a, b, c) = a·b + c rounded once.
func (k *kernels) fma(a V, b operand.Op, c V) V {
	r := k.mov(c)
	k.acc(a, b, r)
	return r
}

// fmaC returns fma(a, b, c) for the constant c.
func (k *kernels) fmaC(a V, b operand.Op, c string) V {
	r := k.ld(k.c(c))
	k.acc(a, b, r)
	return r
}

// step sets p = fma(p, x, c) for the constant c: one Horner step.
func (k *kernels) step(p, x V, c string) {
	k.pick(k.ctx.VFMADD213PD, k.ctx.VFMADD213SD)(k.c(c), x, p)
}

// Comparison predicates (ordered, quiet: false for NaN, as Go's).
const (
	cmpEQ = 0x00
	cmpLT = 0x11
	cmpLE = 0x12
	cmpGE = 0x1d
	cmpGT = 0x1e
)

// cmp returns the lane mask of a pred b.
func (k *kernels) cmp(pred uint8, a V, b operand.Op) V {
	r := k.newV()
	k.pick(k.ctx.VCMPPD, k.ctx.VCMPSD)(operand.U8(pred), b, a, r)
	return r
}

// bits returns the lane mask m as bits in a general register.
func (k *kernels) bits(m V) reg.GPVirtual {
	r := k.ctx.GP32()
	k.ctx.VMOVMSKPD(m, r)
	if k.w == 1 {
		k.ctx.ANDL(operand.U8(1), r)
	}
	return r
}

// blend returns t in the lanes m sets and f in the others.
func (k *kernels) blend(m V, t operand.Op, f V) V {
	r := k.newV()
	k.ctx.VBLENDVPD(m, t, f, r)
	return r
}

// Bitwise operations on the lanes' bits.
func (k *kernels) and(a V, b operand.Op) V { return k.bin(k.ctx.VANDPD, k.ctx.VANDPD, a, b) }
func (k *kernels) or(a V, b operand.Op) V  { return k.bin(k.ctx.VORPD, k.ctx.VORPD, a, b) }
func (k *kernels) xor(a V, b operand.Op) V { return k.bin(k.ctx.VXORPD, k.ctx.VXORPD, a, b) }

// neg returns −a (the sign bit flipped, as Go's unary minus).
func (k *kernels) neg(a V) V { return k.xor(a, k.cb("signMask")) }

// Integer operations on the lanes' bits as uint64 (AVX2 for 4 lanes).
func (k *kernels) addq(a V, b operand.Op) V { return k.bin(k.ctx.VPADDQ, k.ctx.VPADDQ, a, b) }
func (k *kernels) subq(a V, b operand.Op) V { return k.bin(k.ctx.VPSUBQ, k.ctx.VPSUBQ, a, b) }
func (k *kernels) shlq(a V, n uint8) V {
	return k.bin(k.ctx.VPSLLQ, k.ctx.VPSLLQ, a, operand.U8(n))
}
func (k *kernels) shrq(a V, n uint8) V {
	return k.bin(k.ctx.VPSRLQ, k.ctx.VPSRLQ, a, operand.U8(n))
}
