package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MergePartials returns the Partial of the paths of all parts, which must
// belong to one run (the same scenario, Config but for Workers, library
// version and kind) and cover disjoint path ranges. Merging is exact, so
// associative and commutative: any grouping and order of the same parts
// gives a Partial whose Result is the same, bit for bit (WallSeconds, a
// timing, aside). The parts are not changed. It returns an error naming
// the part and what differs for a part of another run, and the ranges
// for a path covered twice.
func MergePartials(parts ...*Partial) (*Partial, error) {
	if len(parts) == 0 {
		return nil, errors.New("sim: MergePartials: no partials")
	}
	first := parts[0]
	for i, q := range parts {
		if q == nil {
			return nil, fmt.Errorf("sim: MergePartials: partial %d is nil", i)
		}
		if err := first.sameRun(q); err != nil {
			return nil, fmt.Errorf("sim: MergePartials: partial %d is of another run than partial 0: %w", i, err)
		}
	}
	type owned struct {
		rg   PathRange
		part int
		ch   *PartialChunk
	}
	var all []owned
	for i, q := range parts {
		for k, rg := range q.Ranges {
			o := owned{rg: rg, part: i}
			if k < len(q.Chunks) {
				o.ch = &q.Chunks[k]
			}
			all = append(all, o)
		}
	}
	slices.SortFunc(all, func(a, b owned) int {
		if a.rg.From != b.rg.From {
			return cmpU(a.rg.From, b.rg.From)
		}
		return a.part - b.part
	})
	for k := 1; k < len(all); k++ {
		if a, b := all[k-1], all[k]; b.rg.From < a.rg.To {
			return nil, fmt.Errorf("sim: MergePartials: paths [%d, %d) of partial %d and [%d, %d) of partial %d overlap (a shard given twice?)",
				a.rg.From, a.rg.To, a.part, b.rg.From, b.rg.To, b.part)
		}
	}
	out := *first
	out.Ranges, out.Chunks, out.WallSeconds = nil, nil, 0
	for _, o := range all {
		out.Ranges = append(out.Ranges, o.rg)
		if o.ch != nil {
			out.Chunks = append(out.Chunks, *o.ch)
		}
	}
	for _, q := range parts {
		out.Config.Workers = max(out.Config.Workers, q.Config.Workers)
		out.WallSeconds += q.WallSeconds
	}
	if !out.Samples {
		out.Stats = make([]StrategyStats, len(first.Stats))
		for j := range out.Stats {
			out.Stats[j] = first.Stats[j].clone()
			for _, q := range parts[1:] {
				out.Stats[j].merge(&q.Stats[j], out.TailK)
			}
		}
		out.Diffs = make([]DiffStats, len(first.Diffs))
		for j := range out.Diffs {
			out.Diffs[j] = first.Diffs[j].clone()
			for _, q := range parts[1:] {
				out.Diffs[j].merge(&q.Diffs[j])
			}
		}
	}
	return &out, nil
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Missing returns the path ranges of p's run that p does not cover, in
// ascending order (none when p is complete).
func (p *Partial) Missing() []PathRange {
	var gaps []PathRange
	at := p.Config.FirstPath
	for _, r := range p.Ranges {
		if r.From > at {
			gaps = append(gaps, PathRange{at, r.From})
		}
		at = max(at, r.To)
	}
	if end := p.Config.FirstPath + uint64(p.Config.Paths); at < end {
		gaps = append(gaps, PathRange{at, end})
	}
	return gaps
}

// missingError returns the error of an incomplete Partial, nil if
// complete.
func (p *Partial) missingError() error {
	gaps := p.Missing()
	if len(gaps) == 0 {
		return nil
	}
	s := make([]string, len(gaps))
	for i, g := range gaps {
		s[i] = fmt.Sprintf("[%d, %d)", g.From, g.To)
	}
	return fmt.Errorf("sim: the partials cover %d of the run's %d paths [%d, %d); missing paths %s (a shard not run or not given)",
		p.Paths(), p.Config.Paths, p.Config.FirstPath, p.Config.FirstPath+uint64(p.Config.Paths), strings.Join(s, ", "))
}
