package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the customstrategy program's arguments (see clitest.FuzzArgs): no
// panic, no hang, exit 0 or one line on stderr. Runs get a cancelled
// context, so arguments that pass every check stop at the simulation
// instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "customstrategy",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "-share 0", "-share 1.5", "-share NaN", "-premium -1", "-for-months -3", "-phases 0", "-phases 121", "-premium Inf", "-scenario good.json", "-scenario bad.json", "-paths 400 -share 0.25")
}
