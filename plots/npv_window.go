package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pivotrisk/pivotrisk/sim"
)

// tailStats are a strategy's figures quoted in the NPV pictures, USD.
type tailStats struct {
	mean, var95, es95, probLoss float64
}

// tailOf returns the tail figures of sorted, ascending and non-empty.
func tailOf(sorted []float64) (tailStats, error) {
	var t tailStats
	var err error
	if t.var95, err = sim.SortedVaR(sorted, 0.95); err != nil {
		return t, err
	}
	if t.es95, err = sim.SortedES(sorted, 0.95); err != nil {
		return t, err
	}
	var neg int
	for _, x := range sorted {
		t.mean += x
		if x < 0 {
			neg++
		}
	}
	t.mean /= float64(len(sorted))
	t.probLoss = float64(neg) / float64(len(sorted))
	if err := finiteErr("mean NPV", t.mean); err != nil {
		return t, err
	}
	return t, nil
}

// Quantiles bounding the X window of the NPV pictures, and how far beyond
// them a tail must reach before it is cut, as a share of the window's
// width.
const (
	windowLowP  = 0.001
	windowHighP = 0.999
	cutReach    = 0.25
)

// window is the X range of the NPV pictures and what lies beyond it.
type window struct {
	lo, hi       float64 // the X range, USD
	sorted       [][]float64
	stats        []tailStats
	h            []float64 // each strategy's bandwidth, USD
	hMax         float64
	below, above int     // samples of all strategies below lo and above hi
	min, max     float64 // the smallest and largest sample, USD
	total        int     // samples of all strategies
}

// npvWindow sorts the strategies' samples, computes their tail figures and
// bandwidths, and chooses the X window of the NPV pictures: the core
// [min_j q_0.001, max_j q_0.999] over strategies j (type-1 quantiles, as in
// package sim), widened to hold 0 and every −VaR95 and −ES95. On each side
// the window reaches 4 bandwidths beyond the extreme sample (or 3 % of the
// core's width beyond the core, if further), as a full picture would,
// unless that sample lies more than cutReach of the core's width beyond
// the core: then the side is cut 3 % of that width beyond the core, and
// the samples beyond it are counted for the axis label.
func npvWindow(names []string, npv [][]float64) (*window, error) {
	w := &window{
		sorted: make([][]float64, len(npv)),
		stats:  make([]tailStats, len(npv)),
		h:      make([]float64, len(npv)),
		min:    math.Inf(1),
		max:    math.Inf(-1),
	}
	lo, hi := 0.0, 0.0 // the core, with 0 in it
	for j, xs := range npv {
		s := sortedCopy(xs)
		w.sorted[j] = s
		st, err := tailOf(s)
		if err != nil {
			return nil, fmt.Errorf("plots: strategy %q: %w", names[j], err)
		}
		w.stats[j] = st
		lo = math.Min(lo, math.Min(sim.Quantile(s, windowLowP), math.Min(-st.var95, -st.es95)))
		hi = math.Max(hi, math.Max(sim.Quantile(s, windowHighP), math.Max(-st.var95, -st.es95)))
		w.min, w.max = math.Min(w.min, s[0]), math.Max(w.max, s[len(s)-1])
		w.total += len(s)
	}
	span := hi - lo
	if span == 0 { // every sample is 0
		span = usdPerM
	}
	for j, s := range w.sorted {
		w.h[j] = math.Max(silverman(s), span/300)
		w.hMax = math.Max(w.hMax, w.h[j])
	}
	w.lo = math.Min(w.min-4*w.hMax, lo-0.03*span)
	if w.min < lo-cutReach*span {
		w.lo = lo - 0.03*span
	}
	w.hi = math.Max(w.max+4*w.hMax, hi+0.03*span)
	if w.max > hi+cutReach*span {
		w.hi = hi + 0.03*span
	}
	for _, s := range w.sorted {
		w.below += sort.SearchFloat64s(s, w.lo)
		w.above += len(s) - sort.Search(len(s), func(i int) bool { return s[i] > w.hi })
	}
	return w, nil
}

// axisLabel returns the X axis label of the NPV pictures: the unit, and on
// a second line, if the window cuts a tail, how many samples (of all
// strategies) lie beyond it and how far they reach.
func (w *window) axisLabel() string {
	const unit = "NPV, M USD (negative = loss)"
	var parts []string
	if w.below > 0 {
		parts = append(parts, fmt.Sprintf("%s down to %s", fmtThousands(w.below), fmtSig(w.min/usdPerM)))
	}
	if w.above > 0 {
		parts = append(parts, fmt.Sprintf("%s up to %s", fmtThousands(w.above), fmtSig(w.max/usdPerM)))
	}
	var where string
	switch {
	case w.below > 0 && w.above > 0:
		where = "near the 0.1 and 99.9 % quantiles"
	case w.below > 0:
		where = "near the 0.1 % quantile"
	case w.above > 0:
		where = "near the 99.9 % quantile"
	default:
		return unit
	}
	return fmt.Sprintf("%s\naxis cut %s; not drawn: %s (of %s values)", unit, where, strings.Join(parts, ", "), fmtThousands(w.total))
}
