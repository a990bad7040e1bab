package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so on one line, exits 130, prints no table and writes nothing.
func TestInterrupted(t *testing.T) {
	scenarios, err := filepath.Abs(filepath.Join("..", "scenarios", "gpu-glut.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // any default output directory lands here
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	o := clitest.RunContext(t, ctx, run, "-paths", "200000", scenarios)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("stopping took %v", took)
	}
	o.WantOneLineError(t, "stress", cli.ExitInterrupted, "interrupted", "nothing written")
	if o.Stdout != "" {
		t.Errorf("stdout %q, want nothing", o.Stdout)
	}
	if e := clitest.Entries(t, dir); len(e) != 0 {
		t.Errorf("wrote %v", e)
	}
}
