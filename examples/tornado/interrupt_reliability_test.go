package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so on one line, exits 130, prints no table and writes nothing.
func TestInterrupted(t *testing.T) {
	clitest.WantInterrupted(t, run, "tornado", "-out", "out", "-paths", "200000")
}

// Ctrl-C in the run, the table or the picture stops the program at once,
// even when that phase would go on, and leaves the previous picture as it
// was.
func TestInterruptedInEachPhase(t *testing.T) {
	for _, phase := range []string{"run", "tables", "picture"} {
		t.Run(phase, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			// One year of monthly steps keeps the 19 runs of a study short.
			if err := os.WriteFile("short.json", []byte(`{"finance": {"horizonYears": 1}}`), 0o644); err != nil {
				t.Fatal(err)
			}
			clitest.Run(t, run, "-paths", "400", "-seed", "7", "-out", "out", "-scenario", "short.json").WantOK(t)
			clitest.Interruption{Dir: dir, Phase: phase}.Want(t, run, "tornado", "-paths", "400", "-seed", "8", "-out", "out", "-scenario", "short.json")
		})
	}
}

// The output is checked before the run: a -out that is a file stops a run
// of two million paths at once, naming the flag and the path.
func TestOutputCheckedFirst(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("file", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	o := clitest.RunContext(t, ctx, run, "-paths", "2e6", "-out", "file")
	o.WantOneLineError(t, "tornado", cli.ExitFail, "-out file: not a directory")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v: the output was not checked first", took)
	}
}
