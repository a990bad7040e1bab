package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

func TestTableAlignment(t *testing.T) {
	tb := Table{Left: 2}
	tb.Row("name", "kind", "value")
	tb.Row("a", "long kind", "1.5")
	tb.Row()
	tb.Row("longer name", "k", "-12.25")
	var buf bytes.Buffer
	if err := tb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"name         kind        value\n" +
		"a            long kind     1.5\n" +
		"\n" +
		"longer name  k          -12.25\n"
	if buf.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"hybrid 50% colocation":               "hybrid-50-colocation",
		"full AI GPU cloud, unrated neocloud": "full-ai-gpu-cloud-unrated-neocloud",
		"  pure mining  ":                     "pure-mining",
		"mine, convert 50% if GPU rent > 2.5": "mine-convert-50-if-gpu-rent-2-5",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimConfig(t *testing.T) {
	tests := []struct {
		s    Sim
		want string
	}{
		{Sim{Paths: 400, Antithetic: true}, ""},
		{Sim{Paths: 367}, "-paths 367: must be in [368, 100000000]"},
		{Sim{Paths: 401, Antithetic: true}, "-paths 401: must be even with -antithetic (paths come in mirrored pairs)"},
		{Sim{Paths: 401}, ""},
		{Sim{Paths: 400, Workers: -1}, "-workers -1: must be in [0, 4096]"},
	}
	for _, tc := range tests {
		cfg, err := tc.s.Config()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.s, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%+v: error %v, want %q", tc.s, err, tc.want)
		case tc.want == "" && (cfg.Paths != tc.s.Paths || cfg.Antithetic != tc.s.Antithetic):
			t.Errorf("%+v: config %+v", tc.s, cfg)
		}
	}
}

// WriteFileAtomic replaces the file only when the write succeeds, and
// leaves no temporary file behind either way.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFileAtomic(path, write("first")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("file holds %q after a failed write, want the old contents", b)
	}
	if err := WriteFileAtomic(path, write("second")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("file holds %q, want second", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("%d entries in the directory, want 1 (no temporary files)", len(es))
	}
}

func TestFailAndParse(t *testing.T) {
	var out, errb bytes.Buffer
	c := New("demo", "[flags]", "About.", &out, &errb)
	n := c.Flags.Int("n", 1, "a number")
	if code, ok := c.Parse([]string{"-n", "3"}); !ok || code != 0 || *n != 3 {
		t.Errorf("parse: %d %v %d", code, ok, *n)
	}
	if code := c.Failf(ExitFail, "line one\nline two"); code != ExitFail || errb.String() != "demo: line one\ndemo: line two\n" {
		t.Errorf("Failf: %d %q", code, errb.String())
	}
	errb.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := c.Fail(ctx, context.Canceled); code != ExitInterrupted || !strings.HasPrefix(errb.String(), "demo: interrupted") {
		t.Errorf("Fail on cancel: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := c.Fail(context.Background(), errors.New("disk full")); code != ExitFail || errb.String() != "demo: disk full\n" {
		t.Errorf("Fail: %d %q", code, errb.String())
	}
}

// The baseline is the first pure-mining strategy, wherever it stands.
func TestBaseline(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	sc.Strategies = []model.StrategySpec{model.FullAI(0, nil), model.PureMining()}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 1, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	if j, name := Baseline(res); j != 1 || name != "pure mining" {
		t.Errorf("baseline %d %q", j, name)
	}
	var buf bytes.Buffer
	if err := RiskTable(&buf, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "—") || !strings.HasSuffix(lines[0], "P(beats pure mining)") {
		t.Errorf("risk table:\n%s", buf.String())
	}
}
