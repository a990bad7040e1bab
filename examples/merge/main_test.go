package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/atomicfile"
	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// writeShards runs the n shards of cfg and writes them into dir.
func writeShards(t *testing.T, dir string, cfg sim.Config, n int, opt sim.PartialOptions) []string {
	t.Helper()
	sc := model.DefaultScenario()
	var files []string
	for i := range n {
		rg, err := sim.ShardRange(cfg, i, n)
		if err != nil {
			t.Fatal(err)
		}
		p, err := sim.RunPartial(context.Background(), &sc, cfg, rg, opt)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, "s-"+strconv.Itoa(i)+".partial")
		if err := atomicfile.WriteFile(name, p.WritePartial); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	return files
}

// TestMergeWritesTheSingleRunsResult: merge prints the tables and writes
// the JSON of the single run's figures; with compact partials it says the
// quantiles are sketched.
func TestMergeWritesTheSingleRunsResult(t *testing.T) {
	dir := t.TempDir()
	cfg := sim.Config{Paths: 1200, Seed: 5, Workers: 2, Antithetic: true}
	files := writeShards(t, dir, cfg, 3, sim.PartialOptions{Samples: true})
	js := filepath.Join(dir, "result.json")
	o := clitest.Run(t, run, append([]string{"-json", js}, files...)...)
	o.WantOK(t)
	if !strings.Contains(o.Stdout, "merged 3 partials: 1200 paths") || !strings.Contains(o.Stdout, "P(beats pure mining)") {
		t.Errorf("stdout %q", o.Stdout)
	}
	f, err := os.Open(js)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := sim.ReadResultJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := model.DefaultScenario()
	want, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Strategies, want.Strategies) || !reflect.DeepEqual(got.Comparisons, want.Comparisons) {
		t.Errorf("merged summaries differ from the single run's")
	}

	compact := writeShards(t, t.TempDir(), cfg, 2, sim.PartialOptions{})
	o = clitest.Run(t, run, compact...)
	o.WantOK(t)
	if !strings.Contains(o.Stdout, "from sketches") {
		t.Errorf("compact merge does not say its quantiles are sketched: %q", o.Stdout)
	}
}

// TestMergeErrors: a shard missing or given twice is an error naming the
// paths and the files.
func TestMergeErrors(t *testing.T) {
	dir := t.TempDir()
	files := writeShards(t, dir, sim.Config{Paths: 1200, Seed: 5, Workers: 1, Antithetic: true}, 3, sim.PartialOptions{Samples: true})
	o := clitest.Run(t, run, files[0], files[2])
	if o.Code != cli.ExitFail || !strings.Contains(o.Stderr, "missing paths [400, 800)") {
		t.Errorf("missing shard: exit %d, stderr %q", o.Code, o.Stderr)
	}
	o = clitest.Run(t, run, files[0], files[1], files[1], files[2])
	if o.Code != cli.ExitFail || !strings.Contains(o.Stderr, "overlap") || !strings.Contains(o.Stderr, files[1]) {
		t.Errorf("duplicated shard: exit %d, stderr %q", o.Code, o.Stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "junk"), []byte("not a partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	o = clitest.Run(t, run, filepath.Join(dir, "junk"))
	if o.Code != cli.ExitFail || !strings.Contains(o.Stderr, "not a partial file") {
		t.Errorf("junk file: exit %d, stderr %q", o.Code, o.Stderr)
	}
	o = clitest.Run(t, run)
	if o.Code != cli.ExitUsage {
		t.Errorf("no files: exit %d", o.Code)
	}
}
