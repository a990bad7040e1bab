package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// The quickstart runs the default scenario with few paths, prints the risk
// table (one row per strategy, the figures of the JSON it writes) and the
// paired differences, and writes every picture and the JSON.
func TestQuickstartRuns(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "pics")
	js := filepath.Join(dir, "result.json")
	o := clitest.Run(t, run, "-paths", "400", "-seed", "7", "-out", out, "-json", js)
	o.WantOK(t)

	f, err := os.Open(js)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := sim.ReadResultJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if res.Run.Paths != 400 || res.Config.Seed != 7 || !res.Config.Antithetic {
		t.Errorf("JSON run: %d paths, seed %d, antithetic %v; want 400, 7, true", res.Run.Paths, res.Config.Seed, res.Config.Antithetic)
	}

	head, rows := clitest.TableRows(o.Stdout, "strategy")
	for _, col := range []string{"mean ± s.e.", "P5", "P50", "P95", "VaR 95%", "ES 95%", "P(loss)", "P(beats pure mining)"} {
		if !strings.Contains(head, col) {
			t.Errorf("table header %q lacks %q", head, col)
		}
	}
	def := model.DefaultScenario()
	names := def.StrategyNames()
	if len(rows) != len(names) {
		t.Fatalf("table has %d rows, want %d:\n%s", len(rows), len(names), o.Stdout)
	}
	for i, s := range res.Strategies {
		row := rows[i]
		if !strings.HasPrefix(row, names[i]) {
			t.Errorf("row %d %q does not start with %q", i, row, names[i])
		}
		for _, cell := range []string{report.MUSD(s.Mean, 2) + " ± " + report.MUSD(s.Stderr, 2), report.MUSD(s.ES95, 1), report.MUSD(s.VaR95, 1), report.Pct(s.ProbLoss)} {
			if !strings.Contains(row, cell) {
				t.Errorf("row %q lacks %q (from the JSON)", row, cell)
			}
		}
		// The columns line up: every row is as wide as the header.
		if len([]rune(row)) != len([]rune(head)) {
			t.Errorf("row %q is %d wide, header %d", row, len([]rune(row)), len([]rune(head)))
		}
	}
	if _, diffs := clitest.TableRows(o.Stdout, "vs pure mining"); len(diffs) != len(names)-1 {
		t.Errorf("difference table has %d rows, want %d", len(diffs), len(names)-1)
	}

	for _, p := range report.ResultPictures(res) {
		clitest.WantPNG(t, filepath.Join(out, p.File), 1200, 800)
		if !strings.Contains(o.Stdout, "wrote "+filepath.Join(out, p.File)) {
			t.Errorf("stdout does not list %s", p.File)
		}
	}
	if got := len(clitest.Entries(t, out)); got != 5+len(names) {
		t.Errorf("%d files in the output directory, want %d", got, 5+len(names))
	}
}

// A scenario file runs: the btc-crash scenario's extra strategy gets its
// row. (That the worker count never changes the numbers is the engine's
// own test.)
func TestQuickstartScenarioFile(t *testing.T) {
	o := clitest.Run(t, run, "-paths", "400", "-workers", "1", "-out", t.TempDir(),
		"-scenario", filepath.Join("..", "scenarios", "btc-crash.json"))
	o.WantOK(t)
	_, rows := clitest.TableRows(o.Stdout, "strategy")
	if len(rows) != 4 || !strings.HasPrefix(rows[3], "switch 50% colocation if hashprice < 35 for 3 mo ") {
		t.Errorf("the btc-crash scenario's conditional switch is not the fourth row:\n%s", o.Stdout)
	}
}

func TestQuickstartBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"strategies": [{"kind": "hybrid", "fraction": 1.3}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unknown flag", []string{"-bogus"}, cli.ExitUsage, []string{"flag provided but not defined: -bogus"}},
		{"bad number", []string{"-paths", "many"}, cli.ExitUsage, []string{`invalid value "many" for flag -paths`}},
		{"too few paths", []string{"-paths", "10"}, cli.ExitUsage, []string{"-paths 10: must be in [368,"}},
		{"odd paths", []string{"-paths", "401"}, cli.ExitUsage, []string{"-paths 401: must be even with -antithetic"}},
		{"missing scenario", []string{"-scenario", filepath.Join(dir, "nope.json")}, cli.ExitUsage, []string{"nope.json", "no such file"}},
		{"invalid scenario", []string{"-scenario", bad}, cli.ExitUsage, []string{"bad.json", "line 1", "strategies[0].fraction = 1.3: must be in [0, 1]"}},
		{"stray argument", []string{"extra"}, cli.ExitUsage, []string{`unexpected argument "extra"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name)
			o := clitest.Run(t, run, append(tc.args, "-out", out)...)
			o.WantOneLineError(t, "quickstart", tc.code, tc.want...)
			if o.Stdout != "" {
				t.Errorf("stdout %q, want nothing", o.Stdout)
			}
			if e := clitest.Entries(t, out); len(e) != 0 {
				t.Errorf("wrote %v", e)
			}
		})
	}
	if o := clitest.Run(t, run, "-h"); o.Code != 0 || !strings.Contains(o.Stderr, "-paths") {
		t.Errorf("-h: exit %d, stderr %q", o.Code, o.Stderr)
	}
}

// Cancelling the context (what Ctrl-C does) stops a long run promptly,
// says so, exits 130 and writes nothing.
func TestQuickstartInterrupted(t *testing.T) {
	clitest.WantInterrupted(t, run, "quickstart", "-paths", "2000000", "-out", "out", "-json", "r.json")
}
