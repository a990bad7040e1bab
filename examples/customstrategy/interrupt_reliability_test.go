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

// Ctrl-C in the run, the tables or the replay stops the program at once,
// even when that phase would go on.
func TestInterruptedInEachPhase(t *testing.T) {
	for _, phase := range []string{"run", "tables", "replay"} {
		t.Run(phase, func(t *testing.T) {
			clitest.Interruption{Phase: phase}.Want(t, run, "customstrategy", "-paths", "400")
		})
	}
}
