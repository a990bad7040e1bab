package main

// The logarithm kernels: logCore and log1pCore of log.go.

// logOK is logKernel's fast range: minNormal ≤ x ≤ MaxFloat64.
func (k *kernels) logOK(v V) V {
	return k.and(k.cmp(cmpGE, v, k.c("minNormal")), k.cmp(cmpLE, v, k.c("maxFloat")))
}

// logSplit is logSplit: k + 1023 = (bits − bits(√½) + bias) >> 52,
// m = bits − (k+1023)<<52 + bias, k formed exactly as a float by placing
// k + 1023 in the mantissa of 2^52 and subtracting 2^52 + 1023; f = m − 1.
func (k *kernels) logSplit(v V) (kf, f V) {
	kb := k.shrq(k.addq(k.subq(v, k.cb("sqrtHalfBits")), k.cb("expBias")), 52)
	m := k.addq(k.subq(v, k.shlq(kb, 52)), k.cb("expBias"))
	kf = k.sub(k.or(kb, k.cb("twoP52Bits")), k.c("0x1p52 + 1023"))
	return kf, k.sub(m, k.c("1"))
}

// logJoin is logJoin: k·ln 2 + ln(1+f) + tail with s = f/(2+f),
// z = s², hfsq = f²/2, R = z·P(z).
func (k *kernels) logJoin(kf, f, tail V) V {
	s := k.div(f, k.add(f, k.c("2")))
	z := k.mul(s, s)
	hfsq := k.mul(k.mul(f, k.c("0.5")), f)
	p := k.estrin("logC", 10, z)
	lo := k.fma(kf, k.c("ln2Lo"), tail)
	k.acc(s, k.fma(z, p, hfsq), lo)
	r := k.sub(f, k.sub(hfsq, lo))
	k.acc(kf, k.c("ln2Hi"), r)
	return r
}

// logCore is logCore.
func (k *kernels) logCore(v V) V {
	kf, f := k.logSplit(v)
	return k.logJoin(kf, f, k.zero())
}

// log1pOK is log1pKernel's fast range: −1 < x ≤ MaxFloat64 and
// |x| ≥ 2^-54.
func (k *kernels) log1pOK(v V) V {
	big := k.or(k.cmp(cmpGE, v, k.c("tinyArg")), k.cmp(cmpLE, v, k.c("-tinyArg")))
	return k.and(k.and(k.cmp(cmpGT, v, k.c("-1")), k.cmp(cmpLE, v, k.c("maxFloat"))), big)
}

// log1pCore is log1pCore: u = 1 + x, c = (x − (u − 1))/u; where k = 0,
// f = x and c = 0.
func (k *kernels) log1pCore(v V) V {
	u := k.add(v, k.c("1"))
	kf, f := k.logSplit(u)
	c := k.div(k.sub(v, k.sub(u, k.c("1"))), u)
	zero := k.zero()
	k0 := k.cmp(cmpEQ, kf, zero)
	f = k.blend(k0, v, f)
	c = k.blend(k0, zero, c)
	return k.logJoin(kf, f, c)
}
