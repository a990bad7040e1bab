package dist

import (
	"math"
	"math/rand/v2"
)

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
// A Rand is not safe for concurrent use, and must not be copied after first
// use (it refers to its own generator); use New and pass the pointer. Reset
// re-seeds it in place without allocating, so one Rand per worker serves every
// path that worker runs.
type Rand struct {
	pcg    rand.PCG
	raw    *rand.Rand // reads pcg directly; used by Norm
	std    *rand.Rand // reads r itself (mirror applied); built on first use by Std
	mirror bool
	pois   poissonMemo // e^(−mean) of recent Poisson means
}

// poissonMemo remembers e^(−mean) for the last few means Poisson inverted
// for: a process asks for the same few means every step, and exp is most of
// a small Poisson draw's cost. It caches a pure function of mean, so the
// draws are the same with it as without.
type poissonMemo struct {
	mean, expNeg [4]float64
	n, next      uint8 // entries in use; entry to replace next
	last         uint8 // entry of the last answer
}

// expNegMean returns math.Exp(-mean), from the memo when it holds mean.
// A process asking for its means in the same order every step finds each
// in the entry after the last answer's, which is tried first.
func (m *poissonMemo) expNegMean(mean float64) float64 {
	if i := (m.last + 1) % 4; i < m.n && m.mean[i] == mean {
		m.last = i
		return m.expNeg[i]
	}
	for i := range m.mean[:m.n] {
		if m.mean[i] == mean {
			m.last = uint8(i)
			return m.expNeg[i]
		}
	}
	p := math.Exp(-mean)
	i := m.next
	m.mean[i], m.expNeg[i] = mean, p
	m.next, m.last = (i+1)%4, i
	m.n = max(m.n, i+1)
	return p
}

// New returns the stream of path path in a run with seed seed, in plain
// (non-mirrored) mode.
func New(seed, path uint64) *Rand {
	r := &Rand{}
	r.raw = rand.New(&r.pcg)
	r.Reset(seed, path)
	return r
}

// Reset re-seeds r to the start of the stream of (seed, path) and turns mirror
// mode off. It does not allocate.
func (r *Rand) Reset(seed, path uint64) {
	r.pcg.Seed(StreamSeed(seed, path))
	r.mirror = false
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

// Norm returns a standard normal draw (ziggurat method of math/rand/v2),
// negated in mirror mode.
func (r *Rand) Norm() float64 {
	z := r.raw.NormFloat64()
	if r.mirror {
		return -z
	}
	return z
}

// Exp returns a standard exponential draw (rate 1) by inversion, −log(u) with
// u from Uniform, so mirror mode gives the antithetic −log(1−u).
func (r *Rand) Exp() float64 {
	return -math.Log(r.Uniform())
}

// poissonInversionMax is the largest mean drawn by inversion; above it the
// PTRS rejection method is used.
const poissonInversionMax = 12

// Poisson returns a Poisson draw with the given mean. A mean that is not
// positive (including NaN) gives 0. Means up to 12 use inversion with a single
// uniform, so the count is monotone in that uniform and antithetic pairs are
// negatively correlated; larger means use Hörmann's transformed rejection
// (PTRS, "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993). Means above
// 1e12 use the normal approximation, whose relative error there is below 1e-6.
// A mean of +Inf returns math.MaxInt64.
func (r *Rand) Poisson(mean float64) int64 {
	switch {
	case !(mean > 0):
		return 0
	case mean <= poissonInversionMax:
		return r.poissonInversion(mean)
	case mean <= 1e12:
		return r.poissonPTRS(mean)
	case math.IsInf(mean, 1):
		return math.MaxInt64
	default:
		x := math.Round(mean + math.Sqrt(mean)*r.Norm())
		if x < 0 {
			return 0
		}
		if x >= math.MaxInt64 {
			return math.MaxInt64
		}
		return int64(x)
	}
}

func (r *Rand) poissonInversion(mean float64) int64 {
	u := r.Uniform()
	p := r.pois.expNegMean(mean)
	cdf := p
	var k int64
	// The cap guards against rounding leaving cdf a hair below u in the far
	// tail; at mean 12 the probability of k > 80 is below 1e-40.
	for u > cdf && k < 200 {
		k++
		p *= mean / float64(k)
		cdf += p
	}
	return k
}

func (r *Rand) poissonPTRS(mean float64) int64 {
	slam := math.Sqrt(mean)
	logLam := math.Log(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Uniform() - 0.5
		v := r.Uniform()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -mean+k*logLam-lg {
			return int64(k)
		}
	}
}

// Gamma returns a draw from the gamma distribution with the given shape and
// unit scale (multiply by a scale, or divide by a rate, to change it). It uses
// Marsaglia and Tsang's method ("A simple method for generating gamma
// variables", ACM TOMS 26, 2000), with the u^(1/shape) boost for shape < 1. A
// shape that is not positive (including NaN) gives 0.
func (r *Rand) Gamma(shape float64) float64 {
	if !(shape > 0) {
		return 0
	}
	if math.IsInf(shape, 1) {
		return math.Inf(1)
	}
	boost := 1.0
	if shape < 1 {
		// G(a) = G(a+1)·U^(1/a); computed in log space so that tiny shapes
		// underflow to 0 gracefully instead of producing NaN.
		boost = math.Exp(math.Log(r.Uniform()) / shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.Norm()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Uniform()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return boost * d * v
		}
	}
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
