package sim

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// Targets of BenchmarkVarianceReduction's table: the standard errors the
// paths needed are counted for, USD.
const (
	vrTargetMeanUSD = 250_000   // standard error of a strategy's mean NPV
	vrTargetESUSD   = 1_000_000 // standard error of a strategy's ES 95 %
	vrTargetDiffUSD = 250_000   // standard error of a difference of mean NPVs
)

// vrPaths is the number of paths of each of BenchmarkVarianceReduction's
// runs.
const vrPaths = 40_000

// variance returns the sample variance (n−1 divisor) of xs.
func variance(xs []float64) float64 {
	var m, v float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return v / float64(len(xs)-1)
}

// pairVariance returns twice the sample variance of the pair means of xs
// (pairs (2k, 2k+1)): the variance per path of an antithetic estimator's
// mean, to set against variance(xs) of plain sampling.
func pairVariance(xs []float64) float64 {
	m := make([]float64, len(xs)/2)
	for k := range m {
		m[k] = xs[2*k]/2 + xs[2*k+1]/2
	}
	return 2 * variance(m)
}

// esInfluence returns the influence values of ES 95 % of the samples xs:
// ψᵢ = q + (xᵢ − q)·1{xᵢ ≤ q}/0.05 with q the 5 % quantile, whose mean is
// −ES and whose variance over n is the asymptotic variance of the ES
// estimate (the lower-tail mean; e.g. Manistre and Hancock, "Variance of
// the CTE estimator", North American Actuarial Journal 9(2), 2005).
func esInfluence(xs []float64) []float64 {
	q := Quantile(sortedCopy(xs), 0.05)
	psi := make([]float64, len(xs))
	for i, x := range xs {
		psi[i] = q
		if x <= q {
			psi[i] += (x - q) / 0.05
		}
	}
	return psi
}

// pathsFor returns the paths that bring the standard error of a mean of
// values with variance v per path down to target.
func pathsFor(v, target float64) float64 { return v / (target * target) }

// BenchmarkVarianceReduction measures what antithetic pairs and common
// random numbers are worth, as paths and as effective paths per second. It
// runs the default scenario (no fan charts) three times with vrPaths paths
// on all cores: plain, antithetic (same seed) and plain on another seed
// (the independent streams a comparison would have without common random
// numbers). From all the paths of each run it estimates the variance per
// path of each estimator — the mean NPV, ES 95 % (through its influence
// values, esInfluence), and for each strategy after the first the mean of
// its NPV minus the first's, on the same paths (CRN) or on independent
// paths — and logs the paths needed to reach the standard errors
// vrTarget…USD with each method and their ratio (the variance ratio: how
// many times fewer paths the method needs). It reports the ratios for the
// first strategy's mean and ES and for the last strategy's difference with
// the first, the plain and antithetic throughput, and eff-paths/s: the
// antithetic throughput times the first strategy's mean ratio, the plain
// paths per second that would give the same precision.
func BenchmarkVarianceReduction(b *testing.B) {
	sc := model.DefaultScenario()
	var plain, anti, other *Result
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if plain, err = Run(context.Background(), &sc, Config{Paths: vrPaths, Seed: 1, Bands: &BandSet{}}); err != nil {
			b.Fatal(err)
		}
		if anti, err = Run(context.Background(), &sc, Config{Paths: vrPaths, Seed: 1, Antithetic: true, Bands: &BandSet{}}); err != nil {
			b.Fatal(err)
		}
		if other, err = Run(context.Background(), &sc, Config{Paths: vrPaths, Seed: 2, Bands: &BandSet{}}); err != nil {
			b.Fatal(err)
		}
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "paths needed for a standard error of %.3g USD (mean NPV), %.3g USD (ES 95 %%), %.3g USD (difference of means); %d paths per run\n",
		float64(vrTargetMeanUSD), float64(vrTargetESUSD), float64(vrTargetDiffUSD), vrPaths)
	fmt.Fprintf(&tb, "%-24s %12s %12s %7s   %12s %12s %7s\n", "strategy", "mean: plain", "antithetic", "ratio", "ES95: plain", "antithetic", "ratio")
	var rMean0, rES0 float64
	for j, s := range plain.Strategies {
		p, a := plain.NPV[j], anti.NPV[j]
		np, na := pathsFor(variance(p), vrTargetMeanUSD), pathsFor(pairVariance(a), vrTargetMeanUSD)
		ep, ea := pathsFor(variance(esInfluence(p)), vrTargetESUSD), pathsFor(pairVariance(esInfluence(a)), vrTargetESUSD)
		fmt.Fprintf(&tb, "%-24s %12.0f %12.0f %7.2f   %12.0f %12.0f %7.2f\n", s.Name, np, na, np/na, ep, ea, ep/ea)
		if j == 0 {
			rMean0, rES0 = np/na, ep/ea
		}
	}
	fmt.Fprintf(&tb, "%-40s %12s %12s %7s\n", "difference of mean NPVs", "CRN", "independent", "ratio")
	var rDiff float64
	base := plain.NPV[0]
	for j := 1; j < len(plain.Strategies); j++ {
		a := plain.NPV[j]
		d := make([]float64, len(a))
		for i := range d {
			d[i] = a[i] - base[i]
		}
		nc := pathsFor(variance(d), vrTargetDiffUSD)
		ni := pathsFor(variance(a)+variance(other.NPV[0]), vrTargetDiffUSD)
		fmt.Fprintf(&tb, "%-40s %12.0f %12.0f %7.2f\n", plain.Strategies[j].Name+" − "+plain.Strategies[0].Name, nc, ni, ni/nc)
		rDiff = ni / nc
	}
	fmt.Fprintf(&tb, "throughput: plain %.0f paths/s, antithetic %.0f paths/s (%d workers)\n",
		plain.Run.PathsPerSecond, anti.Run.PathsPerSecond, plain.Run.Workers)
	b.Log("\n" + tb.String())
	b.ReportMetric(rMean0, "anti-mean-ratio")
	b.ReportMetric(rES0, "anti-es95-ratio")
	b.ReportMetric(rDiff, "crn-diff-ratio")
	b.ReportMetric(plain.Run.PathsPerSecond, "paths/s")
	b.ReportMetric(anti.Run.PathsPerSecond, "anti-paths/s")
	b.ReportMetric(anti.Run.PathsPerSecond*rMean0, "eff-paths/s")
}
