package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// SketchRelError is the largest relative error of a quantile a
// QuantileSketch returns: the exact type-1 quantile q and the answer lie in
// one bucket of relative width 2^−SketchMantissaBits, and the answer is
// the bucket's midpoint (clamped to the sample's exact minimum and
// maximum), so |answer − q| ≤ 2^−(SketchMantissaBits+1)·|q|·(1 + 2^−10).
const SketchRelError = 1.0 / (1 << (SketchMantissaBits + 1)) * (1 + 1.0/1024)

// SketchMantissaBits is the mantissa bits of a float64 that a
// QuantileSketch's bucket keeps: 10, buckets 0.1 % wide.
const SketchMantissaBits = 10

// QuantileSketch is a mergeable summary of a sample for its quantiles: a
// log-linear histogram counting the values by sign, binary exponent and
// the leading SketchMantissaBits bits of the mantissa (the buckets of an
// HDR histogram, G. Tene, HdrHistogram, 2012; the relative-error
// guarantee of DDSketch, C. Masson, J. E. Rim and H. K. Lee, VLDB 12(12),
// 2019). A bucket is defined by the bits of a float64 alone, so counts
// add exactly: merging is associative and commutative, and a sample
// split any way gives the same sketch, on any machine.
//
// Guarantees, for a sample of n values: Quantile(p) is within
// SketchRelError of the type-1 quantile (relative), and the empirical
// distribution function at it is within RankError(p) of p, that being the
// share of the sample in the answer's bucket (reported, not bounded in
// advance: values piled in one 0.1 % bucket share it). Memory grows with
// the spread of the values, not with n: at most 2·2^11·2^10 buckets, in
// practice a few thousand for NPVs spanning a few decades (12 bytes each).
type QuantileSketch struct {
	Keys   []int32 `json:"keys"`   // bucket keys, ascending (see sketchKey)
	Counts []int64 `json:"counts"` // values in each bucket
	N      int64   `json:"n"`      // values counted
	Min    float64 `json:"min"`    // smallest value (exact)
	Max    float64 `json:"max"`    // largest value (exact)
	m      map[int32]int64
}

const sketchShift = 52 - SketchMantissaBits

// sketchKey returns the bucket of x: monotone in x, −0 below +0.
func sketchKey(x float64) int32 {
	b := math.Float64bits(x)
	k := int32((b &^ (1 << 63)) >> sketchShift)
	if b>>63 != 0 {
		return -k - 1
	}
	return k
}

// bucketMid returns the midpoint of bucket k.
func bucketMid(k int32) float64 {
	neg := k < 0
	if neg {
		k = -k - 1
	}
	lo := math.Float64frombits(uint64(k) << sketchShift)
	hi := math.Float64frombits(uint64(k+1) << sketchShift)
	mid := lo/2 + hi/2
	if math.IsInf(hi, 0) || math.IsNaN(hi) {
		mid = lo
	}
	if neg {
		return -mid
	}
	return mid
}

// Add counts the finite value x.
func (s *QuantileSketch) Add(x float64) {
	if s.m == nil {
		s.m = map[int32]int64{}
		s.load()
	}
	if s.N == 0 || x < s.Min {
		s.Min = x
	}
	if s.N == 0 || x > s.Max {
		s.Max = x
	}
	s.m[sketchKey(x)]++
	s.N++
}

// load moves the sorted buckets into the map.
func (s *QuantileSketch) load() {
	for i, k := range s.Keys {
		s.m[k] += s.Counts[i]
	}
	s.Keys, s.Counts = nil, nil
}

// flush moves the map into the sorted buckets.
func (s *QuantileSketch) flush() {
	if s.m == nil {
		return
	}
	s.load()
	s.Keys = make([]int32, 0, len(s.m))
	for k := range s.m {
		s.Keys = append(s.Keys, k)
	}
	slices.Sort(s.Keys)
	s.Counts = make([]int64, len(s.Keys))
	for i, k := range s.Keys {
		s.Counts[i] = s.m[k]
	}
	s.m = nil
}

// Merge adds o's counts to s.
func (s *QuantileSketch) Merge(o *QuantileSketch) {
	o.flush()
	if o.N == 0 {
		return
	}
	if s.m == nil {
		s.m = map[int32]int64{}
		s.load()
	}
	if s.N == 0 || o.Min < s.Min {
		s.Min = o.Min
	}
	if s.N == 0 || o.Max > s.Max {
		s.Max = o.Max
	}
	for i, k := range o.Keys {
		s.m[k] += o.Counts[i]
	}
	s.N += o.N
}

// bucketAt returns the index of the bucket holding the value of 1-based
// rank r, and the count of values up to and including it.
func (s *QuantileSketch) bucketAt(r int64) (int, int64) {
	s.flush()
	var cum int64
	for i, c := range s.Counts {
		cum += c
		if cum >= r {
			return i, cum
		}
	}
	return len(s.Counts) - 1, cum
}

// Quantile returns the sketch's type-1 p-quantile (see Quantile), 0 for
// an empty sketch.
func (s *QuantileSketch) Quantile(p float64) float64 {
	if s.N == 0 {
		return 0
	}
	i, _ := s.bucketAt(int64(rank(int(s.N), p)))
	return within(bucketMid(s.Keys[i]), s.Min, s.Max)
}

// RankError returns the share of the sample in the bucket Quantile(p)
// answers from: |F(Quantile(p)) − p| is at most that, F the sample's
// empirical distribution function.
func (s *QuantileSketch) RankError(p float64) float64 {
	if s.N == 0 {
		return 0
	}
	i, _ := s.bucketAt(int64(rank(int(s.N), p)))
	return float64(s.Counts[i]) / float64(s.N)
}

// Bytes returns the memory the sketch's buckets take, 12 bytes each.
func (s *QuantileSketch) Bytes() int64 {
	s.flush()
	return int64(len(s.Keys)) * 12
}

// check reports a sketch read from a file whose keys are not strictly
// ascending, whose counts are not positive or do not add up to N, or whose
// N is not n (n < 0: any).
func (s *QuantileSketch) check(n int64) error {
	var c valid.Checker
	var sum int64
	for i, k := range s.Keys {
		if i > 0 && k <= s.Keys[i-1] {
			c.Add(fmt.Sprintf("keys[%d]", i), k, "above the key before")
			break
		}
	}
	if len(s.Keys) != len(s.Counts) {
		c.Add("len(counts)", len(s.Counts), fmt.Sprint(len(s.Keys)))
	}
	for i, k := range s.Counts {
		if k <= 0 {
			c.Add(fmt.Sprintf("counts[%d]", i), k, "> 0")
			break
		}
		sum += k
	}
	if sum != s.N || n >= 0 && s.N != n {
		c.Add("n", s.N, fmt.Sprintf("the counts' sum %d and the partial's paths", sum))
	}
	if s.N > 0 && !(s.Min <= s.Max) {
		c.Add("min", s.Min, "≤ max")
	}
	return c.Err()
}
