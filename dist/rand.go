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
// A Rand holds its generator by value and does not point to itself (Std's
// cached generator aside), so a Rand can live on the stack or inside
// another struct: Fork seeds one in place, and New and Reset seed one
// without building anything else. A Rand is not safe for concurrent use.
// Reset re-seeds it in place without allocating, so one Rand per worker
// serves every path that worker runs. The zero value is a valid stream (of
// the all-zero PCG state); seed it with Reset or Fork before use.
type Rand struct {
	pcg    rand.PCG
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
	r.Reset(seed, path)
	return r
}

// Reset re-seeds r to the start of the stream of (seed, path) and turns mirror
// mode off. It does not allocate.
func (r *Rand) Reset(seed, path uint64) {
	r.pcg.Seed(StreamSeed(seed, path))
	r.mirror = false
}

// Fork seeds dst as a new stream split off r, and consumes exactly one
// 64-bit word of r. dst's generator is seeded from the next raw
// (un-complemented) word w of r, as (mix64(w + γ), mix64(w + 2γ)) with γ
// the SplitMix64 increment (the same derivation StreamSeed uses for a
// path's two words), and dst takes r's mirror mode. Because the word is
// read before the mirror is applied, a mirrored stream forks the mirror
// image of the plain stream's sub-stream: antithetic pairs stay paired
// through any number of forks.
//
// Fork gives a component whose number of draws varies (jump counts,
// rejection sampling, event times) a stream of its own while its parent
// moves on by a fixed count, so changing that component's parameters leaves
// every other draw of the parent where it was (common random numbers across
// scenarios). dst may be a value on the stack: Fork does not allocate, and
// dst's Poisson memo (a cache of a pure function) is kept. dst must not be
// r.
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

// Norm returns a standard normal draw, negated in mirror mode.
//
// It uses the ziggurat method of Marsaglia and Tsang ("The ziggurat method
// for generating random variables", Journal of Statistical Software 5(8),
// 2000) with 128 layers of equal area, its tables computed at package
// initialisation (zigInit), reading the generator's raw words directly. A
// draw takes one 64-bit word about 98.8 % of the time: its low 7 bits pick
// a layer and its top 52 bits a point u·x_i across it, symmetric about 0;
// the rest of the time a wedge test (one more word) or the tail method of
// Marsaglia ("Generating a variable from the tail of the normal
// distribution", Technometrics 6, 1964; two more words per try) decides,
// so the number of words a draw uses varies, but not with anything but the
// words themselves. The method is exact: its output has the normal law up
// to the float64 rounding of its tables and arithmetic. Since every word is
// read raw and the sign applied at the end, the mirrored stream returns
// exactly −z.
func (r *Rand) Norm() float64 {
	w := r.pcg.Uint64()
	i := w & (zigLayers - 1)
	u := float64(int64(w)>>12) + 0.5 // odd multiple of ½ in (−2⁵¹, 2⁵¹)
	var z float64
	if math.Abs(u) < zig.inner[i] {
		z = u * zig.scale[i]
	} else {
		z = r.normSlow(w)
	}
	if r.mirror {
		return -z
	}
	return z
}

// normSlow finishes a ziggurat draw whose first word w fell outside its
// layer's inner rectangle, and draws again until a point is accepted.
func (r *Rand) normSlow(w uint64) float64 {
	for {
		i := w & (zigLayers - 1)
		u := float64(int64(w)>>12) + 0.5
		x := u * zig.scale[i]
		if math.Abs(u) < zig.inner[i] {
			return x
		}
		if i == 0 {
			// The base strip beyond r: a draw from the tail x > r
			// (Marsaglia 1964), with u's sign.
			var t float64
			for {
				a := -math.Log(r.rawUniform()) / zig.r
				b := -math.Log(r.rawUniform())
				if 2*b >= a*a {
					t = zig.r + a
					break
				}
			}
			if u < 0 {
				return -t
			}
			return t
		}
		// The wedge between the layer's inner and outer width: accept when
		// a uniform height in the layer lies under the density.
		if zig.f[i]+r.rawUniform()*(zig.f[i+1]-zig.f[i]) < math.Exp(-0.5*x*x) {
			return x
		}
		w = r.pcg.Uint64()
	}
}

// rawUniform returns a uniform draw from (0, 1) read from the generator's
// raw (un-mirrored) word: Norm's helper draws, whose sign is applied at the
// end.
func (r *Rand) rawUniform() float64 {
	return (float64(r.pcg.Uint64()>>11) + 0.5) * 0x1p-53
}

// zigLayers is the number of layers of Norm's ziggurat (a power of two).
const zigLayers = 128

// zig holds Norm's ziggurat tables. With f(x) = exp(−x²/2), the layers
// have boundaries x_0 > x_1 = r > x_2 > … > x_{N−1} > x_N = 0 (N =
// zigLayers) and equal areas v: layer 0 is the base strip, the rectangle
// [0, r]×[0, f(r)] with the tail beyond r (x_0 = v/f(r) is its width
// when the tail is laid out as a rectangle), and layer i ≥ 1 is the
// rectangle [0, x_i]×[f(x_i), f(x_{i+1})].
var zig struct {
	r, v  float64
	x     [zigLayers + 1]float64 // x_i
	f     [zigLayers + 1]float64 // f(x_i); f(x_N) = 1
	inner [zigLayers]float64     // 2⁵¹·x_{i+1}/x_i: |u| below it lies in the inner rectangle
	scale [zigLayers]float64     // x_i/2⁵¹: the point of u across layer i
}

func init() { zigInit() }

// zigInit computes the ziggurat's tables: r is found by bisection so that
// the layers built down from the base strip close exactly at the top
// (x_{N−1}·(1 − f(x_{N−1})) = v), as Marsaglia and Tsang prescribe; for
// N = 128 it gives their r = 3.442619855899 and v = 9.91256303526217e-3.
func zigInit() {
	lo, hi := 2.0, 5.0
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if zigTopExcess(mid) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	r := hi
	v := zigArea(r)
	zig.r, zig.v = r, v
	zig.x[0], zig.x[1] = v/math.Exp(-0.5*r*r), r
	for i := 1; i < zigLayers-1; i++ {
		zig.x[i+1] = zigNext(zig.x[i], v)
	}
	zig.x[zigLayers] = 0
	for i := range zig.f {
		zig.f[i] = math.Exp(-0.5 * zig.x[i] * zig.x[i])
	}
	zig.f[zigLayers] = 1
	for i := range zigLayers {
		zig.inner[i] = 0x1p51 * zig.x[i+1] / zig.x[i]
		zig.scale[i] = zig.x[i] * 0x1p-51
	}
}

// zigArea returns v(r) = r·f(r) + ∫_r^∞ f, the area of the base strip.
func zigArea(r float64) float64 {
	return r*math.Exp(-0.5*r*r) + math.Sqrt(math.Pi/2)*math.Erfc(r/math.Sqrt2)
}

// zigNext returns the boundary above x of a layer of area v: f⁻¹(f(x) + v/x),
// or 0 when the layer would reach past the top (f = 1).
func zigNext(x, v float64) float64 {
	y := math.Exp(-0.5*x*x) + v/x
	if y >= 1 {
		return 0
	}
	return math.Sqrt(-2 * math.Log(y))
}

// zigTopExcess returns the area left for the top layer minus v when the
// layers are built from r: positive when r is too large (the layers are too
// thin to reach the top), negative when the layers overshoot it.
func zigTopExcess(r float64) float64 {
	v := zigArea(r)
	x := r
	for i := 1; i < zigLayers-1; i++ {
		if x = zigNext(x, v); x == 0 {
			return -v
		}
	}
	return x*(1-math.Exp(-0.5*x*x)) - v
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
