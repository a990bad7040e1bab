package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/report"
)

// writeSet stages v at path and commits it.
func writeSet(path string, v any) error {
	var out report.FileSet
	defer out.Abort()
	if err := stageJSON(&out, path, v); err != nil {
		return err
	}
	return out.Commit(context.Background())
}

// stageJSON writes whole files or nothing: a value JSON cannot hold (NaN)
// and a rename over a directory both fail, leave the old file as it was
// and no temporary file behind.
func TestStageJSONWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fits.json")
	if err := writeSet(path, map[string]float64{"sigma": 0.5}); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	if err := writeSet(path, map[string]float64{"sigma": math.NaN()}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("NaN: error %v, want one naming the file", err)
	}
	if now, _ := os.ReadFile(path); string(now) != string(good) {
		t.Errorf("a failed write changed the file: %q", now)
	}
	taken := filepath.Join(dir, "taken.json")
	if err := os.Mkdir(taken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeSet(taken, map[string]float64{"sigma": 0.5}); err == nil {
		t.Error("a write over a directory succeeded")
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 2 {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want fits.json and taken.json only", names)
	}
}
