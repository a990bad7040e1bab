package main

import (
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// FuzzArgs fuzzes the quickstart program's arguments (see clitest.FuzzArgs): no
// panic, no hang, exit 0 or one line on stderr. Runs get a cancelled
// context, so arguments that pass every check stop at the simulation
// instead of running it; nothing is written then.
func FuzzArgs(f *testing.F) {
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name:      "quickstart",
		Run:       run,
		Files:     clitest.ScenarioFiles(),
		Cancelled: true,
	}, "", "-h", "-paths 400 -seed 7", "-paths 1e6 -npv-only", "-paths 401", "-paths -5", "-paths 1e3", "-workers -1", "-antithetic=false -paths 401", "-scenario good.json", "-scenario bad.json", "-scenario missing.json", "-scenario=./x/../good.json", "-json new-dir/r.json -out new-dir", "-out", "extra", "-seed -1", "-paths 100000000 -workers 4096", "--paths=9999999999999999999")
}
