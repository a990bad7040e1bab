package dist

import (
	"math"
	"math/rand/v2"
)

// Rand is the random stream every sampler and process of this module draws
// from: a PCG generator seeded from (seed, path) that can run as the mirror
// image of itself for antithetic variates.
//
// In mirror mode every Uint64 is bit-complemented, so Uniform returns exactly
// 1−u where the plain stream returns u, and Norm returns exactly −z where the
// plain stream returns z. A consumer that makes the same sequence of calls on
// a plain and a mirrored stream with the same (seed, path) thus sees
// antithetic draws.
//
// A Rand holds its generator by value (only Std's cached generator points
// back to it), so it can live on the stack or inside another struct, and
// Reset and Fork re-seed it in place without allocating: one Rand per worker
// serves every path that worker runs. A Rand is not safe for concurrent use.
// The zero value is the stream of the all-zero PCG state; seed it with Reset
// or Fork before use.
type Rand struct {
	pcg    rand.PCG
	std    *rand.Rand // reads r itself (mirror applied); built on first use by Std
	mirror bool
	pois   poissonMemo // e^(−mean) of recent Poisson means
}

// New returns the stream of path path in a run with seed seed, in plain
// (non-mirrored) mode.
func New(seed, path uint64) *Rand {
	r := &Rand{}
	r.Reset(seed, path)
	return r
}

// Reset re-seeds r to the start of the stream of (seed, path) and turns mirror
// mode off. It does not allocate.
func (r *Rand) Reset(seed, path uint64) {
	r.pcg.Seed(StreamSeed(seed, path))
	r.mirror = false
}

// Fork seeds dst as a new stream split off r and consumes exactly one
// 64-bit word of r: dst is seeded from the next raw (un-complemented) word w
// as (mix64(w + γ), mix64(w + 2γ)), γ the SplitMix64 increment, and takes
// r's mirror mode. As w is read before the mirror applies, a mirrored stream
// forks the mirror image of the plain stream's fork: antithetic pairs stay
// paired through any number of forks.
//
// Fork gives a component whose number of draws varies (jump counts,
// rejection sampling, event times) a stream of its own, so changing that
// component's parameters leaves every other draw of the parent where it was
// (common random numbers across scenarios). It does not allocate and keeps
// dst's Poisson memo (a cache of a pure function); dst must not be r.
func (r *Rand) Fork(dst *Rand) {
	w := r.pcg.Uint64() + golden
	dst.pcg.Seed(mix64(w), mix64(w+golden))
	dst.mirror = r.mirror
}

// SetMirror turns mirror (antithetic) mode on or off from the next draw on.
func (r *Rand) SetMirror(on bool) { r.mirror = on }

// Mirrored reports whether r is in mirror mode.
func (r *Rand) Mirrored() bool { return r.mirror }

// Uint64 returns 64 uniformly distributed random bits, bit-complemented in
// mirror mode. With it, *Rand implements math/rand/v2's Source.
func (r *Rand) Uint64() uint64 {
	x := r.pcg.Uint64()
	if r.mirror {
		return ^x
	}
	return x
}

// Uniform returns a uniform draw from the open interval (0, 1): one of the 2^52
// midpoints (k+½)·2^-52. The grid is symmetric about ½, so in mirror mode
// Uniform returns exactly 1−u. It never returns 0 or 1, so its logarithm and
// the logarithm of its complement are always finite.
func (r *Rand) Uniform() float64 {
	k := r.Uint64() >> 12
	return (float64(k) + 0.5) * 0x1p-52
}

// Exp returns a standard exponential draw (rate 1) by inversion, −log(u) with
// u from Uniform, so mirror mode gives the antithetic −log(1−u).
func (r *Rand) Exp() float64 {
	return -math.Log(r.Uniform())
}

// Std returns a math/rand/v2 generator that draws from r, mirror mode
// included, for use with code that takes a *rand.Rand or a rand.Source (for
// example gonum's distuv samplers). It is built on the first call and reused.
// Note that its NormFloat64 and ExpFloat64 are not mirrored exactly (only its
// Uint64 and Float64 are); use r.Norm and r.Exp for antithetic normals.
func (r *Rand) Std() *rand.Rand {
	if r.std == nil {
		r.std = rand.New(r)
	}
	return r.std
}
