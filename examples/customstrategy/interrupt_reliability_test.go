package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so on one line, exits 130, prints no table and writes nothing.
func TestInterrupted(t *testing.T) {
	clitest.WantInterrupted(t, run, "customstrategy", "-paths", "200000")
}
