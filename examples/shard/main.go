// Command shard runs shard i of N of a scenario's run and writes its
// partial result (sim.Partial) atomically, for examples/merge to put
// together with the others: the merged result equals the run made in one
// piece, bit for bit. The shard index comes from -shard or, on a cluster,
// from the scheduler: Kubernetes Indexed Jobs' JOB_COMPLETION_INDEX or
// Slurm's SLURM_ARRAY_TASK_ID (an array 0 to N−1). Every shard of a run
// must get the same -scenario, -paths, -seed, -antithetic, -npv-only and
// -compact (see docs/SCALEOUT.md, docs/k8s-indexed-job.yaml and
// docs/slurm-array.sh).
//
//	go run ./examples/shard -paths 1e6 -shards 8 -shard 3 -out shard-{i}.partial
//	JOB_COMPLETION_INDEX=3 go run ./examples/shard -paths 1e6 -shards 8 -out /data/shard-{i}.partial
//
// A long shard saves what it has done every -checkpoint-every (5 minutes)
// into its output file; run again with -resume after a crash or a
// pre-emption, it continues from there, and ends with the same file an
// uninterrupted shard writes. Ctrl-C or SIGTERM stops it at once; the
// last checkpoint stays.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/atomicfile"
	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

// indexEnv are the variables a scheduler sets to a task's index, in the
// order they are read.
var indexEnv = []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"}

// flags are the shard's own flags.
type flags struct {
	shards, shard int
	out           string
	compact       bool
	every         time.Duration
	resume        bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("shard", "-shards N [-shard I] [flags]",
		"Runs shard I of N of a run and writes its partial result for examples/merge.\n"+
			"I comes from -shard, else from $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, 1_000_000)
	var f flags
	c.Flags.IntVar(&f.shards, "shards", 0, "number of shards `N` the run is split into (required)")
	c.Flags.IntVar(&f.shard, "shard", -1, "this shard's index `I` in [0, N); -1 reads "+strings.Join(indexEnv, " or "))
	c.Flags.StringVar(&f.out, "out", "shard-{i}.partial", "partial result `file`; {i} becomes the shard index")
	c.Flags.BoolVar(&f.compact, "compact", false, "keep compact statistics instead of every path's samples (exact means, VaR, ES;\n"+
		"other quantiles from sketches): for runs too large to keep 24 bytes per path and strategy")
	c.Flags.DurationVar(&f.every, "checkpoint-every", 5*time.Minute, "save the work done so far into -out this often (0: only at the end)")
	c.Flags.BoolVar(&f.resume, "resume", false, "continue from the checkpoint in -out, if there is one")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	cfg, err := s.Config()
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	if f.shard < 0 {
		if f.shard, err = shardFromEnv(os.Getenv); err != nil {
			return c.Failf(cli.ExitUsage, "%v", err)
		}
	}
	rg, err := sim.ShardRange(cfg, f.shard, f.shards)
	if err != nil {
		return c.Failf(cli.ExitUsage, "-shards %d, shard %d: %v", f.shards, f.shard, err)
	}
	if f.every < 0 {
		return c.Failf(cli.ExitUsage, "-checkpoint-every %v: must be ≥ 0", f.every)
	}
	out := strings.ReplaceAll(f.out, "{i}", strconv.Itoa(f.shard))
	if err := atomicfile.CheckFile(out, nil); err != nil {
		return c.Failf(cli.ExitFail, "-out %v", err)
	}
	sc, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	ck := sim.Checkpoint{Every: f.every, Save: func(p *sim.Partial) error { return atomicfile.WriteFile(out, p.WritePartial) }}
	if f.resume {
		if ck.Resume, err = readCheckpoint(out); err != nil {
			return c.Failf(cli.ExitFail, "-resume: %v", err)
		}
	}
	if err := s.CheckMemory(shardMemory(&sc, cfg, rg)); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	start := time.Now()
	p, err := cli.Do(ctx, "shard", func() (*sim.Partial, error) {
		return sim.RunCheckpointed(ctx, &sc, cfg, rg, sim.PartialOptions{Samples: !f.compact}, ck)
	})
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintf(stdout, "shard %d of %d: paths [%d, %d) of [%d, %d), %d strategies, %.1f s; wrote %s\n",
		f.shard, f.shards, rg.From, rg.To, cfg.FirstPath, cfg.FirstPath+uint64(cfg.Paths), len(p.Names), time.Since(start).Seconds(), out)
	return cli.ExitOK
}

// shardFromEnv returns the shard index a scheduler set, from the first of
// indexEnv that is set.
func shardFromEnv(getenv func(string) string) (int, error) {
	for _, name := range indexEnv {
		v := getenv(name)
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 {
			return 0, fmt.Errorf("$%s=%q: want a shard index ≥ 0", name, v)
		}
		return i, nil
	}
	return 0, fmt.Errorf("no -shard and none of $%s set: give the shard index", strings.Join(indexEnv, ", $"))
}

// readCheckpoint reads the partial at path, or returns nil if there is
// none.
func readCheckpoint(path string) (*sim.Partial, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return sim.ReadPartial(f)
}

// shardMemory estimates the heap of the shard: a run of its paths, plus
// its samples kept in the partial, once more while a segment merges.
func shardMemory(sc *model.Scenario, cfg sim.Config, rg sim.PathRange) int64 {
	n := int64(rg.To - rg.From)
	return 2 * n * 24 * int64(len(sc.StrategyNames()))
}
