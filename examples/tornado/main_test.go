package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
)

// The default study: the default scenario's hybrid, one row per input of
// model.TornadoInputs, sorted by the size of the swing, each input's source
// listed, and the picture written.
func TestTornadoRuns(t *testing.T) {
	out := t.TempDir()
	o := clitest.Run(t, run, "-paths", "400", "-out", out)
	o.WantOK(t)
	if !strings.Contains(o.Stdout, `strategy "hybrid 50% colocation": mean NPV`) {
		t.Errorf("not the default hybrid's mean NPV:\n%s", o.Stdout)
	}
	head, rows := clitest.TableRows(o.Stdout, "input")
	for _, col := range []string{"unit", "low", "base", "high", "at low", "at base", "at high", "swing ± s.e."} {
		if !strings.Contains(head, col) {
			t.Errorf("header %q lacks %q", head, col)
		}
	}
	sc := model.DefaultScenario()
	one, err := sc.Only("hybrid 50% colocation")
	if err != nil {
		t.Fatal(err)
	}
	inputs := model.TornadoInputs(one)
	if len(rows) != len(inputs) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(inputs), o.Stdout)
	}
	for _, in := range inputs {
		found := false
		for _, r := range rows {
			found = found || strings.HasPrefix(r, in.Name+" ")
		}
		if !found {
			t.Errorf("no row for %q", in.Name)
		}
		if !strings.Contains(o.Stdout, "  "+in.Name+": "+in.Source) {
			t.Errorf("the source of %q is not listed", in.Name)
		}
	}
	clitest.WantPNG(t, filepath.Join(out, "tornado.png"), 1200, 800)
}

// Another strategy and measure, chosen by flag.
func TestTornadoStrategyAndMeasure(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.json")
	if err := os.WriteFile(short, []byte(`{"name": "short", "finance": {"horizonYears": 3}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	o := clitest.Run(t, run, "-paths", "400", "-scenario", short, "-strategy", "pure mining", "-measure", "es95", "-out", dir)
	o.WantOK(t)
	if !strings.Contains(o.Stdout, `strategy "pure mining": ES 95 %`) {
		t.Errorf("not pure mining's ES 95 %%:\n%s", o.Stdout)
	}
	// Pure mining does not build anything: capex does not move it at all.
	_, rows := clitest.TableRows(o.Stdout, "input")
	for _, r := range rows {
		if strings.HasPrefix(r, "capex per MW ") && !strings.HasSuffix(r, "+0.00 ± 0.00") {
			t.Errorf("capex moves pure mining: %q", r)
		}
	}
}

func TestTornadoBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"-bogus"}, []string{"flag provided but not defined: -bogus"}},
		{"unknown strategy", []string{"-strategy", "solar"}, []string{`-strategy: model: scenario "default" has no strategy "solar"`}},
		{"unknown measure", []string{"-measure", "median"}, []string{`-measure "median": must be mean, es95 or es99`}},
		{"probability measure", []string{"-measure", "probLoss"}, []string{`-measure "probLoss"`}},
		{"missing scenario", []string{"-scenario", "nope.json"}, []string{"nope.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			o := clitest.Run(t, run, append(tc.args, "-paths", "400", "-out", out)...)
			o.WantOneLineError(t, "tornado", cli.ExitUsage, tc.want...)
			if e := clitest.Entries(t, out); len(e) != 0 {
				t.Errorf("wrote %v", e)
			}
		})
	}
}
