// Package xsum adds float64 values exactly: Acc is a fixed-size
// superaccumulator (a fixed-point integer wide enough for any sum of
// float64 values and of their squares), so a sum it holds does not depend
// on the order of the additions, on how they were split between
// accumulators that were then merged, or on the machine. Rounding it to
// float64 happens once, to nearest (ties to even).
//
// The idea of a fixed-point accumulator spanning the whole exponent range
// is Kulisch's ("long accumulator", U. Kulisch, Computer Arithmetic and
// Validity, de Gruyter, 2008); the layout here (signed 64-bit limbs of
// 32 bits, with deferred carries) is the "small superaccumulator" idea of
// R. M. Neal, "Fast exact summation using small and large
// superaccumulators", arXiv:1505.05571, 2015.
package xsum

import (
	"math"
	"math/big"
)

// Layout of an Acc: limb i holds a signed count of units of 2^(32·i − bias).
// The least significant bit any term can have is that of the low part of
// the square of a subnormal, above 2^−2300; the largest term is a square
// below 2^2048, and 2^64 of them sum below 2^2112.
const (
	limbBits = 32
	limbMask = 1<<limbBits - 1
	bias     = 2336               // 73 limbs below 2^0; multiple of limbBits
	nLimbs   = (bias+2176)/32 + 1 // up to 2^2176
	// carryEvery is how many additions an Acc takes before it propagates
	// its carries: each adds less than 2^32 to a limb, so 2^30 of them
	// cannot overflow a limb holding less than 2^62.
	carryEvery = 1 << 30
)

// Acc is an exact sum of float64 values (and of their squares, and of
// values scaled by powers of two). Its zero value is the sum 0, ready to
// use; it is 1,160 bytes and allocates nothing while adding. An Acc is
// not safe for concurrent use.
type Acc struct {
	limb [nLimbs]int64
	adds int  // additions since the last carry propagation
	inf  int8 // +1, −1: a +Inf or −Inf was added (2: both, the sum is NaN)
	nan  bool // a NaN was added
}

// Add adds x to a. NaN and ±Inf are remembered: the sum is then NaN or
// ±Inf, as a float64 sum would be.
func (a *Acc) Add(x float64) { a.addScaled(x, 0) }

// AddSquare adds x² to a exactly: x = f·2^e with f in [½, 1), and
// f² = h + l exactly (h the rounded product, l = fma(f, f, −h)), so both
// parts are added at 2^(2e) without overflow or underflow, for any finite x.
func (a *Acc) AddSquare(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		a.addScaled(math.Inf(1), 0)
		if math.IsNaN(x) {
			a.nan = true
		}
		return
	}
	f, e := math.Frexp(x)
	h := f * f
	l := math.FMA(f, f, -h)
	a.addScaled(h, 2*e)
	a.addScaled(l, 2*e)
}

// AddProduct adds x·y to a exactly, as AddSquare does for x·x.
func (a *Acc) AddProduct(x, y float64) {
	if !finite(x) || !finite(y) {
		a.Add(x * y)
		return
	}
	fx, ex := math.Frexp(x)
	fy, ey := math.Frexp(y)
	h := fx * fy
	l := math.FMA(fx, fy, -h)
	a.addScaled(h, ex+ey)
	a.addScaled(l, ex+ey)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// addScaled adds x·2^k, for x finite with |x·2^k| below 2^2048 and its
// least significant bit at or above 2^−2336.
func (a *Acc) addScaled(x float64, k int) {
	bits := math.Float64bits(x)
	exp := int(bits>>52) & 0x7ff
	mant := bits & (1<<52 - 1)
	switch {
	case exp == 0x7ff:
		if mant != 0 {
			a.nan = true
		} else if bits>>63 == 0 {
			a.inf |= 1
		} else {
			a.inf |= 2
		}
		return
	case exp == 0:
		if mant == 0 {
			return
		}
		exp = 1
	default:
		mant |= 1 << 52
	}
	pos := exp - 1075 + k + bias // position of mant's least significant bit
	i, sh := pos/limbBits, uint(pos%limbBits)
	c0 := int64((mant << sh) & limbMask)
	c1 := int64((mant >> (limbBits - sh)) & limbMask)
	c2 := int64(mant >> (2*limbBits - sh))
	if bits>>63 != 0 {
		c0, c1, c2 = -c0, -c1, -c2
	}
	a.limb[i] += c0
	a.limb[i+1] += c1
	a.limb[i+2] += c2
	a.adds++
	if a.adds >= carryEvery {
		a.carry()
	}
}

// carry propagates the carries: every limb but the top one ends in
// [0, 2^32), the top one holding the sign.
func (a *Acc) carry() {
	var c int64
	for i := range nLimbs - 1 {
		v := a.limb[i] + c
		a.limb[i] = v & limbMask
		c = v >> limbBits // arithmetic shift: floor division
	}
	a.limb[nLimbs-1] += c
	a.adds = 0
}

// Merge adds the sum b holds to a (b is unchanged). Merging is exact, so
// it is associative and commutative.
func (a *Acc) Merge(b *Acc) {
	a.carry()
	bb := *b
	bb.carry()
	for i := range a.limb {
		a.limb[i] += bb.limb[i]
	}
	a.carry()
	a.nan = a.nan || b.nan
	a.inf |= b.inf
}

// special returns the sum's value if a NaN or an infinity was added.
func (a *Acc) special() (float64, bool) {
	switch {
	case a.nan || a.inf == 3:
		return math.NaN(), true
	case a.inf == 1:
		return math.Inf(1), true
	case a.inf == 2:
		return math.Inf(-1), true
	}
	return 0, false
}

// Int returns the sum as m·2^exp with m an integer, exactly, m holding
// only the limbs from the lowest nonzero one up (so a sum of ordinary
// numbers takes a few words, not the accumulator's 4,500 bits). It is
// meaningless when a NaN or ±Inf was added (see Float64).
func (a *Acc) Int() (m *big.Int, exp int) {
	b := *a
	b.carry()
	neg := b.limb[nLimbs-1] < 0
	if neg { // negate, so the limbs hold |sum| in [0, 2^32)
		for i := range b.limb {
			b.limb[i] = -b.limb[i]
		}
		b.carry()
	}
	lo, hi := 0, nLimbs-1
	for lo < nLimbs && b.limb[lo] == 0 {
		lo++
	}
	if lo == nLimbs {
		return new(big.Int), 0
	}
	for b.limb[hi] == 0 {
		hi--
	}
	words := make([]big.Word, 0, (hi-lo)/2+1)
	for i := lo; i <= hi; i += 2 {
		w := uint64(b.limb[i])
		if i+1 <= hi {
			w |= uint64(b.limb[i+1]) << limbBits
		}
		words = append(words, big.Word(w))
	}
	m = new(big.Int).SetBits(words)
	if neg {
		m.Neg(m)
	}
	return m, limbBits*lo - bias
}

// Big returns the sum as an exact big.Float (NaN sums are not
// representable: see Float64).
func (a *Acc) Big() *big.Float {
	m, e := a.Int()
	f := new(big.Float).SetPrec(uint(max(m.BitLen(), 1)) + 1).SetInt(m)
	return f.SetMantExp(f, e)
}

// Float64 returns the sum rounded to the nearest float64 (ties to even;
// ±Inf beyond the largest float64), NaN if a NaN or both infinities were
// added, ±Inf if one infinity was.
func (a *Acc) Float64() float64 {
	if v, ok := a.special(); ok {
		return v
	}
	f, _ := a.Big().Float64()
	return f
}

// IsZero reports whether the sum is exactly 0 (and no NaN or ±Inf was
// added).
func (a *Acc) IsZero() bool {
	if a.nan || a.inf != 0 {
		return false
	}
	b := *a
	b.carry()
	return b.limb == [nLimbs]int64{}
}
