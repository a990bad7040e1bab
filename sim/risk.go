package sim

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// VaR returns the value-at-risk of samples (NPVs, USD) at confidence level
// level in (0, 1), e.g. 0.95:
//
//	VaR_α = −q_{1−α} = −x_(k), k = ⌈n·(1−α)⌉,
//
// minus the type-1 (1−α)-quantile of the sample (see Quantile). It is
// positive when that quantile is a loss (a negative NPV) and negative when
// even the bad tail makes money. VaR sorts a copy and leaves samples as it
// was; use SortedVaR on a slice you have already sorted.
//
// It returns an error if samples is empty or holds a value that is not finite
// (naming its index), or if level is not in (0, 1).
func VaR(samples []float64, level float64) (float64, error) {
	if err := checkRisk(samples, level); err != nil {
		return 0, err
	}
	return sortedVaR(sortedCopy(samples), level), nil
}

// ES returns the expected shortfall of samples (NPVs, USD) at confidence
// level level in (0, 1), e.g. 0.95: minus the mean of the k smallest values,
//
//	ES_α = −(x_(1) + … + x_(k))/k, k = ⌈n·(1−α)⌉,
//
// the same k as VaR, so ES_α ≥ VaR_α always (the mean of the k smallest
// values is at most the largest of them). With this k the estimator is the
// empirical tail mean of Acerbi and Tasche ("On the coherence of expected
// shortfall", Journal of Banking & Finance 26(7), 2002) up to the fractional
// weight of the boundary value, which vanishes as n grows. ES sorts a copy and
// leaves samples as it was; use SortedES on a slice you have already sorted.
//
// It returns an error if samples is empty or holds a value that is not finite
// (naming its index), or if level is not in (0, 1).
func ES(samples []float64, level float64) (float64, error) {
	if err := checkRisk(samples, level); err != nil {
		return 0, err
	}
	return sortedES(sortedCopy(samples), level), nil
}

// SortedVaR is VaR for a sample already sorted in ascending order (by
// slices.Sort or sort.Float64s). It allocates nothing and takes O(1) time: it
// checks only the ends of sorted for NaN and ±Inf (those sorts put NaNs
// first), not that sorted is in order; an unsorted slice gives an unspecified
// result. It returns an error if sorted is empty, an end is not finite, or
// level is not in (0, 1).
func SortedVaR(sorted []float64, level float64) (float64, error) {
	if err := checkSortedRisk(sorted, level); err != nil {
		return 0, err
	}
	return sortedVaR(sorted, level), nil
}

// SortedES is ES for a sample already sorted in ascending order, with the
// checks of SortedVaR. It allocates nothing and reads the k = ⌈n·(1−level)⌉
// smallest values.
func SortedES(sorted []float64, level float64) (float64, error) {
	if err := checkSortedRisk(sorted, level); err != nil {
		return 0, err
	}
	return sortedES(sorted, level), nil
}

// tailCount returns k = ⌈n·(1−level)⌉, at least 1: the number of values in
// the tail that VaR and ES read.
func tailCount(n int, level float64) int {
	return rank(n, 1-level)
}

func sortedVaR(sorted []float64, level float64) float64 {
	// 0 − x rather than −x, so that a zero quantile gives +0, not −0.
	return 0 - sorted[tailCount(len(sorted), level)-1]
}

func sortedES(sorted []float64, level float64) float64 {
	return esOfTail(sorted[:tailCount(len(sorted), level)])
}

// esOfTail returns ES from the k = ⌈n·(1−level)⌉ smallest values, sorted.
func esOfTail(tail []float64) float64 {
	k := len(tail)
	if big := tailScale(tail); big > 1 {
		var s float64
		for _, x := range tail {
			s += x / big
		}
		return 0 - s/float64(k)*big
	}
	var s float64
	for _, x := range tail {
		s += x
	}
	return 0 - s/float64(k)
}

// tailScale returns 1 when the sums and squares of a sorted tail's values
// cannot overflow (every magnitude below scaleAbove), and otherwise the
// largest magnitude, by which ES and its standard error divide every value
// first and multiply back at the end, so huge but finite NPVs give finite
// figures wherever the true ones are.
func tailScale(tail []float64) float64 {
	big := max(math.Abs(tail[0]), math.Abs(tail[len(tail)-1]))
	if big < scaleAbove {
		return 1
	}
	return big
}

// VaRCI returns a distribution-free two-sided confidence interval, at
// confidence conf in (0, 1) (e.g. 0.95), for the VaR at level level of the
// distribution that samples were drawn from, as [lo, hi] in USD.
//
// Method: order statistics (see e.g. David and Nagaraja, "Order Statistics",
// 3rd ed., 2003, §7.1). With p = 1−level, the number B of sample values at
// or below the true p-quantile is Binomial(n, p), so X_(l) ≤ q_p < X_(u)
// holds with probability P(l ≤ B < u). VaRCI takes the equal-tailed ranks
//
//	l = 1 + max{j : P(B ≤ j) ≤ (1−conf)/2}, u = 1 + min{j : P(B ≤ j) ≥ (1+conf)/2},
//
// which bracket the VaR's own rank ⌈n·p⌉, and returns [−x_(u), −x_(l)]. For
// a continuous distribution its coverage is at least conf for every n (the
// binomial steps make it slightly conservative); no density or variance is
// estimated. The binomial distribution function is the regularized incomplete
// beta function (gonum's mathext.RegIncBeta).
//
// It returns an error if samples is empty or holds a value that is not
// finite, if level or conf is not in (0, 1), or if samples is too small for
// such ranks to exist: at least ⌈ln((1−conf)/2)/ln(level)⌉ values are needed
// (368 for level 0.99, conf 0.95; 72 for level 0.95); the error states the
// minimum.
func VaRCI(samples []float64, level, conf float64) ([2]float64, error) {
	if err := checkRisk(samples, level, conf); err != nil {
		return [2]float64{}, err
	}
	return SortedVaRCI(sortedCopy(samples), level, conf)
}

// SortedVaRCI is VaRCI for a sample already sorted in ascending order, with
// the O(1) checks of SortedVaR. It allocates nothing unless it returns an
// error.
func SortedVaRCI(sorted []float64, level, conf float64) ([2]float64, error) {
	if err := checkSortedRisk(sorted, level, conf); err != nil {
		return [2]float64{}, err
	}
	return tailVaRCI(sorted, len(sorted), level, conf)
}

// tailVaRCI is SortedVaRCI of a sample of n values whose smallest values,
// sorted, are tail (at least the interval's upper rank of them).
func tailVaRCI(tail []float64, n int, level, conf float64) ([2]float64, error) {
	l, u, ok := orderStatRanks(n, 1-level, conf)
	if !ok {
		return [2]float64{}, &valid.FieldError{Field: "len(samples)", Value: n,
			Want: fmt.Sprintf("≥ %d for a %g confidence interval on the VaR at level %g", minPathsVaRCI(level, conf), conf, level)}
	}
	return [2]float64{0 - tail[u-1], 0 - tail[l-1]}, nil
}

// binomCDF returns P(B ≤ j) for B ~ Binomial(n, p), 0 ≤ j.
func binomCDF(n, j int, p float64) float64 {
	if j >= n {
		return 1
	}
	return mathext.RegIncBeta(float64(n-j), float64(j+1), 1-p)
}

// orderStatRanks returns the 1-based ranks l ≤ u of the equal-tailed
// order-statistic interval for the p-quantile (see VaRCI), or ok = false if
// n is too small for both to exist.
func orderStatRanks(n int, p, conf float64) (l, u int, ok bool) {
	half := (1 - conf) / 2
	// First j with F(j) > half; the largest j with F(j) ≤ half is one less,
	// so l = 1 + (j−1) = j. F is non-decreasing in j.
	l = sort.Search(n, func(j int) bool { return binomCDF(n, j, p) > half })
	// First j with F(j) ≥ 1−half; u = j+1 must not exceed n.
	j := sort.Search(n, func(j int) bool { return binomCDF(n, j, p) >= 1-half })
	u = j + 1
	if l < 1 || u > n {
		return 0, 0, false
	}
	return l, u, true
}

// minPathsVaRCI returns the smallest sample size for which VaRCI's ranks
// exist at this level and confidence.
func minPathsVaRCI(level, conf float64) int {
	p := 1 - level
	half := (1 - conf) / 2
	// (1−p)^n ≤ half and p^n ≤ half; start from the closed form, then settle
	// the rounding at the boundary with the same test orderStatRanks applies.
	n := int(math.Ceil(math.Max(math.Log(half)/math.Log1p(-p), math.Log(half)/math.Log(p))))
	n = max(n, 1)
	fits := func(n int) bool { _, _, ok := orderStatRanks(n, p, conf); return ok }
	for !fits(n) {
		n++
	}
	for n > 1 && fits(n-1) {
		n--
	}
	return n
}

// ESCI returns a two-sided confidence interval, at confidence conf in (0, 1)
// (e.g. 0.95), for the expected shortfall at level level of the distribution
// that samples were drawn from, as [lo, hi] in USD.
//
// Method: the asymptotic normal distribution of the empirical tail mean
// (Brazauskas, Jones, Puri and Zitikis, "Estimating conditional tail
// expectation with actuarial applications in view", Journal of Statistical
// Planning and Inference 138(11), 2008; for the lower tail used here). With
// p = 1−level, k = ⌈n·p⌉, q = x_(k), T the mean and s² the sample variance
// (k−1 divisor) of the k smallest values, the standard error of ES is
//
//	se = √((s² + (1−p)·(T − q)²) / k),
//
// the variance of the tail mean plus the term from not knowing the quantile,
// and the interval is ES ± t·se with t the (1+conf)/2 quantile of Student's t
// with k−1 degrees of freedom (the normal quantile as k grows; the t quantile
// widens the interval when the tail holds few values, where s² is itself
// uncertain). The distribution needs a finite variance in the tail.
//
// It returns an error if samples is empty or holds a value that is not
// finite, if level or conf is not in (0, 1), or if the tail holds fewer than
// 2 values (n·(1−level) ≤ 1); the error states the minimum.
func ESCI(samples []float64, level, conf float64) ([2]float64, error) {
	if err := checkRisk(samples, level, conf); err != nil {
		return [2]float64{}, err
	}
	return SortedESCI(sortedCopy(samples), level, conf)
}

// SortedESCI is ESCI for a sample already sorted in ascending order, with the
// O(1) checks of SortedVaR. It allocates nothing unless it returns an error.
func SortedESCI(sorted []float64, level, conf float64) ([2]float64, error) {
	if err := checkSortedRisk(sorted, level, conf); err != nil {
		return [2]float64{}, err
	}
	return tailESCI(sorted, len(sorted), level, conf)
}

// tailESCI is SortedESCI of a sample of n values whose smallest values,
// sorted, are tail (at least ⌈n·(1−level)⌉ of them).
func tailESCI(tail []float64, n int, level, conf float64) ([2]float64, error) {
	es, se, err := tailESStderr(tail, n, level)
	if err != nil {
		return [2]float64{}, err
	}
	k := tailCount(n, level)
	h := studentT(float64(k-1), 0.5+conf/2) * se
	return [2]float64{es - h, es + h}, nil
}

// sortedESStderr returns ES and its asymptotic standard error (see ESCI).
func sortedESStderr(sorted []float64, level float64) (es, se float64, err error) {
	return tailESStderr(sorted, len(sorted), level)
}

// tailESStderr is sortedESStderr of a sample of n values whose smallest
// values, sorted, are tail (at least ⌈n·(1−level)⌉ of them).
func tailESStderr(sorted []float64, n int, level float64) (es, se float64, err error) {
	k := tailCount(n, level)
	if k < 2 {
		// The smallest sample size with 2 values in the tail, by
		// bisection: 4/(1−level) values always have at least 4.
		upper := int(math.Ceil(4/(1-level))) + 16
		m := sort.Search(upper, func(m int) bool { return m > 0 && tailCount(m, level) >= 2 })
		return 0, 0, &valid.FieldError{Field: "len(samples)", Value: n,
			Want: fmt.Sprintf("≥ %d for 2 values in the tail beyond level %g", m, level)}
	}
	tail := sorted[:k]
	big := tailScale(tail) // 1 unless the values are huge
	var sum float64
	for _, x := range tail {
		sum += x / big
	}
	mean := sum / float64(k)
	var ss, comp float64
	for _, x := range tail {
		d := x/big - mean
		ss += d * d
		comp += d
	}
	s2 := (ss - comp*comp/float64(k)) / float64(k-1) // corrected two-pass (Chan, Golub and LeVeque, 1983)
	p := 1 - level
	gap := mean - tail[k-1]/big
	v := (math.Max(s2, 0) + (1-p)*gap*gap) / float64(k)
	return 0 - mean*big, math.Sqrt(v) * big, nil
}

// ProbLoss returns the share of samples (NPVs) strictly below zero, the
// estimate of P(NPV < 0), and its binomial standard error √(p(1−p)/n). It
// returns an error if samples is empty or holds a value that is not finite.
func ProbLoss(samples []float64) (p, stderr float64, err error) {
	var c valid.Checker
	checkSamples(&c, "samples", samples)
	if err := c.Err(); err != nil {
		return 0, 0, err
	}
	var losses int
	for _, x := range samples {
		if x < 0 {
			losses++
		}
	}
	n := float64(len(samples))
	p = float64(losses) / n
	return p, math.Sqrt(p * (1 - p) / n), nil
}

// checkRisk validates an unsorted sample, a level and optional confidences.
func checkRisk(samples []float64, level float64, confs ...float64) error {
	var c valid.Checker
	checkSamples(&c, "samples", samples)
	checkOpenUnit(&c, "level", level)
	for _, conf := range confs {
		checkOpenUnit(&c, "conf", conf)
	}
	return c.Err()
}

// checkSortedRisk validates a sorted sample (O(1)), a level and optional
// confidences. It allocates nothing when everything is valid.
func checkSortedRisk(sorted []float64, level float64, confs ...float64) error {
	ok := len(sorted) > 0 && finite(sorted[0]) && finite(sorted[len(sorted)-1]) && level > 0 && level < 1
	for _, conf := range confs {
		ok = ok && conf > 0 && conf < 1
	}
	if ok {
		return nil
	}
	var c valid.Checker
	checkSorted(&c, "sorted", sorted)
	checkOpenUnit(&c, "level", level)
	for _, conf := range confs {
		checkOpenUnit(&c, "conf", conf)
	}
	return c.Err()
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// studentT returns the p-quantile of Student's t with df degrees of freedom.
func studentT(df, p float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
