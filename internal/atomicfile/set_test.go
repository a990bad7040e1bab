package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// text returns a write function that writes s.
func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// names returns the sorted entries of dir (nil if it does not exist).
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// wantFile fails unless path holds want.
func wantFile(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
	} else if string(b) != want {
		t.Errorf("%s holds %q, want %q", path, b, want)
	}
}

// previousSet writes a.png = "old a" and b.png = "old b" into dir.
func previousSet(t *testing.T, dir string) {
	t.Helper()
	for _, n := range []string{"a", "b"} {
		if err := os.WriteFile(filepath.Join(dir, n+".png"), []byte("old "+n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A committed Set replaces the previous files and adds the new ones, and
// leaves nothing else behind.
func TestSetCommit(t *testing.T) {
	dir := t.TempDir()
	previousSet(t, dir)
	var s Set
	for _, n := range []string{"a", "b", "c"} {
		if err := s.Write(filepath.Join(dir, n+".png"), text("new "+n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Abort() // does nothing after Commit
	for _, n := range []string{"a", "b", "c"} {
		wantFile(t, filepath.Join(dir, n+".png"), "new "+n)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.png", "b.png", "c.png"}) {
		t.Errorf("directory holds %q", got)
	}
}

// A Commit that fails at its second file (the target turned into a
// directory after it was staged), or that is cancelled, puts the first
// file back: the previous set, not a mix, and no temporary or backup file.
func TestSetCommitFailureRestoresPreviousSet(t *testing.T) {
	for _, how := range []string{"failure", "cancel"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			previousSet(t, dir)
			var s Set
			for _, n := range []string{"a", "new", "b"} {
				if err := s.Write(filepath.Join(dir, n+".png"), text("new "+n)); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			want := []string{"a.png", "b.png"}
			if how == "failure" {
				b := filepath.Join(dir, "b.png")
				if err := os.Remove(b); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(b, 0o755); err != nil {
					t.Fatal(err)
				}
			} else {
				cancel()
			}
			err := s.Commit(ctx)
			if err == nil {
				t.Fatal("Commit succeeded")
			}
			if how == "cancel" && !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if how == "failure" && (!strings.Contains(err.Error(), filepath.Join(dir, "b.png")) || strings.Contains(err.Error(), ".tmp")) {
				t.Errorf("error %q does not name the target alone", err)
			}
			wantFile(t, filepath.Join(dir, "a.png"), "old a")
			if how == "cancel" {
				wantFile(t, filepath.Join(dir, "b.png"), "old b")
			}
			if got := names(t, dir); !slices.Equal(got, want) {
				t.Errorf("directory holds %q, want %q", got, want)
			}
		})
	}
}

// A Set whose directory is missing creates it when staging and removes it
// again on Abort; Check accepts a file in it.
func TestSetCreatesAndRemovesItsDirectory(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out", "pics")
	var s Set
	s.Dir(out)
	if err := s.Check(filepath.Join(out, "a.png"), filepath.Join(out, "r.json")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, root); len(got) != 0 {
		t.Fatalf("Check created %q", got)
	}
	if err := s.Write(filepath.Join(out, "a.png"), text("a")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); len(got) != 1 || !strings.HasSuffix(got[0], ".tmp") {
		t.Errorf("staged %q, want one temporary file", got)
	}
	s.Abort()
	if got := names(t, root); len(got) != 0 {
		t.Errorf("Abort left %q", got)
	}
}

// Check refuses, before anything is written, an output directory that is
// a file, a file whose directory is missing (and not the Set's), a
// directory below a file, and a target that is a directory.
func TestSetCheck(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		dir   string
		paths []string
		want  string
	}{
		{"out is a file", file, nil, file + ": not a directory"},
		{"below a file", filepath.Join(file, "sub"), nil, "is not a directory"},
		{"missing directory", "", []string{filepath.Join(root, "nodir", "x.json")}, "directory " + filepath.Join(root, "nodir") + " does not exist"},
		{"target is a directory", "", []string{root}, "not a regular file (a directory)"},
		{"fine", filepath.Join(root, "new"), []string{filepath.Join(root, "new", "x.json"), filepath.Join(root, "x.json")}, ""},
	}
	for _, tc := range tests {
		var s Set
		if tc.dir != "" {
			s.Dir(tc.dir)
		}
		err := s.Check(tc.paths...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if got := names(t, root); !slices.Equal(got, []string{"file"}) {
		t.Errorf("Check left %q", got)
	}
}

// Check finds a directory the program may not write, and a read-only
// target, before anything is computed (not as root, who may write both).
func TestSetCheckReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write read-only files and directories")
	}
	root := t.TempDir()
	ro := filepath.Join(root, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	var s Set
	s.Dir(ro)
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("read-only directory: %v", err)
	}
	locked := filepath.Join(root, "locked.json")
	if err := os.WriteFile(locked, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(locked, nil); err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("read-only file: %v", err)
	}
}

// WriteFile syncs the directory after renaming the file into it.
func TestWriteFileSyncsDirectory(t *testing.T) {
	dir := t.TempDir()
	var synced []string
	old := syncDir
	syncDir = func(d string) error { synced = append(synced, d); return old(d) }
	defer func() { syncDir = old }()
	if err := WriteFile(filepath.Join(dir, "r.json"), text("{}")); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(synced, []string{dir}) {
		t.Errorf("synced %q, want the directory once", synced)
	}
}
