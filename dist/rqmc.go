package dist

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MaxReplicates is the largest number of independent scramblings NewRQMC
// accepts.
const MaxReplicates = 4096

// RQMC is randomized quasi-Monte Carlo over R independent scramblings
// (replicates) of one Sobol sequence, interleaved over path indices: path i
// takes point ⌊i/R⌋ of replicate i mod R. A run of R·n paths thus holds the
// first n points of every replicate, and each replicate's estimate is
// unbiased and independent of the others, so the spread of the R replicate
// means gives the standard error of their average (Owen, "Monte Carlo
// variance of scrambled net quadrature", SIAM J. Numer. Anal. 34(5),
// 1997; L'Ecuyer and Lemieux, "Recent advances in randomized quasi-Monte
// Carlo methods", 2002). Adding paths extends every replicate, and any
// range of paths reproduces those paths of a longer run, whatever the order
// in which paths are taken.
//
// Replicate r is scrambled by a seed derived from (seed, r) alone. An
// *RQMC holds one position per replicate and is not safe for concurrent
// use; Clone gives each worker its own. Point allocates nothing.
type RQMC struct {
	reps []*Sobol
}

// NewRQMC returns R = replicates scramblings (1 ≤ R ≤ MaxReplicates) of the
// Sobol sequence in dim dimensions (1 ≤ dim ≤ SobolMaxDim), from seed.
func NewRQMC(dim, replicates int, seed uint64) (*RQMC, error) {
	var c valid.Checker
	c.Int("dim", int64(dim), 1, SobolMaxDim)
	c.Int("replicates", int64(replicates), 1, MaxReplicates)
	if err := c.Err(); err != nil {
		return nil, err
	}
	base, err := NewSobol(dim)
	if err != nil {
		return nil, err
	}
	q := &RQMC{reps: make([]*Sobol, replicates)}
	k := mix64(seed ^ 0xa54ff53a5f1d36f1) // first 64 bits of frac(sqrt 7)
	for r := range q.reps {
		q.reps[r] = base.WithScramble(mix64(k + uint64(r+1)*golden))
	}
	return q, nil
}

// Replicates returns R.
func (q *RQMC) Replicates() int { return len(q.reps) }

// Dim returns the number of coordinates of a point.
func (q *RQMC) Dim() int { return q.reps[0].Dim() }

// MaxPaths returns the number of paths the replicates can serve,
// R·SobolMaxPoints.
func (q *RQMC) MaxPaths() uint64 { return uint64(len(q.reps)) * SobolMaxPoints }

// Clone returns an RQMC over the same replicates with positions of its own.
func (q *RQMC) Clone() *RQMC {
	c := &RQMC{reps: make([]*Sobol, len(q.reps))}
	for r, s := range q.reps {
		c.reps[r] = s.Clone()
	}
	return c
}

// Replicate returns the replicate path belongs to, path mod R.
func (q *RQMC) Replicate(path uint64) int { return int(path % uint64(len(q.reps))) }

// Point writes the point of path into dst (len(dst) = Dim()): point
// ⌊path/R⌋ of replicate path mod R. Taking a replicate's points in order
// (paths i, i+R, i+2R, …) costs one Gray-code step each; any other point
// costs a SkipTo. Point panics if path ≥ MaxPaths() or len(dst) is wrong
// (programmer errors).
func (q *RQMC) Point(path uint64, dst []float64) {
	if path >= q.MaxPaths() {
		panic(fmt.Sprintf("dist: RQMC.Point(%d): beyond the %d paths of %d replicates", path, q.MaxPaths(), len(q.reps)))
	}
	r := len(q.reps)
	s := q.reps[path%uint64(r)]
	if n := path / uint64(r); s.Index() != n {
		s.SkipTo(n)
	}
	s.Next(dst)
}
