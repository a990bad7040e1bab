//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// A scenario file that is a named pipe no one writes to (a shell's <(…)
// whose command hangs) does not swallow Ctrl-C: the program stops at once
// with exit 130 and writes nothing.
func TestQuickstartFIFOScenarioInterrupted(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "scenario.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	o := clitest.Interruption{Dir: dir}.Want(t, run, "quickstart", "-scenario", fifo, "-out", "out")
	if o.Stdout != "" {
		t.Errorf("stdout %q", o.Stdout)
	}
	// Release the goroutine still waiting to open the pipe.
	if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

// The built program exits 143 on SIGTERM (128 + 15, as shells report a
// process killed by it; it used to exit 130) and 130 on Ctrl-C, promptly,
// in the simulation and while waiting on a named pipe.
func TestQuickstartSignals(t *testing.T) {
	bin := clitest.Build(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "scenario.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sim := []string{"-paths", "2e6", "-out", "out"}
	t.Run("SIGTERM simulating", func(t *testing.T) {
		clitest.WantSignalExit(t, bin, dir, syscall.SIGTERM, 500*time.Millisecond, cli.ExitTerminated, "quickstart",
			[]string{"interrupted by SIGTERM", "nothing written"}, sim...)
	})
	t.Run("SIGINT simulating", func(t *testing.T) {
		clitest.WantSignalExit(t, bin, dir, os.Interrupt, 500*time.Millisecond, cli.ExitInterrupted, "quickstart",
			[]string{"interrupted: stopped before the end, nothing written"}, sim...)
	})
	t.Run("SIGINT on a named pipe", func(t *testing.T) {
		clitest.WantSignalExit(t, bin, dir, os.Interrupt, 300*time.Millisecond, cli.ExitInterrupted, "quickstart",
			[]string{"interrupted"}, "-scenario", fifo)
	})
	if e := clitest.Entries(t, dir); len(e) != 1 {
		t.Errorf("the directory holds %v, want only the pipe", e)
	}
}

// Under an address-space limit (ulimit -v, 3 GB) a run of 10⁸ paths is
// refused at once with one line naming the limit and the flags to lower,
// instead of dying with the runtime's "out of memory" dump.
func TestQuickstartAddressSpaceLimit(t *testing.T) {
	bin := clitest.Build(t)
	dir := t.TempDir()
	cmd := exec.Command("sh", "-c", `ulimit -v 3000000 && exec "$0" "$@"`, bin, "-paths", "1e8", "-out", "out")
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != cli.ExitFail {
		t.Fatalf("exit %d (%v), want %d; stderr:\n%.500s", code, err, cli.ExitFail, stderr.String())
	}
	msg := stderr.String()
	for _, w := range []string{"quickstart: -paths 100000000: the run needs about 9.2 GB of memory", "ulimit -v", "lower -paths"} {
		if !strings.Contains(msg, w) {
			t.Errorf("stderr %q lacks %q", msg, w)
		}
	}
	if strings.Count(msg, "\n") != 1 {
		t.Errorf("stderr has %d lines, want one:\n%s", strings.Count(msg, "\n"), msg)
	}
	if e := clitest.Entries(t, dir); len(e) != 0 {
		t.Errorf("wrote %v", e)
	}
}
