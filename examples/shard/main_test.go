package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// asShard, set in a subprocess's environment, makes the test binary run
// the shard command on its arguments (after "--").
const asShard = "PIVOTRISK_TEST_AS_SHARD"

func TestMain(m *testing.M) {
	if os.Getenv(asShard) == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(run(context.Background(), args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestSubprocessShardsMergeToSingleRun runs 5 shards as separate
// processes, their indices given by -shard, JOB_COMPLETION_INDEX (a
// Kubernetes Indexed Job) and SLURM_ARRAY_TASK_ID (a Slurm array), merges
// their files and checks the result against a single in-process run: the
// same JSON, byte for byte, but for the run's timing figures.
func TestSubprocessShardsMergeToSingleRun(t *testing.T) {
	dir := t.TempDir()
	const n = 5
	common := []string{"-paths", "2400", "-seed", "11", "-workers", "2", "-shards", strconv.Itoa(n), "-out", filepath.Join(dir, "s-{i}.partial")}
	for i := range n {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "--")
		cmd.Env = append(os.Environ(), asShard+"=1", "JOB_COMPLETION_INDEX=", "SLURM_ARRAY_TASK_ID=")
		switch i % 3 {
		case 0:
			cmd.Args = append(cmd.Args, append(common, "-shard", strconv.Itoa(i))...)
		case 1:
			cmd.Args = append(cmd.Args, common...)
			cmd.Env = append(cmd.Env, "JOB_COMPLETION_INDEX="+strconv.Itoa(i))
		case 2:
			cmd.Args = append(cmd.Args, common...)
			cmd.Env = append(cmd.Env, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(i))
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("shard %d: %v\n%s", i, err, out)
		}
		if want := "shard " + strconv.Itoa(i) + " of 5"; !strings.Contains(string(out), want) {
			t.Errorf("shard %d printed %q, want %q", i, out, want)
		}
	}
	var parts []*sim.Partial
	for i := n - 1; i >= 0; i-- {
		f, err := os.Open(filepath.Join(dir, "s-"+strconv.Itoa(i)+".partial"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := sim.ReadPartial(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	m, err := sim.MergePartials(parts...)
	if err != nil {
		t.Fatal(err)
	}
	sc := model.DefaultScenario()
	merged, err := m.Result(context.Background(), &sc)
	if err != nil {
		t.Fatal(err)
	}
	single, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 2400, Seed: 11, Workers: 2, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := timeless(t, merged), timeless(t, single); a != b {
		t.Errorf("the merged result's JSON differs from the single run's")
	}
}

// timeless returns res's JSON without its timing figures.
func timeless(t *testing.T, res *sim.Result) string {
	t.Helper()
	c := *res
	c.Run.WallSeconds, c.Run.PathsPerSecond, c.Run.NsPerPathStep = 0, 0, 0
	var b bytes.Buffer
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestShardIndex: the index comes from -shard, else from the scheduler's
// variables; none, or a bad one, is a usage error naming them.
func TestShardIndex(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want int
		err  string
	}{
		{map[string]string{"JOB_COMPLETION_INDEX": "3"}, 3, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5"}, 5, ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "2", "SLURM_ARRAY_TASK_ID": "5"}, 2, ""},
		{nil, 0, "JOB_COMPLETION_INDEX"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x"}, 0, `$SLURM_ARRAY_TASK_ID="x"`},
		{map[string]string{"JOB_COMPLETION_INDEX": "-1"}, 0, "≥ 0"},
	} {
		i, err := shardFromEnv(func(k string) string { return c.env[k] })
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: error %v, want one containing %q", c.env, err, c.err)
			}
			continue
		}
		if err != nil || i != c.want {
			t.Errorf("%v: %d, %v; want %d", c.env, i, err, c.want)
		}
	}
}

// TestShardFlags: bad flags are usage errors naming the flag; a shard
// index beyond -shards too.
func TestShardFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "s.partial")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-paths", "2000", "-shards", "0", "-shard", "0", "-out", out}, "shards"},
		{[]string{"-paths", "2000", "-shards", "4", "-shard", "4", "-out", out}, "shard"},
		{[]string{"-paths", "2000", "-shards", "4", "-shard", "1", "-checkpoint-every", "-1s", "-out", out}, "-checkpoint-every"},
	} {
		o := clitest.Run(t, run, c.args...)
		if o.Code != cli.ExitUsage || !strings.Contains(o.Stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d naming %q", c.args, o.Code, o.Stderr, cli.ExitUsage, c.want)
		}
	}
}

// TestShardResume: a shard run again with -resume on a complete output
// leaves it as it was; on a checkpoint of another run it refuses.
func TestShardResume(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "s.partial")
	args := []string{"-paths", "2000", "-shards", "2", "-shard", "1", "-out", out, "-workers", "1"}
	clitest.Run(t, run, args...).WantOK(t)
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	clitest.Run(t, run, append(args, "-resume")...).WantOK(t)
	again, _ := os.ReadFile(out)
	if !bytes.Equal(first, again) {
		t.Errorf("-resume on a complete shard changed its file")
	}
	o := clitest.Run(t, run, append(args, "-resume", "-seed", "2")...)
	if o.Code != cli.ExitFail || !strings.Contains(o.Stderr, "another run") {
		t.Errorf("-resume with another seed: exit %d, stderr %q", o.Code, o.Stderr)
	}
}
