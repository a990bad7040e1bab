package dist

import "math/bits"

// owenScramble returns the nested uniform (Owen) scramble of the 32-digit
// binary fraction x under key, by Burley's hashing construction
// ("Practical hash-based Owen scrambling", JCGT 9(4), 2020, §3–4).
//
// An Owen scramble flips digit k of x (counted from the most significant)
// by a random function of digits 1 … k−1. Reversing the bits makes those
// the less significant bits, and then any map in which each bit is the
// input bit XOR a function of the bits below it has that form: adding a
// key (a carry comes only from below), and x ^= x·c for an even constant c
// (bit i of x·c depends only on bits below i). Each such map is a bijection
// of every prefix, so the scramble keeps every (0, m, 1)-net a net; adding a
// uniformly random key makes each scrambled value uniform. The four
// constants are the ones Burley's paper gives for Laine and Karras's
// permutation.
func owenScramble(x, key uint32) uint32 {
	x = bits.Reverse32(x)
	x += key
	x ^= x * 0x6c50b47c
	x ^= x * 0xb82f1e52
	x ^= x * 0xc7afe638
	x ^= x * 0x8d22f6e6
	return bits.Reverse32(x)
}

// scrambledUniform returns the Owen scramble of the Sobol coordinate x
// under key as a float64 in (0, 1): the 32 scrambled digits y (from the low
// half of key) followed by 20 digits hashed from y and key, k = y·2^20 +
// those digits, returned as (k+½)·2^−52, the grid of Rand.Uniform. The
// trailing digits are a function of the leading ones, as under a full Owen
// scramble of the infinite expansion (whose digits past the 32nd are all
// zero before scrambling).
func scrambledUniform(x uint32, key uint64) float64 {
	y := owenScramble(x, uint32(key))
	low := mix64(uint64(y)^key) >> 44
	k := uint64(y)<<20 | low
	return (float64(k) + 0.5) * 0x1p-52
}
