package plots

import (
	"bytes"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// dirNames returns the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func savePlot(t *testing.T) *plot.Plot {
	t.Helper()
	base, bars := fixtureTornado()
	p, err := Tornado("save test", base, bars)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSaveFormats(t *testing.T) {
	dir := t.TempDir()
	p := savePlot(t)
	cases := []struct {
		file  string
		check func(b []byte) bool
	}{
		{"a.png", func(b []byte) bool {
			img, err := png.Decode(bytes.NewReader(b))
			return err == nil && img.Bounds().Dx() == 1200 && img.Bounds().Dy() == 800
		}},
		{"b.PNG", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG")) }},
		{"c.svg", func(b []byte) bool { return bytes.Contains(b, []byte("<svg")) }},
		{"d.pdf", func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF")) }},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		if err := Save(p, path, DefaultWidth, DefaultHeight); err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !c.check(b) {
			t.Errorf("%s: not a picture of the right kind and size (%d bytes)", c.file, len(b))
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, %v; want 0644", c.file, fi.Mode().Perm(), err)
		}
	}
	if got, want := dirNames(t, dir), []string{"a.png", "b.PNG", "c.svg", "d.pdf"}; !slices.Equal(got, want) {
		t.Errorf("directory holds %q, want %q (no temporary files)", got, want)
	}
}

// TestSaveFailureKeepsOldFile checks that a Save that fails leaves the file
// already at the path as it was and no temporary file behind, and that one
// that succeeds replaces it whole.
func TestSaveFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "npv.png")
	old := []byte("the good picture of yesterday")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	p := savePlot(t)
	cases := []struct {
		name string
		path string
		w, h vg.Length
		want string
	}{
		{"unknown extension", filepath.Join(dir, "npv.gif"), DefaultWidth, DefaultHeight, `unknown extension ".gif"`},
		{"no extension", filepath.Join(dir, "npv"), DefaultWidth, DefaultHeight, `unknown extension ""`},
		{"zero width", path, 0, DefaultHeight, "must be positive"},
		{"negative height", path, DefaultWidth, -1, "must be positive"},
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "npv.png"), DefaultWidth, DefaultHeight, "dir"},
	}
	for _, c := range cases {
		err := Save(p, c.path, c.w, c.h)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if c.name == "missing directory" && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: error %v does not wrap fs.ErrNotExist", c.name, err)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
			t.Errorf("%s: the existing file changed", c.name)
		}
		if got := dirNames(t, dir); !slices.Equal(got, []string{"npv.png"}) {
			t.Errorf("%s: directory holds %q, want only npv.png", c.name, got)
		}
	}
	if err := Save(nil, path, DefaultWidth, DefaultHeight); err == nil || !strings.Contains(err.Error(), "nil plot") {
		t.Errorf("nil plot: error %v", err)
	}
	if err := Save(p, path, DefaultWidth, DefaultHeight); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.HasPrefix(got, []byte("\x89PNG")) {
		t.Error("a successful Save did not replace the old file")
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"npv.png"}) {
		t.Errorf("directory holds %q, want only npv.png", got)
	}
}
