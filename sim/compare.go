package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Comparison describes the difference a − b between two strategies' results
// (NPVs, USD) on the same simulated paths: element i of a and of b come from
// path i. Because both see the same market, most of the market's noise
// cancels in a − b, and PairedStderr is far smaller than UnpairedStderr, the
// standard error one would get from independent runs.
type Comparison struct {
	Paths              int         `json:"paths"`               // number of paired paths n
	Estimator          string      `json:"estimator,omitempty"` // how the standard errors were computed: Pairing.Estimator of the pairing
	MeanDiff           float64     `json:"meanDiff"`            // mean of a − b, USD
	PairedStderr       float64     `json:"pairedStderr"`        // standard error of MeanDiff, s_(a−b)/√n (from pair means with antithetic pairs), USD
	UnpairedStderr     float64     `json:"unpairedStderr"`      // √(se_a² + se_b²), USD: what independent runs would give, for contrast
	MeanDiffCI95       [2]float64  `json:"meanDiffCI95"`        // MeanDiff ± 1.96·PairedStderr, USD
	ProbAGreater       float64     `json:"probAGreater"`        // share of paths with a > b, ties counting one half
	ProbAGreaterStderr float64     `json:"probAGreaterStderr"`  // its standard error (see Compare)
	DiffQuantiles      Percentiles `json:"diffQuantiles"`       // type-1 quantiles of a − b, USD
}

// Pairing describes how the paths behind a sample depend on one another,
// which the standard error of a mean over them must respect.
type Pairing int

const (
	// Independent paths: every path is an independent draw, as a Run
	// without Config.Antithetic makes them.
	Independent Pairing = iota
	// Antithetic pairs: paths 2k and 2k+1 (counted from the sample's
	// first) are an antithetic pair, as a Run with Config.Antithetic makes
	// them. Standard errors of means come from the n/2 pair means, and n
	// must be even.
	Antithetic
)

// String returns "independent", "antithetic" or "rqmc-replicates R".
func (p Pairing) String() string {
	switch p {
	case Independent:
		return "independent"
	case Antithetic:
		return "antithetic"
	}
	if r := p.Replicates(); r > 0 {
		return "rqmc-replicates " + strconv.Itoa(r)
	}
	return "Pairing(" + strconv.Itoa(int(p)) + ")"
}

// Compare returns the paired Comparison of a and b, two results on the same
// paths (a[i] and b[i] from path i), whose paths are independent draws, or,
// with the optional pairing Antithetic, antithetic pairs (2k, 2k+1) as
// Config.Antithetic makes them: Compare(a, b, res.Config.Pairing()) for two
// strategies of a Run (or res.Compare). Sample variances use the n−1
// divisor; MeanDiffCI95 is the normal interval of MeanCI. ProbAGreater is
// the mean of the scores 1 (a > b), ½ (a = b) and 0 (a < b).
//
// Independent paths: PairedStderr is the sample standard deviation of
// a − b over √n, UnpairedStderr √(s_a²/n + s_b²/n), ProbAGreaterStderr the
// standard deviation of the scores over √n (for no ties, the binomial
// √(p(1−p)/n) up to the n−1 divisor). Antithetic pairs: each is the
// standard error from the n/2 pair means instead ((x_2k + x_2k+1)/2; their
// sample standard deviation over √(n/2)), of a − b, of the scores, and for
// UnpairedStderr of a and of b, √(se_a² + se_b²): the influence-function
// method of Measure.Diff for the mean. Ignoring the pairing misstates them:
// antithetic pairs whose members move in opposite directions make the
// independent-path formula overstate the error.
//
// RQMC replicates (RQMCReplicates(R), as Config.Sampling RQMC makes
// them): each standard error is the sample standard deviation of the R
// replicate means (of a − b, of the scores, of a and of b) over √R, and
// MeanDiffCI95 uses Student's t on R − 1 degrees of freedom instead of
// the normal 1.96.
//
// Compare allocates the n differences once. It returns an error if a and b
// differ in length, have fewer than 2 values (4 with Antithetic, and an
// odd count; 2R and a count not a multiple of R with RQMC replicates), hold a value that is not finite (naming its index), if a − b
// overflows, or if pairing is not one Pairing.
func Compare(a, b []float64, pairing ...Pairing) (Comparison, error) {
	p := Independent
	if len(pairing) > 1 || len(pairing) == 1 && !pairing[0].valid() {
		var c valid.Checker
		c.Add("pairing", fmt.Sprint(pairing), fmt.Sprintf("one of Independent, Antithetic, RQMCReplicates(R) with R in [2, %d]", maxReplicates))
		return Comparison{}, c.Err()
	}
	if len(pairing) == 1 {
		p = pairing[0]
	}
	return compare(a, b, p, nil, -1, -1, nil)
}

// compare is Compare with the differences in scratch (grown if need be),
// with, for Antithetic, the pair-mean standard errors of a's and b's means
// when known (seA, seB ≥ 0; negative: compute them), returning
// errStatsStopped as soon as stop reports the run stopped.
func compare(a, b []float64, pairing Pairing, scratch []float64, seA, seB float64, stop stopFunc) (Comparison, error) {
	var c valid.Checker
	checkSamples(&c, "a", a)
	checkSamples(&c, "b", b)
	minN := 2
	if pairing == Antithetic {
		minN = 4
	}
	reps := pairing.Replicates()
	minN = max(minN, 2*reps)
	switch {
	case len(a) != len(b):
		c.Add("len(b)", len(b), "equal to len(a) (the same paths)")
	case len(a) > 0 && len(a) < minN:
		c.Add("len(a)", len(a), fmt.Sprintf("≥ %d", minN))
	case pairing == Antithetic && len(a)%2 != 0:
		c.Add("len(a)", len(a), "even with antithetic pairs (paths 2k, 2k+1)")
	case reps > 0 && len(a)%reps != 0:
		c.Add("len(a)", len(a), fmt.Sprintf("a multiple of the %d RQMC replicates", reps))
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
	p := score / nf
	pVar := math.Max(scoreSq-nf*p*p, 0) / (nf - 1) // sample variance of the scores
	cmp := Comparison{
		Paths:              n,
		MeanDiff:           mean,
		PairedStderr:       se,
		ProbAGreater:       p,
		ProbAGreaterStderr: math.Sqrt(pVar / nf),
	}
	if !sortStoppable(diff, stop) { // diff is ours: sort it in place for the quantiles
		return Comparison{}, errStatsStopped
	}
	cmp.DiffQuantiles = SortedPercentiles(diff)
	if pairing == Antithetic {
		// diff is free again: it holds the pair means in turn.
		cmp.PairedStderr = pairSEOfIn(n, diff, func(i int) float64 { return a[i] - b[i] })
		cmp.ProbAGreaterStderr = pairSEOfIn(n, diff, func(i int) float64 { return scoreOf(a[i], b[i]) })
		if seA < 0 {
			seA = pairSEOfIn(n, diff, func(i int) float64 { return a[i] })
		}
		if seB < 0 {
			seB = pairSEOfIn(n, diff, func(i int) float64 { return b[i] })
		}
		cmp.UnpairedStderr = math.Sqrt(seA*seA + seB*seB)
	} else if reps > 0 {
		replicateComparison(&cmp, a, b, reps, diff, seA, seB)
	} else {
		cmp.UnpairedStderr = unpairedStderr(a, b)
	}
	cmp.Estimator = pairing.Estimator()
	h := zTwoSided(0.95) * cmp.PairedStderr
	if reps > 0 {
		h = tTwoSided(0.95, reps-1) * cmp.PairedStderr
	}
	cmp.MeanDiffCI95 = [2]float64{mean - h, mean + h}
	return cmp, nil
}

// scoreOf is the score of path i in ProbAGreater: 1 if a > b, ½ if a = b,
// 0 if a < b.
func scoreOf(a, b float64) float64 {
	switch {
	case a > b:
		return 1
	case a == b:
		return 0.5
	}
	return 0
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
