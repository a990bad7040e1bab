package dist

import "math/rand/v2"

// golden is 2^64 divided by the golden ratio, the odd increment of SplitMix64.
const golden = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 output function (Steele, Lea and Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014, with the "Mix13"
// constants of D. Stafford's "Better bit mixing"). It is a bijection on uint64
// with full avalanche: flipping one input bit flips each output bit with
// probability close to one half.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// StreamSeed returns the two 64-bit words that seed the PCG generator of path
// path in a run with seed seed.
//
// The seed is first hashed into a key; the words are then the outputs number
// 2·path+1 and 2·path+2 of a SplitMix64 sequence started at that key. Because
// mix64 is a bijection and the golden increment is odd, no two (path, word)
// pairs of one seed share an input, so no two paths of a run start their
// generators in the same state, and neighbouring paths receive unrelated seeds.
func StreamSeed(seed, path uint64) (hi, lo uint64) {
	key := mix64(seed ^ 0x6a09e667f3bcc908) // first 64 bits of frac(sqrt 2), a nothing-up-my-sleeve constant
	hi = mix64(key + (2*path+1)*golden)
	lo = mix64(key + (2*path+2)*golden)
	return hi, lo
}

// Substream returns a run seed derived from seed for the independent family
// of streams number k. The engine uses it to give the market and the
// strategies of a path separate streams that still depend only on (seed, path).
func Substream(seed, k uint64) uint64 {
	return mix64(mix64(seed^0xbb67ae8584caa73b) + (k+1)*golden)
}

// NewStream returns a math/rand/v2 generator (PCG) for path path of a run with
// seed seed. Its numbers depend on (seed, path) alone. It draws the same
// sequence of Uint64 values as New(seed, path).
func NewStream(seed, path uint64) *rand.Rand {
	return rand.New(rand.NewPCG(StreamSeed(seed, path)))
}
