package sim

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// maxReplicates is the most RQMC replicates a Pairing holds,
// dist.MaxReplicates (TestMaxReplicatesIsDist), repeated here so that the
// statistics need nothing of the engine.
const maxReplicates = 4096

// RQMCReplicates returns the Pairing of a sample of R interleaved RQMC
// replicates (2 ≤ R ≤ maxReplicates), as a Run with Sampling RQMC
// makes it: value i of the sample (counted from its first, a multiple of
// R) belongs to replicate i mod R, and the standard error of a mean is
// the sample standard deviation of the R replicate means over √R.
func RQMCReplicates(r int) Pairing { return Pairing(r) }

// Replicates returns R for a Pairing of RQMC replicates, 0 otherwise.
func (p Pairing) Replicates() int {
	if p >= 2 && p <= maxReplicates {
		return int(p)
	}
	return 0
}

// valid reports whether p is Independent, Antithetic or RQMCReplicates(R).
func (p Pairing) valid() bool {
	return p == Independent || p == Antithetic || p.Replicates() > 0
}

// Estimator names the standard-error estimator of p, as Summary.Estimator
// and Comparison.Estimator state it: "iid" (independent paths),
// "antithetic-pairs" (from the pair means) or "rqmc-replicates R" (from
// the spread of the R replicates).
func (p Pairing) Estimator() string {
	switch {
	case p == Independent:
		return "iid"
	case p == Antithetic:
		return "antithetic-pairs"
	case p.Replicates() > 0:
		return "rqmc-replicates " + strconv.Itoa(p.Replicates())
	}
	return p.String()
}

// applyPairing replaces the independent-sample standard errors and
// intervals of s, the Summary of npv, by those of pairing (antithetic pair
// means, or the spread of RQMC replicates), and labels s with its
// estimator. scratch is free for its use.
func applyPairing(s *Summary, npv []float64, pairing Pairing, scratch []float64) {
	s.Estimator = pairing.Estimator()
	switch {
	case pairing == Antithetic:
		pairSummary(s, npv, scratch)
	case pairing.Replicates() > 0:
		replicateSummary(s, npv, pairing.Replicates(), scratch)
	}
}

// replicateFigures are the figures of one RQMC replicate whose spread
// gives the intervals of a Summary.
type replicateFigures struct {
	mean, var95, es95, var99, es99, probLoss float64
}

// replicateSummary sets the standard errors and 95 % intervals of s, the
// Summary of npv (R interleaved replicates: npv[i] belongs to replicate
// i mod R), from the spread of the R replicates' own figures: for a figure
// θ (mean, VaR and ES at 95 and 99 %, probability of loss) with pooled
// estimate θ̂ (over all paths, as Summarize computes it) and replicate
// estimates θ_1 … θ_R, its standard error is s_θ/√R (the sample standard
// deviation of the θ_r) and its interval θ̂ ± t_{R−1, 0.975}·s_θ/√R, with
// Student's t on R − 1 degrees of freedom (Owen, "Monte Carlo variance of
// scrambled net quadrature", SIAM J. Numer. Anal. 34(5), 1997; L'Ecuyer
// and Lemieux, "Recent advances in randomized quasi-Monte Carlo methods",
// 2002). For the mean, the replicates are unbiased and independent and the
// interval is exact for normal replicate means. For VaR and ES, each
// replicate's figure is computed from its n/R paths, so the spread
// measures the error of an estimate from n/R paths scaled by 1/√R: an
// approximation to the pooled estimate's error, good when each
// replicate's tail holds many paths.
func replicateSummary(s *Summary, npv []float64, r int, scratch []float64) {
	figs := replicateStats(npv, r, scratch)
	t := tTwoSided(0.95, r-1)
	se := func(f func(replicateFigures) float64) float64 {
		xs := make([]float64, r)
		for i, fg := range figs {
			xs[i] = f(fg)
		}
		_, e := meanStderr(xs)
		return e
	}
	ci := func(est, e float64) [2]float64 { return [2]float64{est - t*e, est + t*e} }
	s.Stderr = se(func(f replicateFigures) float64 { return f.mean })
	s.MeanCI95 = ci(s.Mean, s.Stderr)
	s.VaR95CI95 = ci(s.VaR95, se(func(f replicateFigures) float64 { return f.var95 }))
	s.ES95CI95 = ci(s.ES95, se(func(f replicateFigures) float64 { return f.es95 }))
	s.VaR99CI95 = ci(s.VaR99, se(func(f replicateFigures) float64 { return f.var99 }))
	s.ES99CI95 = ci(s.ES99, se(func(f replicateFigures) float64 { return f.es99 }))
	s.ProbLossStderr = se(func(f replicateFigures) float64 { return f.probLoss })
}

// replicateStats returns the figures of each of the r replicates of npv
// (len(npv) a multiple of r), sorting each replicate in scratch.
func replicateStats(npv []float64, r int, scratch []float64) []replicateFigures {
	m := len(npv) / r
	out := make([]replicateFigures, r)
	x := slices.Grow(scratch[:0], m)[:m]
	for k := range out {
		var loss int
		for p := range x {
			x[p] = npv[p*r+k]
			if x[p] < 0 {
				loss++
			}
		}
		mean, _ := meanStderr(x)
		slices.Sort(x)
		out[k] = replicateFigures{
			mean:  mean,
			var95: sortedVaR(x, 0.95), es95: sortedES(x, 0.95),
			var99: sortedVaR(x, 0.99), es99: sortedES(x, 0.99),
			probLoss: float64(loss) / float64(m),
		}
	}
	return out
}

// replicateSEOfIn returns the standard error of the mean of the n values
// at(i) (n a multiple of r) from their r replicate means (replicate k:
// the values at k, k+r, k+2r, …): the sample standard deviation of the
// replicate means over √r. It keeps the means in scratch (grown if need
// be).
func replicateSEOfIn(n, r int, scratch []float64, at func(i int) float64) float64 {
	means := slices.Grow(scratch[:0], r)[:r]
	m := float64(n / r)
	for k := range means {
		var mean float64
		for i := k; i < n; i += r {
			mean += at(i) / m // divided term by term: no sum of huge values overflows
		}
		means[k] = mean
	}
	_, se := meanStderr(means)
	return se
}

// tTwoSided returns the two-sided critical value of Student's t with df
// degrees of freedom at confidence conf: the (1+conf)/2 quantile.
func tTwoSided(conf float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.5 + conf/2)
}

// replicateComparison sets the standard errors of cmp, the Comparison of
// a − b over R = r interleaved RQMC replicates, from the spread of the
// replicate means: of a − b (PairedStderr), of the scores (ProbAGreater's)
// and, for UnpairedStderr, of a and of b (seA, seB when ≥ 0, else
// computed), √(se_a² + se_b²). scratch holds the replicate means in turn.
func replicateComparison(cmp *Comparison, a, b []float64, r int, scratch []float64, seA, seB float64) {
	n := len(a)
	cmp.PairedStderr = replicateSEOfIn(n, r, scratch, func(i int) float64 { return a[i] - b[i] })
	cmp.ProbAGreaterStderr = replicateSEOfIn(n, r, scratch, func(i int) float64 { return scoreOf(a[i], b[i]) })
	if seA < 0 {
		seA = replicateSEOfIn(n, r, scratch, func(i int) float64 { return a[i] })
	}
	if seB < 0 {
		seB = replicateSEOfIn(n, r, scratch, func(i int) float64 { return b[i] })
	}
	cmp.UnpairedStderr = math.Sqrt(seA*seA + seB*seB)
}
