package sim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Comparison describes the difference a − b between two strategies' results
// (NPVs, USD) on the same simulated paths: element i of a and of b come from
// path i. Because both see the same market, most of the market's noise
// cancels in a − b, and PairedStderr is far smaller than UnpairedStderr, the
// standard error one would get from independent runs.
type Comparison struct {
	Paths              int         `json:"paths"`              // number of paired paths n
	MeanDiff           float64     `json:"meanDiff"`           // mean of a − b, USD
	PairedStderr       float64     `json:"pairedStderr"`       // standard error of MeanDiff, s_(a−b)/√n, USD
	UnpairedStderr     float64     `json:"unpairedStderr"`     // √(s_a²/n + s_b²/n), USD: what independent samples would give, for contrast
	MeanDiffCI95       [2]float64  `json:"meanDiffCI95"`       // MeanDiff ± 1.96·PairedStderr, USD
	ProbAGreater       float64     `json:"probAGreater"`       // share of paths with a > b, ties counting one half
	ProbAGreaterStderr float64     `json:"probAGreaterStderr"` // its standard error (see Compare)
	DiffQuantiles      Percentiles `json:"diffQuantiles"`      // type-1 quantiles of a − b, USD
}

// Compare returns the paired Comparison of a and b, two results on the same
// paths (a[i] and b[i] from path i). Sample variances use the n−1 divisor;
// MeanDiffCI95 is the normal interval of MeanCI. ProbAGreater is the mean of
// the scores 1 (a > b), ½ (a = b) and 0 (a < b), and its standard error is
// the sample standard deviation of those scores over √n (for no ties, the
// binomial √(p(1−p)/n) up to the n−1 divisor).
//
// Compare allocates the n differences once. It returns an error if a and b
// differ in length, have fewer than 2 values, hold a value that is not finite
// (naming its index), or if a − b overflows.
func Compare(a, b []float64) (Comparison, error) {
	return compare(a, b, nil)
}

// compare is Compare with the differences in scratch (grown if need be).
func compare(a, b, scratch []float64) (Comparison, error) {
	var c valid.Checker
	checkSamples(&c, "a", a)
	checkSamples(&c, "b", b)
	if len(a) != len(b) {
		c.Add("len(b)", len(b), "equal to len(a) (the same paths)")
	} else if len(a) == 1 {
		c.Add("len(a)", 1, "≥ 2")
	}
	if err := c.Err(); err != nil {
		return Comparison{}, err
	}
	n := len(a)
	diff := slices.Grow(scratch[:0], n)[:n]
	var score, scoreSq float64
	for i := range diff {
		diff[i] = a[i] - b[i]
		switch {
		case a[i] > b[i]:
			score++
			scoreSq++
		case a[i] == b[i]:
			score += 0.5
			scoreSq += 0.25
		}
	}
	checkSamples(&c, "a-b", diff)
	if err := c.Err(); err != nil {
		return Comparison{}, err
	}
	nf := float64(n)
	mean, se := meanStderr(diff)
	unpaired := unpairedStderr(a, b)
	p := score / nf
	pVar := math.Max(scoreSq-nf*p*p, 0) / (nf - 1) // sample variance of the scores
	h := zTwoSided(0.95) * se
	slices.Sort(diff) // diff is ours: sort it in place for the quantiles
	return Comparison{
		Paths:              n,
		MeanDiff:           mean,
		PairedStderr:       se,
		UnpairedStderr:     unpaired,
		MeanDiffCI95:       [2]float64{mean - h, mean + h},
		ProbAGreater:       p,
		ProbAGreaterStderr: math.Sqrt(pVar / nf),
		DiffQuantiles:      SortedPercentiles(diff),
	}, nil
}

// sampleVariance returns gonum's stat.MeanVariance variance of xs, and
// exactly 0 when every value is the same.
func sampleVariance(xs []float64) float64 {
	if lo, hi := minMax(xs); lo == hi {
		return 0
	}
	_, v := stat.MeanVariance(xs, nil)
	return v
}

// unpairedStderr returns √(s_a²/n + s_b²/n), the standard error of a − b had
// a and b come from independent paths; for huge values it works from the
// standard deviations scaled by meanSD so no square overflows.
func unpairedStderr(a, b []float64) float64 {
	nf := float64(len(a))
	if max(maxAbs(a), maxAbs(b)) < scaleAbove {
		va, vb := sampleVariance(a), sampleVariance(b)
		return math.Sqrt(math.Max(va, 0)/nf + math.Max(vb, 0)/nf)
	}
	_, sa := meanSD(a)
	_, sb := meanSD(b)
	return math.Hypot(sa, sb) / math.Sqrt(nf)
}
