package sim

import (
	"math"
	"math/bits"
	"slices"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// BandProbs are the probabilities of the quantiles every Band holds:
// 5, 25, 50, 75 and 95 %.
var BandProbs = [5]float64{0.05, 0.25, 0.50, 0.75, 0.95}

// Bands are the fan charts of a run: per time point, quantiles of market
// series and of each strategy's cumulative cash across paths.
//
// Method: the bands come from a deterministic sub-sample, the first Paths
// paths of the run (Config.BandPaths, default 2,000, or all paths when the
// run is smaller), so they are the same for any worker count and do not
// change when more paths are added. Each quantile is the exact type-1 order
// statistic of those paths' values at that point (see Quantile), taken from
// values stored as float32 while running (7 significant digits, to keep the
// store small: 4 bytes per path per point per series). Its Monte Carlo
// error, in probability units, is about √(p(1−p)/K) for K = Paths: with
// K = 2,000, ±0.005 at p = 0.05 and ±0.011 at the median. The points are
// every step (TimeYears[0] = 0 is the start, identical on every path), or
// every m-th step when the run has more than MaxBandPoints steps, always
// including the last.
type Bands struct {
	// Paths is the number of paths K the bands are taken from.
	Paths int `json:"paths"`
	// Steps is the step index of each point (0 is the start).
	Steps []int `json:"steps"`
	// TimeYears is the time of each point in years since the start (the
	// market's year of 365.25 days), for calendar axes.
	TimeYears []float64 `json:"timeYears"`
	// BTCPriceUSD is the BTC price, USD (nil unless kept).
	BTCPriceUSD *Band `json:"btcPriceUSD,omitempty"`
	// HashpriceUSDPerPHDay is the hashprice, USD per PH/s per day (nil
	// unless kept).
	HashpriceUSDPerPHDay *Band `json:"hashpriceUSDPerPHDay,omitempty"`
	// GPURentUSDPerHour is the GPU rent, USD per GPU-hour (nil unless kept).
	GPURentUSDPerHour *Band `json:"gpuRentUSDPerHour,omitempty"`
	// CumulativeCashUSD holds, per strategy in the run's order, the
	// cumulative undiscounted free cash flow since the start, USD (empty
	// unless kept).
	CumulativeCashUSD []Band `json:"cumulativeCashUSD,omitempty"`
	// Halvings describes when the band paths' halvings fall, so plots can
	// mark them: one entry per halving number reached by at least one band
	// path.
	Halvings []HalvingBand `json:"halvings"`
}

// Band is one series' fan: the quantiles at BandProbs of the series across
// the band paths, one value per point of Bands.TimeYears, in Unit.
type Band struct {
	Name string    `json:"name"` // series name ("btcPrice", …, or the strategy's name for cash)
	Unit string    `json:"unit"` // unit of the values
	P5   []float64 `json:"p5"`   // 5 % quantile per point
	P25  []float64 `json:"p25"`  // 25 % quantile per point
	P50  []float64 `json:"p50"`  // median (type 1) per point
	P75  []float64 `json:"p75"`  // 75 % quantile per point
	P95  []float64 `json:"p95"`  // 95 % quantile per point
}

// HalvingBand is the timing of one halving across the band paths. A halving
// is dated by the first band point at which the path has seen it, so its
// time is exact to the spacing of the points (one step, or m steps).
type HalvingBand struct {
	// Number counts halvings since the start (1 is the next halving).
	Number int `json:"number"`
	// ShareReached is the share of band paths that reach it before the
	// horizon, in (0, 1].
	ShareReached float64 `json:"shareReached"`
	// P5Years, P50Years and P95Years are type-1 quantiles of its time in
	// years since the start, over the band paths that reach it.
	P5Years  float64 `json:"p5Years"`
	P50Years float64 `json:"p50Years"`
	P95Years float64 `json:"p95Years"`
}

// Market series a band store can keep, in store order.
const (
	seriesBTC = iota
	seriesHashprice
	seriesGPU
	numMarketSeries
)

var marketSeries = [numMarketSeries]struct{ name, unit string }{
	{"btcPrice", "USD"},
	{"hashprice", "USD/PH/s/day"},
	{"gpuRent", "USD/GPU-hour"},
}

// bandStore holds the band paths' values while running: series × points ×
// slots of float32 in one slice per series, index point·k + slot, so the
// values of one point are contiguous. Workers write disjoint slots.
type bandStore struct {
	k       int     // slots (band paths) allocated
	steps   []int   // step of each point
	pointOf []int32 // point of each step 0..Steps, or −1
	market  []int   // kept market series (seriesBTC, …), in store order
	cash    bool    // whether cumulative cash is kept (after the market series)
	nStrat  int
	vals    [][]float32 // [series][point·k + slot]
	halv    []uint8     // halvings seen at each point, [point·k + slot], saturating at 255
}

// newBandStore returns a store for k band paths of a run with the given
// steps and strategies, or nil if nothing is kept.
func newBandStore(set BandSet, k, steps, nStrat int) *bandStore {
	if !set.any() || k == 0 {
		return nil
	}
	stride := (steps + MaxBandPoints - 1) / MaxBandPoints
	b := &bandStore{k: k, pointOf: make([]int32, steps+1), cash: set.Cash, nStrat: nStrat}
	for s := range b.pointOf {
		b.pointOf[s] = -1
		if s%stride == 0 || s == steps {
			b.pointOf[s] = int32(len(b.steps))
			b.steps = append(b.steps, s)
		}
	}
	for i, on := range [numMarketSeries]bool{set.BTCPrice, set.Hashprice, set.GPURent} {
		if on {
			b.market = append(b.market, i)
		}
	}
	n := len(b.market)
	if set.Cash {
		n += nStrat
	}
	size := len(b.steps) * k
	b.vals = make([][]float32, n)
	for i := range b.vals {
		b.vals[i] = make([]float32, size)
	}
	b.halv = make([]uint8, size)
	return b
}

// record stores the band values of one path at step: the market state and
// the cumulative cash of each strategy. It returns the name of the first
// value that does not fit a finite float32, its strategy (−1 for a market
// series) and the value, or "" if all fit. It allocates nothing.
func (b *bandStore) record(slot, step int, s *market.State, cum []float64) (bad string, strat int, val float64) {
	p := b.pointOf[step]
	if p < 0 {
		return "", -1, 0
	}
	at := int(p)*b.k + slot
	for i, ms := range b.market {
		var v float64
		switch ms {
		case seriesBTC:
			v = s.BTCPriceUSD
		case seriesHashprice:
			v = s.HashpriceUSDPerPHDay
		case seriesGPU:
			v = s.GPURentUSDPerHour
		}
		f := float32(v)
		if !finite32(f) {
			return marketSeries[ms].name, -1, v
		}
		b.vals[i][at] = f
	}
	if b.cash {
		off := len(b.market)
		for j, c := range cum {
			f := float32(c)
			if !finite32(f) {
				return "cumulative cash", j, c
			}
			b.vals[off+j][at] = f
		}
	}
	b.halv[at] = uint8(min(s.HalvingsSinceStart, math.MaxUint8))
	return "", -1, 0
}

func finite32(f float32) bool { return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) }

// bands computes the Bands of the first n slots (n ≤ k) with up to workers
// goroutines. names are the strategies' names; dtYears the step length. The
// result does not depend on workers. The workers look at stop before each
// (series, point) and give up when it reports the run stopped; the Bands
// are then incomplete, and the caller discards them.
func (b *bandStore) bands(n, workers int, names []string, dtYears float64, stop stopFunc) *Bands {
	pts := len(b.steps)
	out := &Bands{Paths: n, Steps: slices.Clone(b.steps), TimeYears: make([]float64, pts)}
	for i, s := range b.steps {
		out.TimeYears[i] = float64(s) * dtYears
	}
	bands := make([]Band, len(b.vals))
	for i, ms := range b.market {
		bands[i] = Band{Name: marketSeries[ms].name, Unit: marketSeries[ms].unit}
	}
	for j := range b.nStrat {
		if b.cash {
			bands[len(b.market)+j] = Band{Name: names[j], Unit: "USD"}
		}
	}
	for i := range bands {
		bands[i].P5 = make([]float64, pts)
		bands[i].P25 = make([]float64, pts)
		bands[i].P50 = make([]float64, pts)
		bands[i].P75 = make([]float64, pts)
		bands[i].P95 = make([]float64, pts)
	}

	// One task per (series, point); each worker selects the order
	// statistics in its own scratch: idx holds their 0-based ranks.
	var idx [len(BandProbs)]int
	for i, p := range BandProbs {
		idx[i] = rank(n, p) - 1
	}
	tasks := len(b.vals) * pts
	var next atomic.Int64
	var g errgroup.Group
	for range max(1, min(workers, tasks)) {
		g.Go(func() error {
			scratch := make([]float64, n)
			for {
				t := int(next.Add(1) - 1)
				if t >= tasks || stop.stopped() {
					return nil
				}
				si, p := t/pts, t%pts
				for j, v := range b.vals[si][p*b.k : p*b.k+n] {
					scratch[j] = float64(v)
				}
				selectRanks(scratch, 0, n, idx[:])
				bd := &bands[si]
				bd.P5[p] = scratch[idx[0]]
				bd.P25[p] = scratch[idx[1]]
				bd.P50[p] = scratch[idx[2]]
				bd.P75[p] = scratch[idx[3]]
				bd.P95[p] = scratch[idx[4]]
			}
		})
	}
	_ = g.Wait() // the tasks return no errors

	for i, ms := range b.market {
		bd := &bands[i]
		switch ms {
		case seriesBTC:
			out.BTCPriceUSD = bd
		case seriesHashprice:
			out.HashpriceUSDPerPHDay = bd
		case seriesGPU:
			out.GPURentUSDPerHour = bd
		}
	}
	if b.cash {
		out.CumulativeCashUSD = bands[len(b.market):]
	}
	out.Halvings = b.halvings(n, out.TimeYears)
	return out
}

// halvings dates each halving number on the first n band paths.
func (b *bandStore) halvings(n int, timeYears []float64) []HalvingBand {
	pts := len(b.steps)
	last := b.halv[(pts-1)*b.k : (pts-1)*b.k+n]
	most := 0
	for _, h := range last {
		most = max(most, int(h))
	}
	out := make([]HalvingBand, 0, most)
	times := make([]float64, 0, n)
	for h := 1; h <= most; h++ {
		times = times[:0]
		for slot := range n {
			for p := range pts {
				if int(b.halv[p*b.k+slot]) >= h {
					times = append(times, timeYears[p])
					break
				}
			}
		}
		slices.Sort(times)
		out = append(out, HalvingBand{
			Number:       h,
			ShareReached: float64(len(times)) / float64(n),
			P5Years:      Quantile(times, 0.05),
			P50Years:     Quantile(times, 0.50),
			P95Years:     Quantile(times, 0.95),
		})
	}
	return out
}

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
