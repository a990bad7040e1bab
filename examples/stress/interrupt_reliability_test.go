package main

import (
	"path/filepath"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// gpuGlut is the absolute path of a stress scenario.
func gpuGlut(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "scenarios", "gpu-glut.json"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so on one line, exits 130, prints no table and writes nothing.
func TestInterrupted(t *testing.T) {
	clitest.WantInterrupted(t, run, "stress", "-paths", "200000", gpuGlut(t))
}

// Ctrl-C in a run or in the comparison stops the program at once, even
// when that phase would go on.
func TestInterruptedInEachPhase(t *testing.T) {
	for _, phase := range []string{"scenario", "run", "tables"} {
		t.Run(phase, func(t *testing.T) {
			o := clitest.Interruption{Phase: phase}.Want(t, run, "stress", "-paths", "400", gpuGlut(t))
			if o.Stdout != "" {
				t.Errorf("stdout %q", o.Stdout)
			}
		})
	}
}
