package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
	"github.com/pivotrisk/pivotrisk/model"
)

// printedTable returns the header and rows of the comparison (its groups
// are separated by empty lines), which the funding table, if any, follows.
func printedTable(stdout string) (head string, rows []string) {
	stdout, _, _ = strings.Cut(stdout, "\nFunding:")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "strategy ") {
			return l, lines[i+1:]
		}
	}
	return "", nil
}

// The funding table lists the financed strategies of the financed and
// tight-funding scenarios, and the tight market leaves the full
// conversion's equity below its financed figure.
func TestStressFundingTable(t *testing.T) {
	dir := filepath.Join("..", "scenarios")
	o := clitest.Run(t, run, "-paths", "400", filepath.Join(dir, "financed.json"), filepath.Join(dir, "tight-funding.json"))
	o.WantOK(t)
	_, table, ok := strings.Cut(o.Stdout, "\nFunding:")
	if !ok {
		t.Fatalf("no funding table:\n%s", o.Stdout)
	}
	equity := map[string]float64{}
	for _, l := range strings.Split(table, "\n") {
		for _, sc := range []string{"financed", "tight-funding"} {
			if strings.HasPrefix(l, "full AI colocation") && strings.Contains(l, " "+sc+" ") {
				f := strings.Fields(l[len("full AI colocation"):])
				var v float64
				if _, err := fmt.Sscan(f[2], &v); err != nil {
					t.Fatalf("%q: %v", l, err)
				}
				equity[sc] = v
			}
		}
	}
	if len(equity) != 2 || !(equity["tight-funding"] < equity["financed"]) {
		t.Errorf("full AI equity means %v: want both, tight below financed:\n%s", equity, table)
	}
}

// The default run: every stress scenario of examples/scenarios beside the
// default, each strategy of each scenario in the table once, base rows
// without a move.
func TestStressRuns(t *testing.T) {
	dir := filepath.Join("..", "scenarios")
	o := clitest.Run(t, run, "-paths", "400", "-dir", dir)
	o.WantOK(t)
	files, err := stressFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, rows := printedTable(o.Stdout)
	for _, col := range []string{"scenario", "mean", "Δ mean ± s.e.", "ES 95%", "Δ ES 95% ± s.e.", "P(loss)"} {
		if !strings.Contains(head, col) {
			t.Errorf("header %q lacks %q", head, col)
		}
	}
	def := model.DefaultScenario()
	want := len(def.Strategies)
	for _, f := range files {
		sc, err := model.LoadScenarioFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want += len(sc.StrategyNames())
		if !strings.Contains(o.Stdout, "  "+sc.Name+" ") {
			t.Errorf("scenario %q is not introduced", sc.Name)
		}
	}
	var got int
	for _, r := range rows {
		if strings.TrimSpace(r) == "" {
			continue
		}
		got++
		f := strings.Fields(r)
		if strings.Contains(r, " default ") && f[len(f)-2] != "—" {
			t.Errorf("base row with a move: %q", r)
		}
	}
	if got != want {
		t.Errorf("%d rows, want %d:\n%s", got, want, o.Stdout)
	}
}

// A stress scenario equal to the base moves nothing: same seed, same
// paths, so every Δ is exactly 0 with standard error 0.
func TestStressSameScenarioMovesNothing(t *testing.T) {
	o := clitest.Run(t, run, "-paths", "400", filepath.Join("..", "scenarios", "default.json"))
	o.WantOK(t)
	_, rows := printedTable(o.Stdout)
	moves := 0
	for _, r := range rows {
		if strings.Contains(r, "±") {
			moves++
			if strings.Count(r, "+0.00 ± 0.00") != 2 {
				t.Errorf("the base against itself moves: %q", r)
			}
		}
	}
	if moves != 3 {
		t.Errorf("%d moves, want 3:\n%s", moves, o.Stdout)
	}
}

func TestStressBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"finance": {"discountRatePerYear": 2}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"-bogus"}, []string{"flag provided but not defined: -bogus"}},
		{"empty directory", []string{"-dir", dir + "/none"}, []string{"no stress scenarios", "-dir"}},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, []string{"nope.json"}},
		{"invalid file", []string{bad}, []string{"bad.json", "finance.discountRatePerYear = 2: must be in [0, 1]"}},
		{"too few paths", []string{"-paths", "100"}, []string{"-paths 100"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := clitest.Run(t, run, tc.args...)
			o.WantOneLineError(t, "stress", cli.ExitUsage, tc.want...)
		})
	}
}
