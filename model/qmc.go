package model

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// The families of streams of a run's seed (dist.Substream) that
// quasi-Monte Carlo uses, after the strategies' family 1 (Simulator.Reset;
// the market's stream is seeded with the run's seed itself).
const (
	qmcScrambleStream = 2 // the seed of the R scramblings
	qmcPadStream      = 3 // pseudo-random normals for coordinates past dist.SobolMaxDim
)

// QMC is the randomized quasi-Monte Carlo design of a run: the market's
// five diffusion shocks over the plan's steps come from R independently
// scrambled Sobol sequences (dist.RQMC), path i taking point ⌊i/R⌋ of
// replicate i mod R, through a Brownian bridge per shock over the time
// grid and the market's correlation after it (dist.QMCShocks). A path of
// more than dist.SobolMaxDim shock coordinates takes the rest (with the
// bridge, its finest moves) from a pseudo-random stream of its own. A
// *QMC is immutable and shared by a run's workers, each taking a QMCPath.
type QMC struct {
	rq     *dist.RQMC
	shocks *dist.QMCShocks
	seed   uint64
}

// NewQMC returns the design of a run of p with seed seed: replicates
// scramblings (in [1, dist.MaxReplicates]), with the Brownian bridge or
// with shocks taken step by step (bridge false).
func (p *Plan) NewQMC(replicates int, seed uint64, bridge bool) (*QMC, error) {
	var c valid.Checker
	c.Int("replicates", int64(replicates), 1, dist.MaxReplicates)
	if err := c.Err(); err != nil {
		return nil, err
	}
	times := make([]float64, p.Steps())
	for k := range times {
		times[k] = float64(k+1) * p.DtYears()
	}
	shocks, err := dist.NewQMCShocks(p.market.Correlated(), times, bridge)
	if err != nil {
		return nil, fmt.Errorf("model: quasi-Monte Carlo shocks: %w", err)
	}
	rq, err := dist.NewRQMC(min(shocks.Dim(), dist.SobolMaxDim), replicates, dist.Substream(seed, qmcScrambleStream))
	if err != nil {
		return nil, fmt.Errorf("model: quasi-Monte Carlo points: %w", err)
	}
	return &QMC{rq: rq, shocks: shocks, seed: seed}, nil
}

// Replicates returns R.
func (q *QMC) Replicates() int { return q.rq.Replicates() }

// Replicate returns the replicate of path, path mod R.
func (q *QMC) Replicate(path uint64) int { return q.rq.Replicate(path) }

// MaxPaths returns the number of paths the design serves.
func (q *QMC) MaxPaths() uint64 { return q.rq.MaxPaths() }

// QMCPath is one worker's source of quasi-Monte Carlo shocks: Reset fills a
// path's shocks for every step, Shocks hands them out step by step to
// Simulator.StepShocks. It is not safe for concurrent use.
type QMCPath struct {
	q             *QMC
	rq            *dist.RQMC
	u, z, scratch []float64
	pad           dist.Rand
	step          [market.NumShocks]float64
}

// Sibling returns a QMCPath for another path of the same worker's batch:
// it shares w's generator and scratch (Reset computes a whole path at
// once, so paths reset one after another never overlap in them) and
// keeps its own shocks. w and its siblings must be used by one goroutine.
func (w *QMCPath) Sibling() *QMCPath {
	return &QMCPath{q: w.q, rq: w.rq, u: w.u, scratch: w.scratch, z: make([]float64, len(w.z))}
}

// NewPath returns a worker's QMCPath.
func (q *QMC) NewPath() *QMCPath {
	return &QMCPath{
		q: q, rq: q.rq.Clone(),
		u:       make([]float64, q.rq.Dim()),
		z:       make([]float64, q.shocks.Dim()),
		scratch: make([]float64, q.shocks.ScratchLen()),
	}
}

// Reset computes the shocks of path number path. It allocates nothing.
func (w *QMCPath) Reset(path uint64) {
	w.rq.Point(path, w.u)
	var pad *dist.Rand
	if len(w.u) < len(w.z) {
		w.pad.Reset(dist.Substream(w.q.seed, qmcPadStream), path)
		pad = &w.pad
	}
	w.q.shocks.Fill(w.z, w.u, pad, w.scratch)
}

// Shocks returns the correlated shocks of step k (1-based, as
// market.State.Step after the step), valid until the next call.
func (w *QMCPath) Shocks(k int) *[market.NumShocks]float64 {
	copy(w.step[:], w.z[(k-1)*market.NumShocks:k*market.NumShocks])
	return &w.step
}
