package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulpDiff returns how many doubles lie between a and b (0 when their bits
// agree or both are NaN; the distance counts across zero, and +Inf is one
// past MaxFloat64).
func ulpDiff(a, b float64) uint64 {
	if a != a && b != b {
		return 0
	}
	if a != a || b != b {
		return math.MaxUint64
	}
	ia, ib := ordered(a), ordered(b)
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// ordered maps a double to an integer that increases with it.
func ordered(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 {
		return math.MinInt64 - b
	}
	return b
}

// checkULP fails when got differs from want by more than max ulps and
// returns the distance.
func checkULP(t *testing.T, name string, x, got, want float64, max uint64) uint64 {
	t.Helper()
	d := ulpDiff(got, want)
	if d > max {
		t.Errorf("%s(%v) = %v (%#x), package math %v (%#x): %d ulp, want ≤ %d",
			name, x, got, math.Float64bits(got), want, math.Float64bits(want), d, max)
	}
	return d
}

// sameBits fails unless got and want have the same bits (any NaN matches
// any NaN).
func sameBits(t *testing.T, name string, x, got, want float64) bool {
	t.Helper()
	if math.Float64bits(got) == math.Float64bits(want) || (got != got && want != want) {
		return true
	}
	t.Errorf("%s(%v) = %v (%#x), want %v (%#x) bit for bit", name, x, got,
		math.Float64bits(got), want, math.Float64bits(want))
	return false
}

// sampler draws arguments across a function's domain.
type sampler func(r *rand.Rand) float64

// uniform draws from [lo, hi).
func uniform(lo, hi float64) sampler {
	return func(r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() }
}

// anyPositive draws a positive finite double with a uniformly drawn bit
// pattern, so every binade (the subnormals included) is sampled alike.
func anyPositive(r *rand.Rand) float64 {
	for {
		x := math.Float64frombits(r.Uint64() >> 1)
		if x <= math.MaxFloat64 {
			return x
		}
	}
}

// mixed draws from each of the samplers in turn.
func mixed(s ...sampler) sampler {
	i := 0
	return func(r *rand.Rand) float64 {
		i++
		return s[i%len(s)](r)
	}
}

// signedSmall draws ±x with x's bit pattern uniform below limit's.
func signedSmall(limit float64) sampler {
	lb := math.Float64bits(limit)
	return func(r *rand.Rand) float64 {
		x := math.Float64frombits(r.Uint64N(lb))
		if r.IntN(2) == 0 {
			return -x
		}
		return x
	}
}

// kernelLevel names a level of the slice kernels.
type kernelLevel struct {
	name  string
	level int
}
