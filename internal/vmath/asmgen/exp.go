package main

// The exponential kernels: expCore and expm1Core of exp.go and expm1.go.

// expOK is expKernel's fast range: expLo < x < expHi (false for NaN).
func (k *kernels) expOK(v V) V {
	return k.and(k.cmp(cmpGT, v, k.c("expLo")), k.cmp(cmpLT, v, k.c("expHi")))
}

// expCore is expCore: t = fma(x, log2e, 1.5·2^52), n = t − 1.5·2^52,
// r = x − n·ln 2 in two fused steps, p = e^r, and n added to p's exponent.
func (k *kernels) expCore(v V) V {
	t := k.fmaC(v, k.c("log2e"), "roundC")
	n := k.sub(t, k.c("roundC"))
	r := k.fma(n, k.c("-ln2Hi"), v)
	k.acc(n, k.c("-ln2Lo"), r)
	p := k.estrin("expC", 11, r)
	k.step(p, r, "0.5")
	k.step(p, r, "1")
	k.step(p, r, "1")
	nb := k.shlq(k.subq(t, k.cb("roundCBits")), 52)
	return k.addq(p, nb)
}

// expm1OK is expm1Kernel's fast range: expm1Lo < x < expHi and
// |x| ≥ 2^-54.
func (k *kernels) expm1OK(v V) V {
	big := k.or(k.cmp(cmpGE, v, k.c("tinyArg")), k.cmp(cmpLE, v, k.c("-tinyArg")))
	return k.and(k.and(k.cmp(cmpGT, v, k.c("expm1Lo")), k.cmp(cmpLT, v, k.c("expHi"))), big)
}

// expm1Core is expm1Core: the reduction of expCore keeping the rounding
// error c of r, lo = r²·Q(r) + c·(1 + r), and 2^n·lo + (2^n·r + (2^n − 1)).
func (k *kernels) expm1Core(v V) V {
	t := k.fmaC(v, k.c("log2e"), "roundC")
	n := k.sub(t, k.c("roundC"))
	hi := k.fma(n, k.c("-ln2Hi"), v)
	r := k.fma(n, k.c("-ln2Lo"), hi)
	c := k.fma(n, k.c("-ln2Lo"), k.sub(hi, r))
	q := k.estrin("expm1C", 10, r)
	k.step(q, r, "1.0 / 6")
	k.step(q, r, "0.5")
	lo := k.fma(c, r, c)
	k.acc(k.mul(r, r), q, lo)
	nb := k.subq(t, k.cb("roundCBits"))
	two := k.shlq(k.addq(nb, k.cb("1023")), 52)
	s := k.sub(two, k.c("1"))
	k.acc(two, r, s)
	k.acc(two, lo, s)
	return s
}
