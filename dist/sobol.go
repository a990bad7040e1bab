package dist

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Sobol generates the points of a Sobol sequence (Sobol', USSR Comput.
// Math. Math. Phys. 7(4), 1967) in Dim() dimensions, with the direction
// numbers of Joe and Kuo's table new-joe-kuo-6.21201 (SIAM J. Sci. Comput.
// 30, 2008), optionally randomized by a hash-based Owen scramble (see
// NewScrambledSobol).
//
// Points come in Gray-code order (Antonov and Saleev, USSR Comput. Math.
// Math. Phys. 19(1), 1979): point n is the XOR of the direction integers of
// the set bits of n ⊕ (n >> 1), so the next point differs from the last by
// one direction integer per dimension. Any 2^m consecutive points starting
// at a multiple of 2^m are the same set as in the original (binary) order,
// so the net properties hold block by block. Point 0 is the origin before
// scrambling. Each coordinate has 32 binary digits, so a sequence has
// SobolMaxPoints = 2^32 points.
//
// A Sobol holds its position and is not safe for concurrent use; Clone
// gives another goroutine its own position over the same (read-only)
// direction numbers and scrambling. Next and SkipTo allocate nothing.
type Sobol struct {
	dim int
	// The direction integers, bit-major and bit-reversed: dirs[j·dim+d] is
	// that of digit j of dimension d with its bits reversed, so that the
	// positions x, a XOR of them, are kept bit-reversed too, which is the
	// form the scramble works on. Shared by clones, never written.
	dirs []uint32
	keys []uint64 // per-dimension scrambling keys; nil when unscrambled; shared by clones
	x    []uint32 // the unscrambled coordinates of point n, bit-reversed
	n    uint64   // index of the next point Next returns
}

// NewSobol returns the unscrambled Sobol sequence in dim dimensions
// (1 ≤ dim ≤ SobolMaxDim), positioned at point 0. Its points are those of
// Joe and Kuo's reference program sobol.cc with the same table.
func NewSobol(dim int) (*Sobol, error) {
	var c valid.Checker
	c.Int("dim", int64(dim), 1, SobolMaxDim)
	if err := c.Err(); err != nil {
		return nil, err
	}
	v, err := sobolDirections(dim)
	if err != nil {
		return nil, err
	}
	for i, x := range v {
		v[i] = bits.Reverse32(x)
	}
	return &Sobol{dim: dim, dirs: v, x: make([]uint32, dim)}, nil
}

// NewScrambledSobol returns the Sobol sequence in dim dimensions with every
// coordinate randomized by a nested uniform (Owen) scramble computed by
// hashing (Burley, "Practical hash-based Owen scrambling", Journal of
// Computer Graphics Techniques 9(4), 2020), with independent keys per
// dimension derived from seed. Each point is uniform on the unit cube, and
// each 2^m-point block keeps the net properties of the sequence (in every
// dimension, one point in each interval [k/2^m, (k+1)/2^m)). Different
// seeds give independent randomizations, the replicates of randomized
// quasi-Monte Carlo (Owen, "Scrambling Sobol' and Niederreiter–Xing
// points", J. Complexity 14, 1998).
func NewScrambledSobol(dim int, seed uint64) (*Sobol, error) {
	s, err := NewSobol(dim)
	if err != nil {
		return nil, err
	}
	return s.WithScramble(seed), nil
}

// WithScramble returns the sequence of s (same dimension and direction
// numbers, shared) under the scrambling of seed, positioned at point 0:
// exactly what NewScrambledSobol(s.Dim(), seed) returns, without reading
// the table again. It allocates the keys and a position, 12·Dim() bytes.
func (s *Sobol) WithScramble(seed uint64) *Sobol {
	c := &Sobol{dim: s.dim, dirs: s.dirs, keys: make([]uint64, s.dim), x: make([]uint32, s.dim)}
	k := mix64(seed ^ 0x3c6ef372fe94f82b) // first 64 bits of frac(sqrt 5)
	for d := range c.keys {
		c.keys[d] = mix64(k + uint64(d+1)*golden)
	}
	return c
}

// Dim returns the number of coordinates of a point.
func (s *Sobol) Dim() int { return s.dim }

// Scrambled reports whether the points are scrambled.
func (s *Sobol) Scrambled() bool { return s.keys != nil }

// Index returns the index of the point the next call to Next returns.
func (s *Sobol) Index() uint64 { return s.n }

// Clone returns a Sobol over the same sequence and scrambling, at the same
// position, with a position of its own. The direction numbers and keys are
// shared (read-only), so a clone costs 4·Dim() bytes.
func (s *Sobol) Clone() *Sobol {
	c := *s
	c.x = slices.Clone(s.x)
	return &c
}

// SkipTo positions s at point n (0 ≤ n ≤ SobolMaxPoints; at SobolMaxPoints
// the sequence is exhausted), in O(Dim()·log n) operations: the coordinates
// are the XOR of the direction integers of the set bits of n's Gray code. A
// run of points [a, b) thus reproduces those points of a longer run. It
// panics if n > SobolMaxPoints (a programmer error).
func (s *Sobol) SkipTo(n uint64) {
	if n > SobolMaxPoints {
		panic(fmt.Sprintf("dist: Sobol.SkipTo(%d): beyond the sequence's %d points", n, uint64(SobolMaxPoints)))
	}
	clear(s.x)
	g := (n ^ n>>1) & (SobolMaxPoints - 1)
	for g != 0 {
		j := bits.TrailingZeros64(g)
		g &= g - 1
		xorInto(s.x, s.dirs[j*s.dim:(j+1)*s.dim])
	}
	s.n = n
}

// xorInto sets x[i] ^= y[i] for every i; len(y) ≥ len(x).
func xorInto(x, y []uint32) {
	y = y[:len(x)]
	for i := range x {
		x[i] ^= y[i]
	}
}

// advance moves s from point n to point n+1: the Gray codes of n and n+1
// differ in the bit at the number of trailing zeros of n+1.
func (s *Sobol) advance() {
	s.n++
	if j := bits.TrailingZeros64(s.n); j < sobolBits {
		xorInto(s.x, s.dirs[j*s.dim:(j+1)*s.dim])
	}
}

// checkNext panics, as a programmer error, if dst has the wrong length or
// the sequence is exhausted.
func (s *Sobol) checkNext(n int) {
	if n != s.dim {
		panic(fmt.Sprintf("dist: Sobol.Next: len(dst) = %d, want Dim() = %d", n, s.dim))
	}
	if s.n >= SobolMaxPoints {
		panic(fmt.Sprintf("dist: Sobol.Next: all %d points used", uint64(SobolMaxPoints)))
	}
}

// Next writes point Index() into dst (len(dst) must be Dim()) and moves to
// the next point. Unscrambled, coordinate d is x_d·2^−32 exactly (x_d its
// 32-bit integer), which can be 0. Scrambled, it lies on the grid
// (k+½)·2^−52 of Rand.Uniform, strictly inside (0, 1): the 32 scrambled
// digits followed by 20 digits that are a hash of them and of the
// dimension's key (an Owen scramble randomizes the digits past the 32nd
// too, as a function of the digits before them). Next panics if len(dst)
// is wrong or all SobolMaxPoints points have been used.
func (s *Sobol) Next(dst []float64) {
	s.checkNext(len(dst))
	dst = dst[:len(s.x)]
	if s.keys == nil {
		for d, x := range s.x {
			dst[d] = float64(bits.Reverse32(x)) * 0x1p-32
		}
	} else {
		keys := s.keys[:len(s.x)]
		for d, x := range s.x {
			dst[d] = scrambledUniform(x, keys[d])
		}
	}
	s.advance()
}

// NextUint32 writes point Index() into dst as 32-bit binary fractions
// (coordinate d is dst[d]·2^−32, scrambled if s is) and moves to the next
// point. It panics like Next.
func (s *Sobol) NextUint32(dst []uint32) {
	s.checkNext(len(dst))
	dst = dst[:len(s.x)]
	if s.keys == nil {
		for d, x := range s.x {
			dst[d] = bits.Reverse32(x)
		}
	} else {
		keys := s.keys[:len(s.x)]
		for d, x := range s.x {
			dst[d] = bits.Reverse32(lkPermute(x, uint32(keys[d])))
		}
	}
	s.advance()
}
