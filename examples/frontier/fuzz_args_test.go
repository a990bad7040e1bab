package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the frontier program's arguments (see clitest.FuzzArgs): no
// panic, no hang, exit 0 or one line on stderr. Runs get a cancelled
// context, so arguments that pass every check stop at the simulation
// instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "frontier",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "-fractions 0,0.5,1", "-fractions 1.5", "-fractions 0,0", "-fractions ,", "-fractions NaN", "-fractions=-0", "-paths 400 -scenario good.json", "-scenario bad.json", "-out new-dir", "stray")
}
