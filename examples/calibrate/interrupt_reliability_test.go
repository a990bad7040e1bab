package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// Ctrl-C while the base scenario or the history is read, or while the
// models are fitted, stops the program at once, says so on one line, exits
// 130 and leaves the previous outputs as they were.
func TestInterruptedInEachPhase(t *testing.T) {
	hist := writeHistory(t, 2*365)
	base, err := filepath.Abs(filepath.Join("..", "scenarios", "default.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, phase := range []string{"base", "history", "fit"} {
		t.Run(phase, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"s.json", "f.json"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("previous\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			o := clitest.Interruption{Dir: dir, Phase: phase}.Want(t, run, "calibrate",
				"-history", hist, "-base", base, "-out", "s.json", "-json", "f.json")
			if o.Stdout != "" {
				t.Errorf("stdout %q", o.Stdout)
			}
		})
	}
}
