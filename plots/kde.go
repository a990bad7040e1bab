package plots

import (
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/sim"
)

// silverman returns the bandwidth of a Gaussian kernel density estimate of
// a sample by Silverman's rule of thumb (B. W. Silverman, Density Estimation
// for Statistics and Data Analysis, Chapman & Hall, 1986, eq. 3.31):
//
//	h = 0.9 · min(s, IQR/1.34) · n^(−1/5),
//
// with s the sample standard deviation and IQR the interquartile range
// (type-1 quantiles of sorted, which must be sorted ascending). It falls
// back to s alone when the IQR is 0, and returns 0 for a constant sample.
func silverman(sorted []float64) float64 {
	n := len(sorted)
	if n < 2 {
		return 0
	}
	var mean float64
	for _, x := range sorted {
		mean += x
	}
	mean /= float64(n)
	var ss float64
	for _, x := range sorted {
		ss += (x - mean) * (x - mean)
	}
	s := math.Sqrt(ss / float64(n-1))
	spread := s
	if iqr := sim.Quantile(sorted, 0.75) - sim.Quantile(sorted, 0.25); iqr > 0 {
		spread = math.Min(s, iqr/1.34)
	}
	return 0.9 * spread * math.Pow(float64(n), -0.2)
}

// kde returns a Gaussian kernel density estimate of xs with bandwidth h > 0
// at the g ≥ 2 evenly spaced points lo + k·(hi−lo)/(g−1), k = 0..g−1
// (lo < hi). It bins xs linearly onto the grid and convolves the bin counts
// with the kernel (M. P. Wand, "Fast computation of multivariate kernel
// estimators", Journal of Computational and Graphical Statistics 3(4), 1994),
// in O(n + g·L) time for a kernel cut at 5h, L = 5h/δ grid steps.
//
// Values outside [lo, hi] are left out of the sum but still count in its
// normalization 1/(n·h): the estimate is that of all of xs, exact (up to
// binning) at grid points more than 5h inside the grid's ends, and lower
// than it only within 5h of an end beyond which values were left out. A
// caller drawing part of a sample's range computes the grid 5h wider than
// what it draws. The estimate integrates to the share of xs inside the grid
// up to the mass of the kernels beyond its ends and the O(δ²) error of
// binning.
func kde(xs []float64, h, lo, hi float64, g int) []float64 {
	delta := (hi - lo) / float64(g-1)
	counts := make([]float64, g)
	for _, x := range xs {
		pos := (x - lo) / delta
		switch {
		case pos < 0 || pos > float64(g-1):
			// Beyond the grid: left out.
		case pos == float64(g-1):
			counts[g-1]++
		default:
			i := int(pos)
			w := pos - float64(i)
			counts[i] += 1 - w
			counts[i+1] += w
		}
	}
	l := min(g-1, int(math.Ceil(5*h/delta)))
	kern := make([]float64, l+1)
	norm := 1 / (float64(len(xs)) * h * math.Sqrt(2*math.Pi))
	for m := range kern {
		u := float64(m) * delta / h
		kern[m] = norm * math.Exp(-u*u/2)
	}
	dens := make([]float64, g)
	for j, c := range counts {
		if c == 0 {
			continue
		}
		for k := max(0, j-l); k <= min(g-1, j+l); k++ {
			d := k - j
			if d < 0 {
				d = -d
			}
			dens[k] += c * kern[d]
		}
	}
	return dens
}

// sortedCopy returns a sorted copy of xs.
func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}
