package sim

import (
	"math"
	"slices"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// bandStore holds the band paths' values while running: series × points ×
// slots of float32 in one slice per series, index point·k + slot, so the
// values of one point are contiguous. Its PathObservers (it is the run's
// first Observer) write disjoint slots: the path at offset i, i < k, is
// slot i.
type bandStore struct {
	k       int             // slots (band paths) allocated
	steps   []int           // step of each point
	pointOf []int32         // point of each step 0..Steps, or −1
	series  []market.Series // kept market series, in store order
	cash    bool            // whether cumulative cash is kept (after the market series)
	names   []string        // the strategies' names
	vals    [][]float32     // [series][point·k + slot]
	halv    []uint8         // halvings seen at each point, [point·k + slot], saturating at 255
}

// newBandStore returns a store for k band paths of a run with the given
// steps and strategies, or nil if nothing is kept.
func newBandStore(set BandSet, k, steps int, names []string) *bandStore {
	if !set.any() || k == 0 {
		return nil
	}
	stride := (steps + MaxBandPoints - 1) / MaxBandPoints
	b := &bandStore{k: k, pointOf: make([]int32, steps+1), series: slices.Clone(set.Series), cash: set.Cash, names: names}
	for s := range b.pointOf {
		b.pointOf[s] = -1
		if s%stride == 0 || s == steps {
			b.pointOf[s] = int32(len(b.steps))
			b.steps = append(b.steps, s)
		}
	}
	n := len(b.series)
	if set.Cash {
		n += len(names)
	}
	size := len(b.steps) * k
	b.vals = make([][]float32, n)
	for i := range b.vals {
		b.vals[i] = make([]float32, size)
	}
	b.halv = make([]uint8, size)
	return b
}

// record stores the band values of the path in slot at step: the market
// series of s and the cumulative cash of each strategy in pr. It returns a
// *PathError (series or strategy, quantity and value; the engine fills in
// the rest) for the first value that does not fit a finite float32. It
// allocates nothing otherwise.
func (b *bandStore) record(slot, step int, s *market.State, pr *PathPricer) error {
	p := b.pointOf[step]
	if p < 0 {
		return nil
	}
	at := int(p)*b.k + slot
	for i, x := range b.series {
		v := x.Value(s)
		f := float32(v)
		if !finite32(f) {
			return &PathError{Quantity: x.Name(), Value: v}
		}
		b.vals[i][at] = f
	}
	if b.cash {
		off := len(b.series)
		for j, c := range pr.cum {
			f := float32(c)
			if !finite32(f) {
				return &PathError{Strategy: b.names[j], Quantity: "cumulative cash", Value: c}
			}
			b.vals[off+j][at] = f
		}
	}
	b.halv[at] = uint8(min(s.HalvingsSinceStart, math.MaxUint8))
	return nil
}

func finite32(f float32) bool { return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) }

// NewPathObserver returns a PathObserver recording the band paths into b.
func (b *bandStore) NewPathObserver() PathObserver { return &bandPath{b: b} }

// bandPath records one band path at a time: Begin skips the paths past
// the store's k slots.
type bandPath struct {
	b    *bandStore
	slot int
}

func (p *bandPath) Begin(info PathInfo, s *market.State, pr *PathPricer) error {
	if info.Offset >= p.b.k {
		return SkipPath
	}
	p.slot = info.Offset
	return p.b.record(p.slot, 0, s, pr)
}

func (p *bandPath) Step(k int, s *market.State, _ []site.CashFlow, pr *PathPricer) error {
	return p.b.record(p.slot, k, s, pr)
}

func (p *bandPath) End(*PathPricer) error { return nil }

// bands computes the Bands of the first n slots (n ≤ k) with up to workers
// goroutines; dtYears is the step length. The result does not depend on
// workers. The workers look at stop before each (series, point) and give
// up when it reports the run stopped; the Bands are then incomplete, and
// the caller discards them.
func (b *bandStore) bands(n, workers int, dtYears float64, stop stopFunc) *Bands {
	pts := len(b.steps)
	out := &Bands{Paths: n, Steps: slices.Clone(b.steps), TimeYears: make([]float64, pts)}
	for i, s := range b.steps {
		out.TimeYears[i] = float64(s) * dtYears
	}
	bands := make([]Band, len(b.vals))
	for i, x := range b.series {
		bands[i] = Band{Name: x.Name(), Unit: x.Unit()}
	}
	if b.cash {
		for j, name := range b.names {
			bands[len(b.series)+j] = Band{Name: name, Unit: "USD"}
		}
	}
	for i := range bands {
		bands[i].P5 = make([]float64, pts)
		bands[i].P25 = make([]float64, pts)
		bands[i].P50 = make([]float64, pts)
		bands[i].P75 = make([]float64, pts)
		bands[i].P95 = make([]float64, pts)
	}
	b.quantiles(bands, n, workers, stop)
	if len(b.series) > 0 {
		out.Series = bands[:len(b.series):len(b.series)]
	}
	if b.cash {
		out.CumulativeCashUSD = bands[len(b.series):]
	}
	out.Halvings = b.halvings(n, out.TimeYears)
	return out
}

// quantiles fills the quantiles of bands from the first n slots, one task
// per (series, point) shared by up to workers goroutines, each selecting
// the order statistics in its own scratch.
func (b *bandStore) quantiles(bands []Band, n, workers int, stop stopFunc) {
	pts := len(b.steps)
	var idx [len(BandProbs)]int // 0-based ranks of the quantiles
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
