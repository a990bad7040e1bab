package main

import (
	"path/filepath"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so on one line, exits 130, prints no table and writes nothing.
func TestInterrupted(t *testing.T) {
	scenarios, err := filepath.Abs(filepath.Join("..", "scenarios", "gpu-glut.json"))
	if err != nil {
		t.Fatal(err)
	}
	clitest.WantInterrupted(t, run, "stress", "-paths", "200000", scenarios)
}
