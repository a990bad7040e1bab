package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// runWithin runs the quickstart with args under a context cancelled after
// 20 s, so that a run that simulates before finding its problem fails the
// test (exit 130) instead of holding it for minutes.
func runWithin(t *testing.T, args ...string) clitest.Output {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return clitest.RunContext(t, ctx, run, args...)
}

// Every output is checked before the simulation: a -out that is a file, a
// -json in a missing directory or naming a directory, a picture that is a
// symbolic link stop a run of two million paths at once, with one line
// naming the flag and the path as typed, and nothing written.
func TestQuickstartChecksOutputsBeforeRunning(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("file", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join("pics"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("file", filepath.Join("pics", "npv-cdf.png")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"out is a file", []string{"-out", "file"}, []string{"-out file: not a directory"}},
		{"out below a file", []string{"-out", "file/pics"}, []string{"-out file/pics: file is not a directory"}},
		{"json in a missing directory", []string{"-out", "pics2", "-json", "nodir/r.json"}, []string{"-json nodir/r.json: directory nodir does not exist"}},
		{"json is a directory", []string{"-out", "pics2", "-json", "pics"}, []string{"-json pics: not a regular file (a directory)"}},
		{"picture is a link", []string{"-out", "pics"}, []string{"-out pics/npv-cdf.png: not a regular file (a symbolic link)"}},
		{"json is the output directory", []string{"-out", "new", "-json", "new"}, []string{"-json new: is the directory of other outputs"}},
		{"json is a picture", []string{"-out", "new", "-json", "new/npv-cdf.png"}, []string{"-json new/npv-cdf.png: also written by -out"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			o := runWithin(t, append([]string{"-paths", "2e6"}, tc.args...)...)
			o.WantOneLineError(t, "quickstart", cli.ExitFail, tc.want...)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v: the outputs were not checked first", took)
			}
			if o.Stdout != "" {
				t.Errorf("stdout %q, want nothing", o.Stdout)
			}
			got := clitest.Entries(t, ".")
			if strings.Join(got, " ") != "file pics" {
				t.Errorf("directory holds %v", got)
			}
		})
	}
}

// A read-only output directory is found before the run (not as root, who
// may write it).
func TestQuickstartReadOnlyOutput(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a read-only directory")
	}
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	o := runWithin(t, "-paths", "2e6", "-out", ro)
	o.WantOneLineError(t, "quickstart", cli.ExitFail, "-out "+ro+": directory "+ro+" is not writable")
}

// previousSet writes a complete run's outputs (seed 7) into dir/out and
// dir/r.json.
func previousSet(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
	clitest.Run(t, run, "-paths", "400", "-seed", "7", "-out", "out", "-json", "r.json").WantOK(t)
}

// Ctrl-C in any phase after the simulation (tables, a picture) or in it
// stops the program at once, even when the phase itself would go on, and
// leaves the previous run's pictures and JSON exactly as they were: the
// previous set, not a mix (it used to replace the pictures drawn before the
// interruption and say "nothing written").
func TestQuickstartInterruptedInEachPhase(t *testing.T) {
	for _, phase := range []string{"run", "tables", "picture"} {
		t.Run(phase, func(t *testing.T) {
			dir := t.TempDir()
			previousSet(t, dir)
			clitest.Interruption{Dir: dir, Phase: phase}.Want(t, run, "quickstart",
				"-paths", "400", "-seed", "8", "-out", "out", "-json", "r.json")
		})
	}
}

// A run too large for the memory the program may take (here GOMEMLIMIT,
// set to 1 GB) is refused before anything is allocated, naming the need
// and the flags that lower it, instead of dying of "out of memory".
func TestQuickstartRefusesRunLargerThanMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1e9))
	dir := t.TempDir()
	start := time.Now()
	o := runWithin(t, "-paths", "1e8", "-out", filepath.Join(dir, "out"))
	o.WantOneLineError(t, "quickstart", cli.ExitFail, "-paths 100000000: the run needs about", "GB of memory", "GOMEMLIMIT", "lower -paths, or add -npv-only")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("refusing took %v", took)
	}
	if e := clitest.Entries(t, dir); len(e) != 0 {
		t.Errorf("wrote %v", e)
	}
}
