package report

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// A WriteFile that fails at its last step, the rename (the target is
// a directory), removes its complete temporary file and leaves the
// directory as it was.
func TestWriteFileFailingRename(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "r.json")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(target, func(w io.Writer) error {
		_, err := io.WriteString(w, "{}")
		return err
	})
	if err == nil {
		t.Fatal("write over a directory succeeded")
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 || !es[0].IsDir() {
		t.Errorf("directory holds %v: a temporary file was left behind", es)
	}
}

// A run's JSON written by WriteFile is whole: a failing encoder (a
// result that cannot be encoded) leaves the previous result file as it
// was, and a good one reads back.
func TestResultJSONIsWholeOrNothing(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: sim.MinSummaryPaths, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	if err := WriteFile(path, res.WriteJSON); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	boom := errors.New("disk full")
	failing := func(w io.Writer) error {
		if err := res.WriteJSON(io.MultiWriter(w, io.Discard)); err != nil {
			return err
		}
		return boom // the encoder wrote everything, then the device failed
	}
	if err := WriteFile(path, failing); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	if now, _ := os.ReadFile(path); !slices.Equal(now, good) {
		t.Error("a failed write changed the result file")
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("directory holds %d entries, want only result.json", len(es))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := sim.ReadResultJSON(f); err != nil {
		t.Errorf("the result file does not read back: %v", err)
	}
}
