package report

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
)

// text returns a write function that writes s.
func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// entries returns the sorted names in dir (nil if it does not exist).
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// holds fails unless the file at path holds want.
func holds(t *testing.T, path, want string) {
	t.Helper()
	if b, err := os.ReadFile(path); err != nil || string(b) != want {
		t.Errorf("%s holds %q (%v), want %q", path, b, err, want)
	}
}

// A FileSet puts its files in place together on Commit; a set whose
// second file fails is aborted and leaves the previous files as they were,
// with nothing else beside them.
func TestFileSetWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.csv")
	var first FileSet
	if err := first.Check(a, b); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{a, b} {
		if err := first.Write(p, text("old")); err != nil {
			t.Fatal(err)
		}
	}
	if got := entries(t, dir); len(got) != 2 || !strings.HasSuffix(got[0], ".tmp") {
		t.Errorf("before Commit the directory holds %q, want two staged files", got)
	}
	if err := first.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	holds(t, a, "old")
	holds(t, b, "old")

	var second FileSet
	defer second.Abort()
	if err := second.Write(a, text("new")); err != nil {
		t.Fatal(err)
	}
	full := errors.New("disk full")
	if err := second.Write(b, func(w io.Writer) error { io.WriteString(w, "ne"); return full }); !errors.Is(err, full) || !strings.Contains(err.Error(), b) {
		t.Fatalf("error %v, want one naming %s and wrapping the write's", err, b)
	}
	second.Abort()
	holds(t, a, "old")
	holds(t, b, "old")
	if got := entries(t, dir); !slices.Equal(got, []string{"a.json", "b.csv"}) {
		t.Errorf("directory holds %q", got)
	}
}

// A path staged twice in one set (however it is spelled) is an error; the
// first file stands.
func TestFileSetRefusesSamePathTwice(t *testing.T) {
	dir := t.TempDir()
	var s FileSet
	defer s.Abort()
	p := filepath.Join(dir, "r.json")
	if err := s.Write(p, text("first")); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, ".", "r.json")
	if err := s.Write(again, text("second")); err == nil || !strings.Contains(err.Error(), again+": written twice") {
		t.Errorf("error %v, want one naming %s", err, again)
	}
	if err := s.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	holds(t, p, "first")
	if got := entries(t, dir); !slices.Equal(got, []string{"r.json"}) {
		t.Errorf("directory holds %q", got)
	}
}

// WritePictures returns at once when its context is cancelled in the
// middle of a drawing (one that never ends); aborting the set then removes
// the directory it created and every staged file.
func TestFileSetWritePicturesCancelled(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "pics")
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	var cancelled time.Time
	drawn := func() (*plot.Plot, error) { return plot.New(), nil }
	stuck := func() (*plot.Plot, error) {
		cancelled = time.Now()
		cancel()
		<-release
		return plot.New(), nil
	}
	pics := []Picture{{"a.png", drawn}, {"b.png", stuck}, {"c.png", drawn}}
	var s FileSet
	s.Dir(dir)
	err := s.WritePictures(ctx, dir, pics)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if took := time.Since(cancelled); took > time.Second {
		t.Errorf("WritePictures returned %v after the cancellation", took)
	}
	if got := s.Paths(); !slices.Equal(got, []string{filepath.Join(dir, "a.png")}) {
		t.Errorf("staged %q, want a.png alone", got)
	}
	s.Abort()
	if got := entries(t, root); len(got) != 0 {
		t.Errorf("Abort left %q", got)
	}
}
