package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// small are the flags of a quick run: few paths, a short calibration.
var small = []string{"-paths", "400", "-calibration-paths", "1000"}

// TestRealOptionRuns: the program prints the risk table with every
// strategy, each option's fit, value of flexibility, timing and boundary,
// and writes its pictures and JSON.
func TestRealOptionRuns(t *testing.T) {
	dir := t.TempDir()
	o := clitest.Run(t, run, append(small, "-out", dir, "-json", filepath.Join(dir, "r.json"))...)
	o.WantOK(t)
	_, rows := clitest.TableRows(o.Stdout, "strategy")
	if len(rows) != 8 {
		t.Errorf("%d strategies in the risk table, want 8:\n%s", len(rows), o.Stdout)
	}
	for _, want := range []string{
		"real option 100% GPU cloud: 1 block(s) of 100 MW, 40 decision dates every 3 months (months 0 to 117)",
		"real option 100% GPU cloud, 4 blocks, one a decision: 4 block(s) of 25 MW",
		"value of flexibility V(option) − max(V(now), V(never)) = ",
		`against "convert now"`, `against "4 blocks, one every 3 months from now"`,
		"conversion: never on ", "block 4: never on ", "mean MW converting",
		"exercise boundary of the first block",
		"wrote " + filepath.Join(dir, "option-region-real-option-100-gpu-cloud-m36.png"),
		"wrote " + filepath.Join(dir, "r.json"),
	} {
		if !strings.Contains(o.Stdout, want) {
			t.Errorf("no %q in the output:\n%s", want, o.Stdout)
		}
	}
	clitest.WantPNG(t, filepath.Join(dir, "option-boundary-real-option-100-gpu-cloud-gpurent.png"), 1200, 800)
	clitest.WantPNG(t, filepath.Join(dir, "option-mw-real-option-100-gpu-cloud-4-blocks-one-a-decision.png"), 1200, 800)
}

func TestRealOptionBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"business", []string{"-business", "ppa"}, `-business "ppa": must be gpuCloud or colocation`},
		{"blocks", []string{"-blocks", "1"}, "-blocks 1: must be in [2, 120]"},
		{"decision months", []string{"-decision-months", "2.5"}, "-decision-months 2.5: must be a whole number of steps (of 1 months)"},
		{"no decision months", []string{"-decision-months", "0"}, "-decision-months 0: must be in (0, 1200]"},
		{"calibration paths", []string{"-calibration-paths", "999"}, "-calibration-paths 999: must be even and in [1000, 1000000]"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"paths", []string{"-paths", "7"}, "-paths 7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := clitest.Run(t, run, append(append([]string{}, small...), c.args...)...)
			o.WantOneLineError(t, "realoption", cli.ExitUsage, c.want)
		})
	}
}

// Ctrl-C during the fit, the pricing run, the tables or the pictures
// stops the program at once and writes nothing.
func TestRealOptionInterrupted(t *testing.T) {
	clitest.WantInterrupted(t, run, "realoption", "-paths", "200000", "-calibration-paths", "200000")
	for _, phase := range []string{"run", "tables", "picture"} {
		t.Run(phase, func(t *testing.T) {
			clitest.Interruption{Phase: phase}.Want(t, run, "realoption", small...)
		})
	}
}
