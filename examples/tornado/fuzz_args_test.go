package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the tornado program's arguments (see clitest.FuzzArgs): no
// panic, no hang, exit 0 or one line on stderr. Runs get a cancelled
// context, so arguments that pass every check stop at the simulation
// instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "tornado",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "-measure es95", "-measure median", "-strategy nobody", "-strategy", "-strategy=pure mining", "-measure es99 -scenario good.json", "-scenario bad.json", "-out new-dir -paths 400", "stray")
}
