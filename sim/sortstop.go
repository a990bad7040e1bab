package sim

import (
	"errors"
	"math/bits"
	"slices"
)

// errStatsStopped is what the statistics return when their stopFunc
// reported a stop; Run turns it into ctx.Err().
var errStatsStopped = errors.New("sim: statistics stopped")

// stopFunc reports whether the statistics of a run should stop (its context
// was cancelled); nil never stops.
type stopFunc func() bool

func (s stopFunc) stopped() bool { return s != nil && s() }

// sortChunk is the largest range sortStoppable hands to slices.Sort in one
// piece: it bounds the stretch between two looks at the stop flag.
const sortChunk = 1 << 16

// sortStoppable sorts x ascending, as slices.Sort does (the same values in
// the same order for samples without NaN or zeros of both signs, which a
// run never produces), looking at stop between pieces of work, and reports
// false if it stopped before the end (x is then a permutation of its
// values, unsorted). Ranges above sortChunk values are split by Hoare's
// partition (partition), the smaller side first; ranges still large after
// 2·log₂(n)+4 splits (a bad run of pivots) go to slices.Sort whole, which
// bounds the work at O(n·log n).
func sortStoppable(x []float64, stop stopFunc) bool {
	if stop == nil {
		slices.Sort(x)
		return true
	}
	return sortStop(x, stop, 2*bits.Len(uint(len(x)))+4)
}

func sortStop(x []float64, stop stopFunc, depth int) bool {
	for len(x) > sortChunk {
		if stop() {
			return false
		}
		if depth == 0 {
			slices.Sort(x)
			return true
		}
		depth--
		j := partition(x, 0, len(x))
		lo, hi := x[:j+1], x[j+1:]
		if len(lo) > len(hi) {
			lo, hi = hi, lo
		}
		if !sortStop(lo, stop, depth) {
			return false
		}
		x = hi
	}
	if stop() {
		return false
	}
	slices.Sort(x)
	return true
}

// partition rearranges x[lo:hi] (hi − lo ≥ 3) around a median-of-three
// pivot by Hoare's scheme and returns j with x[lo..j] ≤ pivot ≤
// x[j+1..hi−1], both sides non-empty. The values must not be NaN.
func partition(x []float64, lo, hi int) int {
	a, m, c := lo, lo+(hi-lo)/2, hi-1
	if x[m] < x[a] {
		x[m], x[a] = x[a], x[m]
	}
	if x[c] < x[m] {
		x[c], x[m] = x[m], x[c]
		if x[m] < x[a] {
			x[m], x[a] = x[a], x[m]
		}
	}
	// x[lo] ≤ pivot ≤ x[hi−1] stop the scans; the pivot sits strictly
	// inside the range, so both sides of the split are non-empty.
	pivot := x[m]
	i, j := lo-1, hi
	for {
		for i++; x[i] < pivot; i++ {
		}
		for j--; x[j] > pivot; j-- {
		}
		if i >= j {
			return j
		}
		x[i], x[j] = x[j], x[i]
	}
}
