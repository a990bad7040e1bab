package report

import (
	"math"
	"slices"
)

// ranks returns the ranks of xs, 1 to n, ties given their average rank
// (the mid-rank), as Spearman's rank correlation takes them.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		mid := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mid
		}
		i = j + 1
	}
	return r
}

// RankCorrelation returns Spearman's rank correlation of x and y (equal
// lengths): the Pearson correlation of their ranks, ties given their
// mid-rank, in [−1, 1]. It is NaN when it is undefined: fewer than two
// pairs, a value that is not finite, or either sample constant.
func RankCorrelation(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return math.NaN()
		}
	}
	return pearson(ranks(x), ranks(y))
}

// pearson returns the Pearson correlation of x and y, NaN if either is
// constant.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return math.Max(-1, math.Min(1, sxy/math.Sqrt(sxx*syy)))
}

// worstPaths returns the indices of the k = ⌈0.05·n⌉ paths of smallest
// NPV (at least one), ties broken by the lower path index: the paths whose
// mean is minus the ES 95 % of package sim.
func worstPaths(npv []float64) []int {
	idx := make([]int, len(npv))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case npv[a] < npv[b]:
			return -1
		case npv[a] > npv[b]:
			return 1
		}
		return 0
	})
	return idx[:tailCount(len(npv))]
}

// tailCount returns k = ⌈n·(1−0.95)⌉, at least 1 and at most n, with n·p
// taken with the relative slack of 8 machine epsilons that package sim's
// quantiles use, so that it is the number of values sim's ES 95 %
// averages.
func tailCount(n int) int {
	x := float64(n) * (1 - 0.95)
	f := math.Floor(x)
	k := int(f)
	if x-f > 8*float64(n)*0x1p-52 {
		k++
	}
	return min(max(k, 1), n)
}

// sortedInts returns a sorted copy of idx.
func sortedInts(idx []int) []int {
	s := slices.Clone(idx)
	slices.Sort(s)
	return s
}
