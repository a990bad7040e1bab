package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the realoption program's arguments (see
// clitest.FuzzArgs): no panic, no hang, exit 0 or one line per problem on
// stderr. Runs get a cancelled context, so arguments that pass every check
// stop at the fit instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "realoption",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "-business colocation", "-business nobody", "-blocks 1", "-blocks 121",
		"-decision-months 2.5", "-decision-months 0", "-calibration-paths 999", "-calibration-paths 1001",
		"-scenario good.json", "-scenario bad.json", "-out new-dir -paths 400", "-json r.json -out r.json", "stray")
}
