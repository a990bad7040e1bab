package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the stress program's arguments (see clitest.FuzzArgs): no
// panic, no hang, exit 0 or one line on stderr. Runs get a cancelled
// context, so arguments that pass every check stop at the simulation
// instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "stress",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "good.json", "bad.json", "missing.json", "-dir .", "-dir new-dir", "-scenario good.json good.json", "-paths 400 good.json bad.json", "-dir=/", "--", "-- -h")
}
