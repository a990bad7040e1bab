package sim

import (
	"errors"
	"fmt"
)

// Grow returns p as a Partial of the same run extended to paths paths
// (Config.Paths; the same FirstPath, seed and options), for a sharded
// study that adds rounds of shards until a target standard error is met
// (see NextTargetEnd). p is not changed. With samples any p grows; a
// compact p only while it kept every NPV it covers as its tail (fewer
// paths than the tail size), since a larger run needs more tail values
// than a smaller one kept: otherwise it returns an error saying so.
func (p *Partial) Grow(paths int) (*Partial, error) {
	if paths < p.Config.Paths || paths > MaxRunPaths {
		return nil, fmt.Errorf("sim: Partial.Grow: paths %d: want in [%d, %d]", paths, p.Config.Paths, MaxRunPaths)
	}
	if p.Config.Antithetic && paths%2 != 0 {
		return nil, fmt.Errorf("sim: Partial.Grow: paths %d: want even with antithetic", paths)
	}
	q := *p
	q.Config.Paths = paths
	if q.Config.BandPaths > p.Config.Paths && p.Config.Paths < paths {
		return nil, errors.New("sim: Partial.Grow: the first round's paths are fewer than BandPaths; set Config.BandPaths to at most the first round's paths")
	}
	if !p.Samples {
		k := tailKeep(paths)
		for j := range p.Stats {
			if int64(len(p.Stats[j].Tail)) < p.Stats[j].NPV.N {
				return nil, fmt.Errorf("sim: Partial.Grow: a compact partial kept the %d smallest of its %d NPVs, fewer than a run of %d paths needs; shard a target-standard-error study with samples",
					len(p.Stats[j].Tail), p.Stats[j].NPV.N, paths)
			}
		}
		q.TailK = k
		q.Stats = make([]StrategyStats, len(p.Stats))
		for j := range p.Stats {
			q.Stats[j] = p.Stats[j].clone()
			q.Stats[j].Tail = q.Stats[j].Tail[:min(k, len(q.Stats[j].Tail))]
		}
	}
	return &q, nil
}

// NextTargetEnd returns the path count at which the next round of a
// sharded target-standard-error study ends, after rounds covering n paths
// whose merged Partial.MaxStderr is se, for a target standard error and a
// cap of maxPaths: the rule of Config.TargetStdErrUSD, so a study whose
// first round has Config.Paths paths stops where a single target-mode Run
// stops (Run's RunInfo.BatchEnds are these ends), with the same figures.
// It returns n when se ≤ target or n ≥ maxPaths: stop.
func NextTargetEnd(n int, se, target float64, maxPaths int) int {
	if se <= target || n >= maxPaths {
		return n
	}
	return nextBatchEnd(n, se, target, maxPaths)
}
