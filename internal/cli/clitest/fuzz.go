package clitest

import (
	"context"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// ArgsFuzz describes an example program whose arguments FuzzArgs fuzzes.
type ArgsFuzz struct {
	// Name is the program's name, the prefix of its error lines.
	Name string
	// Run is its entry point.
	Run RunFunc
	// Files are written into the run's (temporary) working directory
	// before each run, by name: the scenario, history and other files the
	// fuzzed arguments may name.
	Files map[string][]byte
	// Cancelled runs the program with a context already cancelled, so that
	// any arguments that pass the checks stop at the simulation's first
	// look at the context instead of running it.
	Cancelled bool
	// Allowed, if not nil, accepts an output that breaks the one-line rule
	// on purpose (a usage explanation), returning true.
	Allowed func(o Output) bool
}

// FuzzArgs fuzzes the arguments of a's program: each input is a list of
// arguments separated by spaces. The program runs in a temporary working
// directory holding a.Files; an argument (or the value of -flag=value) that
// holds a '/' or ".." is replaced by one of those files, a missing file or a
// new directory (by a hash of it), so that no run reads or writes outside
// that directory. Property: no panic, no hang (10 s), and either exit 0 (on
// -h, or a completed run) or an exit code of 1, 2 or 130 with one line on
// stderr per problem, each "name: …" (a single bad flag or value gives
// one; several bad entries of a list or a scenario give one each), and no
// stack trace; an interrupted run (130) says so on one line and writes
// nothing.
func FuzzArgs(f *testing.F, a ArgsFuzz, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	var names []string
	for n := range a.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	f.Fuzz(func(t *testing.T, line string) {
		dir := t.TempDir()
		t.Chdir(dir)
		for n, b := range a.Files {
			if err := os.WriteFile(n, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var args []string
		if line != "" {
			args = strings.Split(line, " ")
		}
		for i, arg := range args {
			if k := strings.IndexByte(arg, '='); k > 0 && strings.HasPrefix(arg, "-") {
				args[i] = arg[:k+1] + confine(arg[k+1:], names)
				continue
			}
			args[i] = confine(arg, names)
		}
		ctx, cancel := context.WithCancel(context.Background())
		if a.Cancelled {
			cancel()
		} else {
			defer cancel()
		}
		done := make(chan Output, 1)
		go func() { done <- RunContext(t, ctx, a.Run, args...) }()
		var o Output
		select {
		case o = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: no answer in 10 s", args)
		}
		if a.Allowed != nil && a.Allowed(o) {
			return
		}
		switch o.Code {
		case 0:
			if strings.Contains(o.Stderr, "goroutine ") || strings.Contains(o.Stderr, "panic") {
				t.Fatalf("%q: exit 0 with a stack trace:\n%s", args, o.Stderr)
			}
			return
		case 1, 2, 130:
		default:
			t.Fatalf("%q: exit %d, stderr:\n%s", args, o.Code, o.Stderr)
		}
		// One line per problem: every line is "name: …" (a scenario or a
		// list with several bad entries gives several), and no stack trace.
		lines := strings.Split(strings.TrimSuffix(o.Stderr, "\n"), "\n")
		if o.Stderr == "" || !strings.HasSuffix(o.Stderr, "\n") {
			t.Fatalf("%q: exit %d with stderr %q, want problem lines", args, o.Code, o.Stderr)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, a.Name+": ") || len(l) == len(a.Name)+2 {
				t.Fatalf("%q: stderr line %q is not a %q problem line:\n%s", args, l, a.Name+": …", o.Stderr)
			}
		}
		if strings.Contains(o.Stderr, "goroutine ") || strings.Contains(o.Stderr, "panic") {
			t.Fatalf("%q: stderr holds a stack trace:\n%s", args, o.Stderr)
		}
		if o.Code == 130 && len(lines) != 1 {
			t.Fatalf("%q: interrupted, with %d lines:\n%s", args, len(lines), o.Stderr)
		}
		if o.Code == 130 {
			if e := Entries(t, dir); len(e) != len(a.Files) {
				t.Fatalf("%q: interrupted, but the directory holds %v", args, e)
			}
		}
	})
}

// confine returns arg when it cannot name a path outside the working
// directory, else one of the given file names, "missing.json", "new-dir" or
// "new-dir/result.json", picked by a hash of arg.
func confine(arg string, files []string) string {
	if !strings.Contains(arg, "/") && !strings.Contains(arg, "..") && !strings.Contains(arg, `\`) {
		return arg
	}
	choices := append([]string{"missing.json", "new-dir", filepath.Join("new-dir", "result.json")}, files...)
	h := fnv.New32a()
	h.Write([]byte(arg))
	return choices[int(h.Sum32()%uint32(len(choices)))]
}

// ScenarioFiles returns a valid scenario file ("good.json", the default
// market over two years with two strategies) and an invalid one
// ("bad.json"), for FuzzArgs.
func ScenarioFiles() map[string][]byte {
	return map[string][]byte{
		"good.json": []byte(`{"name": "good", "finance": {"horizonYears": 2},
  "strategies": [{"kind": "pureMining"}, {"kind": "hybrid", "fraction": 0.5}]}`),
		"bad.json": []byte(`{"name": "bad", "finance": {"discountRatePerYear": 2}}`),
	}
}
