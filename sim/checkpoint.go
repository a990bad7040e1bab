package sim

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
)

// DefaultCheckpointSegment is the paths a checkpointed shard runs between
// looks at the clock when Checkpoint.Segment is 0.
const DefaultCheckpointSegment = 8192

// Checkpoint makes a long shard survivable (RunCheckpointed): the shard
// runs its paths in segments, merges each segment's Partial into what it
// has (merging is exact), and saves the Partial so far when Every has
// passed since the last save, and at the end. A later call given the
// saved Partial as Resume continues after its last path; the final
// Partial, and so the Result, is the same bit for bit as an
// uninterrupted run's, whatever the segments.
type Checkpoint struct {
	// Segment is the paths run between saves' checks, in
	// [2, MaxRunPaths], even with Antithetic; 0 means
	// DefaultCheckpointSegment. It changes no result.
	Segment int
	// Every is the least time between saves; 0 saves after every segment.
	Every time.Duration
	// Save writes the Partial so far (atomically: the previous one must
	// stay whole if it fails or the process dies); nil saves nothing.
	Save func(*Partial) error
	// Resume, if not nil, is a Partial saved by an earlier call for the
	// same run and range: the paths of the range from its first one that
	// it covers, which are not run again.
	Resume *Partial
}

// RunCheckpointed is RunPartial run segment by segment with checkpoints
// (see Checkpoint). It returns an error, before running anything, if
// Resume is of another run, kind or range, or covers anything but a
// leading part of rg.
func RunCheckpointed(ctx context.Context, sc *model.Scenario, cfg Config, rg PathRange, opt PartialOptions, ck Checkpoint) (*Partial, error) {
	if err := checkPartialRun(sc, cfg, rg); err != nil {
		return nil, err
	}
	seg := ck.Segment
	if seg == 0 {
		seg = DefaultCheckpointSegment
	}
	if seg < 2 || seg > MaxRunPaths || cfg.Antithetic && seg%2 != 0 {
		return nil, fmt.Errorf("sim: checkpoint: segment %d: must be in [2, %d], even with antithetic", seg, MaxRunPaths)
	}
	acc, at, err := resumeFrom(sc, cfg, rg, opt, ck.Resume)
	if err != nil {
		return nil, err
	}
	last := time.Now()
	for at < rg.To {
		end := min(rg.To, at+uint64(seg))
		p, err := RunPartial(ctx, sc, cfg, PathRange{at, end}, opt)
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = p
		} else if acc, err = MergePartials(acc, p); err != nil {
			return nil, err
		}
		at = end
		if ck.Save != nil && (at == rg.To || time.Since(last) >= ck.Every) {
			if err := ck.Save(acc); err != nil {
				return nil, fmt.Errorf("sim: checkpoint: %w", err)
			}
			last = time.Now()
		}
	}
	return acc, nil
}

// resumeFrom checks a checkpoint r of the shard rg and returns it with the
// first path still to run (nil and rg.From without one).
func resumeFrom(sc *model.Scenario, cfg Config, rg PathRange, opt PartialOptions, r *Partial) (*Partial, uint64, error) {
	if r == nil {
		return nil, rg.From, nil
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, 0, err
	}
	want, err := newPartial(sc, cfg.resolved(), plan, opt)
	if err != nil {
		return nil, 0, err
	}
	if err := want.sameRun(r); err != nil {
		return nil, 0, fmt.Errorf("sim: resume: the checkpoint is of another run: %w", err)
	}
	at := rg.From
	for _, c := range r.Ranges {
		if c.From != at || c.To > rg.To {
			return nil, 0, errors.New("sim: resume: the checkpoint " + rangesText(r.Ranges) +
				fmt.Sprintf(": not a leading part of this shard's paths [%d, %d)", rg.From, rg.To))
		}
		at = c.To
	}
	if len(r.Ranges) == 0 {
		return nil, rg.From, nil
	}
	return r, at, nil
}

// rangesText returns "covers paths [a, b), [c, d)".
func rangesText(rs []PathRange) string {
	s := "covers paths"
	for i, r := range rs {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" [%d, %d)", r.From, r.To)
	}
	return s
}
