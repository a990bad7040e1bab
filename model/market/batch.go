package market

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Batch advances many paths of one Market together, one step at a time,
// organised for speed: process by process across the paths, each path's
// draws taken in turn from its own sub-streams and the exponentials and
// logarithms of all paths evaluated over contiguous slices (internal/vmath's
// slice forms, which give the same bits as the scalar forms a path stepped
// alone uses). Every path comes out exactly as Market.StepShocks (or
// StepWith) would leave it, bit for bit (TestBatchStepIsStepShocks).
//
// A Batch holds scratch slices for up to Cap paths and one set of four
// sub-streams per slot (price, fees, power, GPU; see Market), forked anew
// from the slot's path stream every step, so their Poisson memos live on
// from step to step. It is not safe for concurrent use: each worker makes
// its own with Market.NewBatch. Its steps allocate nothing.
type Batch struct {
	m    *Market
	subs [][numForks]dist.Rand // the sub-streams of slot i, in fork order
	z    [][NumShocks]float64  // the shocks Step draws
	a    []float64             // scratch, 2·Cap
	x    []float64             // scratch, groups·Cap: credit exponents
	ex   []float64             // scratch, groups·Cap: their exponentials

	walks  []walk  // the block walks of a step
	active []int32 // the paths whose walk goes on
}

// numForks is the number of sub-streams a step forks off a path's stream.
const numForks = 4

// The sub-streams in fork order.
const (
	forkPrice = iota
	forkFees
	forkPower
	forkGPU
)

// NewBatch returns a Batch for up to n paths of m (n ≥ 1; a few hundred
// keeps its scratch, about 0.5 KB a path, in the caches).
func (m *Market) NewBatch(n int) *Batch {
	if n < 1 {
		panic(fmt.Sprintf("market: NewBatch(%d): need at least one path", n))
	}
	g := m.credit.groups()
	return &Batch{
		m:      m,
		subs:   make([][numForks]dist.Rand, n),
		z:      make([][NumShocks]float64, n),
		a:      make([]float64, 2*n),
		x:      make([]float64, g*n),
		ex:     make([]float64, g*n),
		walks:  make([]walk, n),
		active: make([]int32, 0, n),
	}
}

// Cap returns the largest number of paths a step of b takes.
func (b *Batch) Cap() int { return len(b.subs) }

// Step advances every s[i] by one step of DtYears, drawing its randomness
// from r[i] exactly as Market.StepWith(&s[i], r[i], sub) does: the five
// correlated shocks, then the four forks. len(r) must equal len(s), at most
// Cap; each s[i] must be the Start state of the market or a state it has
// stepped. It allocates nothing.
func (b *Batch) Step(s []State, r []*dist.Rand) {
	b.check(len(s), len(s), len(r))
	z := b.z[:len(s)]
	for i := range z {
		b.m.corr.Fill(z[i][:], r[i])
	}
	b.StepShocks(s, z, r)
}

// StepShocks advances every s[i] by one step of DtYears with the step's
// correlated diffusion shocks z[i] given, exactly as
// Market.StepShocks(&s[i], &z[i], r[i], sub) does (the four sub-streams
// forked off r[i] in the same order; r[i] moves by four words). len(z) and
// len(r) must equal len(s), at most Cap; the paths may be at different
// steps. It allocates nothing.
func (b *Batch) StepShocks(s []State, z [][NumShocks]float64, r []*dist.Rand) {
	b.check(len(s), len(z), len(r))
	for i := range s {
		for f := range b.subs[i] {
			r[i].Fork(&b.subs[i][f])
		}
	}
	b.stepPrice(s, z)
	b.stepFeesPower(s, z)
	b.stepGPU(s, z)
	b.stepCredit(s)
	b.stepNetwork(s, z)
	b.stepMine(s)
}

// check panics unless a step of n paths with nz shock rows and nr streams
// fits b: a programming error, not a user's input.
func (b *Batch) check(n, nz, nr int) {
	if n > len(b.subs) || nz != n || nr != n {
		panic(fmt.Sprintf("market: Batch step of %d states, %d shock rows, %d streams: need equal counts, at most Cap = %d", n, nz, nr, len(b.subs)))
	}
}
