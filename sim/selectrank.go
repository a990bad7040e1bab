package sim

import (
	"math/bits"
	"slices"
)

// selectRanks rearranges x[lo:hi] so that, for each 0-based index k in idx
// (ascending, within [lo, hi)), x[k] holds the value it would hold were
// x[lo:hi] sorted ascending: the order statistics a type-1 quantile reads,
// found in O(n·log len(idx)) on average instead of a sort's O(n·log n). It
// is the multiple-selection scheme of Hoare's FIND (C. A. R. Hoare,
// "Algorithm 65: Find", Communications of the ACM 4(7), 1961): select the
// middle requested rank, then the smaller ranks left of it and the larger
// ones right of it. idx may repeat a rank (few values give several
// quantiles the same one). The values must not be NaN.
func selectRanks(x []float64, lo, hi int, idx []int) {
	for len(idx) > 0 {
		mid := len(idx) / 2
		k := idx[mid]
		selectNth(x, lo, hi, k)
		left, right := idx[:mid], idx[mid+1:]
		for len(left) > 0 && left[len(left)-1] == k {
			left = left[:len(left)-1]
		}
		for len(right) > 0 && right[0] == k {
			right = right[1:]
		}
		selectRanks(x, lo, k, left)
		lo, idx = k+1, right
	}
}

// selectNth rearranges x[lo:hi] so that x[k] is the value it would hold
// were x[lo:hi] sorted, with no larger value before it and no smaller one
// after it: Hoare's partition around a median-of-three pivot, narrowing to
// the side that holds k. Ranges of 16 values or fewer, and ranges still
// large after 2·log₂(n)+4 partitions (a bad run of pivots), are sorted
// instead, which bounds the worst case at O(n·log n).
func selectNth(x []float64, lo, hi, k int) {
	depth := 2*bits.Len(uint(hi-lo)) + 4
	for hi-lo > 16 {
		if depth == 0 {
			slices.Sort(x[lo:hi])
			return
		}
		depth--
		j := partition(x, lo, hi)
		// Now x[lo..j] ≤ pivot ≤ x[j+1..hi−1].
		if k <= j {
			hi = j + 1
		} else {
			lo = j + 1
		}
	}
	slices.Sort(x[lo:hi])
}
