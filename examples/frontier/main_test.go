package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/sim"
)

func TestFrontierRuns(t *testing.T) {
	out := t.TempDir()
	o := clitest.Run(t, run, "-paths", "400", "-fractions", "0, 0.5,1", "-out", out)
	o.WantOK(t)
	head, rows := clitest.TableRows(o.Stdout, "share converted")
	for _, col := range []string{"mean ± s.e.", "ES 95% ± s.e.", "VaR 95%", "P50", "P(loss)", "efficient"} {
		if !strings.Contains(head, col) {
			t.Errorf("header %q lacks %q", head, col)
		}
	}
	want := []string{"0 % (pure mining)", "50 %", "100 % (full AI)"}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), o.Stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(rows[i], w+" ") {
			t.Errorf("row %q, want it to start with %q", rows[i], w)
		}
		if !strings.HasSuffix(rows[i], "yes") && !strings.HasSuffix(rows[i], "no") {
			t.Errorf("row %q has no efficiency mark", rows[i])
		}
	}
	clitest.WantPNG(t, filepath.Join(out, "frontier.png"), 1200, 800)
}

func TestFrontierBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"-bogus"}, []string{"flag provided but not defined: -bogus"}},
		{"share above 1", []string{"-fractions", "0,1.5"}, []string{`-fractions: "1.5" is not a share in [0, 1]`}},
		{"not a number", []string{"-fractions", "0,half"}, []string{`"half"`}},
		{"missing scenario", []string{"-scenario", "nope.json"}, []string{"nope.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			o := clitest.Run(t, run, append(tc.args, "-paths", "400", "-out", out)...)
			o.WantOneLineError(t, "frontier", cli.ExitUsage, tc.want...)
			if e := clitest.Entries(t, out); len(e) != 0 {
				t.Errorf("wrote %v", e)
			}
		})
	}
	// A repeated share is the library's error, reported in one line.
	o := clitest.Run(t, run, "-paths", "400", "-fractions", "0.5,0.5", "-out", t.TempDir())
	o.WantOneLineError(t, "frontier", cli.ExitFail, "fractions[1] = 0.5: must be unique")
}

// dominated marks a point that another beats on both mean and ES 95 %.
func TestDominated(t *testing.T) {
	pt := func(mean, es float64) sim.FrontierPoint {
		return sim.FrontierPoint{Summary: sim.Summary{Mean: mean, ES95: es}}
	}
	pts := []sim.FrontierPoint{pt(10, 5), pt(12, 4), pt(20, 30), pt(20, 30)}
	want := []bool{true, false, false, false} // equal points do not dominate each other
	for i, w := range want {
		if got := dominated(pts, i); got != w {
			t.Errorf("point %d dominated = %v, want %v", i, got, w)
		}
	}
}

// -npv-only (the sweeps had no way to keep only the NPVs) prints the same
// frontier: every figure of the table comes from the NPV samples.
func TestFrontierNPVOnly(t *testing.T) {
	args := []string{"-paths", "400", "-fractions", "0,0.5,1", "-out", t.TempDir()}
	all := clitest.Run(t, run, args...)
	all.WantOK(t)
	only := clitest.Run(t, run, append(args, "-npv-only")...)
	only.WantOK(t)
	if all.Stdout != only.Stdout {
		t.Errorf("-npv-only changed the output:\n%s\nwant\n%s", only.Stdout, all.Stdout)
	}
}
