package sim

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/internal/xsum"
)

// rankSlack is the tolerance, in multiples of n·ε (ε the float64 machine
// epsilon), by which n·p may exceed an integer and still count as that
// integer. It absorbs the rounding of probabilities written in decimal:
// 0.07·100 evaluates to 7.000000000000001 and 1−0.95 to 0.05000000000000004,
// and exact decimal arithmetic would give the 7th and the n/20-th value. The
// rounding error of n·p is at most a few n·ε, so 8 covers it with room; a
// genuine fractional part below 8·n·ε would need p to carry more than ~14
// significant digits.
const rankSlack = 8

// rank returns the 1-based rank k = ⌈n·p⌉ of the type-1 quantile of a sample
// of size n ≥ 1, clamped to [1, n] (so p = 0 gives the minimum).
func rank(n int, p float64) int {
	x := float64(n) * p
	f := math.Floor(x)
	k := int(f)
	if x-f > rankSlack*float64(n)*0x1p-52 {
		k++
	}
	return min(max(k, 1), n)
}

// Quantile returns the p-quantile of an ascending sorted sample under the
// definition every function of this package uses: the inverse of the empirical
// distribution function (Hyndman and Fan, "Sample quantiles in statistical
// packages", The American Statistician 50(4), 1996, definition 1),
//
//	q_p = x_(k), k = ⌈n·p⌉ (1-based order statistics), and q_0 = x_(1), the minimum.
//
// q_p is always one of the sample values; no interpolation. n·p is taken with
// a relative slack of a few machine epsilons, so a p written in decimal picks
// the order statistic exact decimal arithmetic would (p = 0.07 of 100 values
// is the 7th, not the 8th).
//
// Quantile reads sorted[k−1] and allocates nothing. It does not check that
// sorted is sorted or finite (use Quantiles for checked input); the result for
// an unsorted slice is unspecified. It panics, a programmer error, if sorted
// is empty or p is not in [0, 1].
func Quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		panic("sim: Quantile of an empty sample")
	}
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("sim: Quantile probability p = %g: must be in [0, 1]", p))
	}
	return sorted[rank(len(sorted), p)-1]
}

// Quantiles returns the type-1 quantiles (see Quantile) of samples at each
// probability of ps, in the order of ps. It sorts a copy, so samples is left
// as it was. It returns an error if samples is empty or holds a value that is
// not finite (naming its index), or if a probability is outside [0, 1].
func Quantiles(samples []float64, ps []float64) ([]float64, error) {
	var c valid.Checker
	checkSamples(&c, "samples", samples)
	for i, p := range ps {
		c.Prob(fmt.Sprintf("ps[%d]", i), p)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	sorted := sortedCopy(samples)
	qs := make([]float64, len(ps))
	for i, p := range ps {
		qs[i] = Quantile(sorted, p)
	}
	return qs, nil
}

// Percentiles holds the type-1 quantiles (see Quantile) of a sample at the
// probabilities a risk report reads, in the sample's unit (USD for NPVs).
type Percentiles struct {
	P1  float64 `json:"p1"`  // 1 % quantile
	P5  float64 `json:"p5"`  // 5 % quantile
	P10 float64 `json:"p10"` // 10 % quantile
	P25 float64 `json:"p25"` // lower quartile
	P50 float64 `json:"p50"` // median (type 1: the lower of the two middle values when n is even)
	P75 float64 `json:"p75"` // upper quartile
	P90 float64 `json:"p90"` // 90 % quantile
	P95 float64 `json:"p95"` // 95 % quantile
	P99 float64 `json:"p99"` // 99 % quantile
}

// SortedPercentiles returns the Percentiles of an ascending sorted sample. It
// allocates nothing and, like Quantile, panics if sorted is empty.
func SortedPercentiles(sorted []float64) Percentiles {
	return Percentiles{
		P1:  Quantile(sorted, 0.01),
		P5:  Quantile(sorted, 0.05),
		P10: Quantile(sorted, 0.10),
		P25: Quantile(sorted, 0.25),
		P50: Quantile(sorted, 0.50),
		P75: Quantile(sorted, 0.75),
		P90: Quantile(sorted, 0.90),
		P95: Quantile(sorted, 0.95),
		P99: Quantile(sorted, 0.99),
	}
}

// MeanCI returns the sample mean of samples and its two-sided confidence
// interval at confidence conf (e.g. 0.95), by the normal approximation:
//
//	mean ± z·s/√n, z = Φ⁻¹((1+conf)/2), s the sample standard deviation (n−1 divisor).
//
// The interval is exact for normal samples only as n grows; for the path
// counts of a simulation (thousands) the central limit theorem makes it
// accurate for any distribution with finite variance. The mean and variance
// come from exact sums rounded once (see meanSD), so n copies of one value
// give that value exactly, with an interval of width 0. It returns an error if samples has fewer than 2
// values or a value that is not finite, or if conf is not in (0, 1).
func MeanCI(samples []float64, conf float64) (mean float64, ci [2]float64, err error) {
	var c valid.Checker
	checkSamples(&c, "samples", samples)
	if len(samples) == 1 {
		c.Add("len(samples)", 1, "≥ 2")
	}
	checkOpenUnit(&c, "conf", conf)
	if err := c.Err(); err != nil {
		return 0, ci, err
	}
	mean, se := meanStderr(samples)
	h := zTwoSided(conf) * se
	return mean, [2]float64{mean - h, mean + h}, nil
}

// meanStderr returns the mean of xs (len ≥ 2, finite values) and its
// standard error s/√n, with the mean and standard deviation of meanSD.
func meanStderr(xs []float64) (mean, se float64) {
	mean, sd := meanSD(xs)
	return mean, sd / math.Sqrt(float64(len(xs)))
}

// maxAbs returns the largest magnitude in xs (0 for an empty slice).
func maxAbs(xs []float64) float64 {
	var big float64
	for _, x := range xs {
		big = max(big, math.Abs(x))
	}
	return big
}

// minMax returns the smallest and the largest value of xs (len ≥ 1, no
// NaN).
func minMax(xs []float64) (lo, hi float64) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo = min(lo, x)
		hi = max(hi, x)
	}
	return lo, hi
}

// within returns m clamped to [lo, hi].
func within(m, lo, hi float64) float64 { return min(max(m, lo), hi) }

// scaleAbove is the magnitude from which unpairedStderr works from
// standard deviations rather than variances, whose squares could overflow.
const scaleAbove = 1e150

// meanSD returns the mean and the sample standard deviation (n−1 divisor) of
// xs (len ≥ 2, finite values) from their exact sum and exact sum of squares
// (xsum.Moments): the mean is Σx/n rounded once, the standard deviation the
// square root of the exact (n·Σx² − (Σx)²)/(n(n−1)) rounded once. So they
// do not depend on the order of the values, nor on how a run was split
// into shards (Merge); the mean lies in [min, max], n copies of one value
// give that value with standard deviation 0, and samples near the largest
// float64 give finite figures wherever the true ones are.
func meanSD(xs []float64) (mean, sd float64) {
	m := xsum.MomentsOf(xs)
	return m.Mean(), m.SD()
}

// zTwoSided returns Φ⁻¹((1+conf)/2), the normal multiplier of a two-sided
// interval at confidence conf.
func zTwoSided(conf float64) float64 {
	return distuv.UnitNormal.Quantile(0.5 + conf/2)
}

// checkSamples records an error if xs is empty or holds a value that is not
// finite; only the first such value is named, by its index.
func checkSamples(c *valid.Checker, field string, xs []float64) {
	if len(xs) == 0 {
		c.Add("len("+field+")", 0, "≥ 1")
		return
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			c.Add(fmt.Sprintf("%s[%d]", field, i), x, "a finite number")
			return
		}
	}
}

// checkSorted records an error if sorted is empty or its ends are not finite.
// slices.Sort and sort.Float64s put NaNs first, so a NaN anywhere in a slice
// sorted by them shows at index 0, and ±Inf can only sit at the ends: the
// check costs O(1) and allocates nothing unless it fails.
func checkSorted(c *valid.Checker, field string, sorted []float64) {
	n := len(sorted)
	if n == 0 {
		c.Add("len("+field+")", 0, "≥ 1")
		return
	}
	if x := sorted[0]; math.IsNaN(x) || math.IsInf(x, 0) {
		c.Add(field+"[0]", x, "a finite number")
	} else if x := sorted[n-1]; math.IsNaN(x) || math.IsInf(x, 0) {
		c.Add(fmt.Sprintf("%s[%d]", field, n-1), x, "a finite number")
	}
}

// checkOpenUnit records an error unless 0 < v < 1.
func checkOpenUnit(c *valid.Checker, field string, v float64) {
	if !(v > 0 && v < 1) {
		c.Add(field, v, "in (0, 1)")
	}
}

// sortedCopy returns an ascending sorted copy of xs.
func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// meanSE returns the standard error of the mean of xs: s/√n, or with pairs
// the standard error from the pair means of (xs[2i], xs[2i+1]).
func meanSE(xs []float64, pairs bool) float64 {
	if !pairs {
		// The formula of Summarize's Stderr, bit for bit, so that the
		// target-mode check and the Summary agree.
		_, sd := meanSD(xs)
		return sd / math.Sqrt(float64(len(xs)))
	}
	return pairSEOf(len(xs), func(i int) float64 { return xs[i] })
}

// pairSEOf returns the standard error of the mean of the n values at(i),
// n even, from their n/2 pair means (at(2i) + at(2i+1))/2: the sample
// standard deviation of the pair means (n/2 − 1 divisor) over √(n/2).
func pairSEOf(n int, at func(i int) float64) float64 {
	return pairSEOfIn(n, nil, at)
}

// pairSEOfIn is pairSEOf keeping the pair means in scratch (grown if need
// be).
func pairSEOfIn(n int, scratch []float64, at func(i int) float64) float64 {
	m := slices.Grow(scratch[:0], n/2)[:n/2]
	for i := range m {
		m[i] = at(2*i)/2 + at(2*i+1)/2
	}
	_, se := meanStderr(m)
	return se
}
