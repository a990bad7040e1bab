package sim

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// TestCheckpointResume: a shard interrupted after a checkpoint and resumed
// from it gives the same Partial, and so the same Result JSON, as an
// uninterrupted run, with and without samples.
func TestCheckpointResume(t *testing.T) {
	sc := model.DefaultScenario()
	cfg := partialConfigs[0]
	rg := PathRange{0, uint64(cfg.Paths)}
	for _, opt := range []PartialOptions{{Samples: true}, {}} {
		whole, err := RunPartial(context.Background(), &sc, cfg, rg, opt)
		if err != nil {
			t.Fatal(err)
		}
		want := partialResultJSON(t, &sc, whole)

		ctx, cancel := context.WithCancel(context.Background())
		var saved []byte
		saves := 0
		_, err = RunCheckpointed(ctx, &sc, cfg, rg, opt, Checkpoint{Segment: 700, Save: func(p *Partial) error {
			var b bytes.Buffer
			if err := p.WritePartial(&b); err != nil {
				return err
			}
			saved, saves = b.Bytes(), saves+1
			if saves == 2 {
				cancel() // interrupted during the third segment
			}
			return nil
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted run: error %v, want context.Canceled", err)
		}
		ck, err := ReadPartial(bytes.NewReader(saved))
		if err != nil {
			t.Fatal(err)
		}
		if got := ck.Paths(); got != 1400 {
			t.Fatalf("the checkpoint covers %d paths, want 1400", got)
		}
		done, err := RunCheckpointed(context.Background(), &sc, cfg, rg, opt, Checkpoint{Segment: 500, Resume: ck})
		if err != nil {
			t.Fatal(err)
		}
		if got := partialResultJSON(t, &sc, done); got != want {
			t.Errorf("samples=%v: resumed run differs from the uninterrupted one:\n%s", opt.Samples, firstDiff(got, want))
		}
	}
}

func partialResultJSON(t *testing.T, sc *model.Scenario, p *Partial) string {
	t.Helper()
	res, err := p.Result(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return resultJSON(t, res)
}

// TestResumeRefusesAnotherRun: a checkpoint of another seed, or one that
// is not a leading part of the shard, is refused before anything runs.
func TestResumeRefusesAnotherRun(t *testing.T) {
	sc := model.DefaultScenario()
	cfg := partialConfigs[0]
	p, err := RunPartial(context.Background(), &sc, cfg, PathRange{1000, 1400}, PartialOptions{Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RunCheckpointed(context.Background(), &sc, cfg, PathRange{0, 2000}, PartialOptions{Samples: true}, Checkpoint{Resume: p}); err == nil || !strings.Contains(err.Error(), "leading part") {
		t.Errorf("checkpoint of [1000, 1400) for [0, 2000): error %v", err)
	}
	other := cfg
	other.Seed++
	if _, err := RunCheckpointed(context.Background(), &sc, other, PathRange{1000, 2000}, PartialOptions{Samples: true}, Checkpoint{Resume: p}); err == nil || !strings.Contains(err.Error(), "another run") {
		t.Errorf("checkpoint of another seed: error %v", err)
	}
}
