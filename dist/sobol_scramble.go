package dist

import "math/bits"

// lkPermute is the Laine–Karras permutation with the constants of Burley,
// "Practical hash-based Owen scrambling", JCGT 9(4), 2020: each
// output bit is the input bit XOR a function of the bits below it (adding
// key carries only from below; x ^= x·c with c even makes bit i depend on
// bits below i only). Applied to a bit-reversed binary fraction, where the
// bits below a bit are the digits before it, such a map is a nested
// uniform (Owen) scramble: digit k is flipped by a function of digits
// 1 … k−1. Each map is a bijection of every prefix, so the scramble keeps
// every (0, m, 1)-net a net, and adding a uniformly random key makes each
// scrambled value uniform.
func lkPermute(x, key uint32) uint32 {
	x += key
	x ^= x * 0x6c50b47c
	x ^= x * 0xb82f1e52
	x ^= x * 0xc7afe638
	x ^= x * 0x8d22f6e6
	return x
}

// owenScramble returns the Owen scramble under key of the 32-digit binary
// fraction x (in natural bit order): reverse, permute, reverse back.
func owenScramble(x, key uint32) uint32 {
	return bits.Reverse32(lkPermute(bits.Reverse32(x), key))
}

// scrambledUniform returns the Owen scramble under key of the Sobol
// coordinate whose bit-reversed 32 digits are xr, as a float64 in (0, 1):
// the 32 scrambled digits y (from the low half of key) followed by 20
// digits hashed from y and key (the top bits of a product by an odd
// constant), k = y·2^20 + those digits, returned as (k+½)·2^−52, the grid
// of Rand.Uniform. The trailing digits are a function of the leading ones,
// as under a full Owen scramble of the infinite expansion (whose digits
// past the 32nd are all zero before scrambling).
func scrambledUniform(xr uint32, key uint64) float64 {
	y := bits.Reverse32(lkPermute(xr, uint32(key)))
	low := ((uint64(y) ^ key) * golden) >> 44
	k := uint64(y)<<20 | low
	return (float64(k) + 0.5) * 0x1p-52
}
