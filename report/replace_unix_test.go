//go:build unix

package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// writeX writes "x".
func writeX(w io.Writer) error {
	_, err := io.WriteString(w, "x")
	return err
}

// WriteFile replaces only a regular file: a symbolic link, a device
// node or a named pipe at the path stays what it was, and the error names
// the path and what is there.
func TestWriteFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, []byte("real"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	targets := map[string]os.FileMode{link: os.ModeSymlink, fifo: os.ModeNamedPipe}
	dev := filepath.Join(dir, "null.json")
	// The device of /dev/null (major 1, minor 3 on Linux); only root may
	// make one.
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		targets[dev] = os.ModeDevice | os.ModeCharDevice
	} else {
		t.Logf("no device node test: mknod: %v", err)
	}
	for path, mode := range targets {
		err := WriteFile(path, writeX)
		if err == nil {
			t.Errorf("%s: replaced", path)
		} else if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: error %q, want the path and \"not a regular file\"", path, err)
		}
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Type() != mode.Type() {
			t.Errorf("%s is now %v, want %v", path, fi.Mode().Type(), mode.Type())
		}
	}
	if b, _ := os.ReadFile(real); string(b) != "real" {
		t.Errorf("the link's target holds %q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != len(targets)+1 {
		t.Errorf("directory holds %d entries, want %d (no temporary files)", len(es), len(targets)+1)
	}
}

// WriteFile keeps the mode of the file it replaces (a private 0600
// file stays private), gives a new file 0644, and syncs the directory after
// the rename.
func TestWriteFileKeepsMode(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private.json")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(private, 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.json")
	for path, want := range map[string]os.FileMode{private: 0o600, fresh: 0o644} {
		if err := WriteFile(path, writeX); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), fi.Mode().Perm(), want)
		}
	}
}

// A failing write reports the path the caller gave, not a temporary file.
func TestWriteFileErrorNamesPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	boom := errors.New("boom")
	err := WriteFile(path, func(io.Writer) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	missing := filepath.Join(dir, "nodir", "r.json")
	err = WriteFile(missing, writeX)
	if err == nil || !strings.Contains(err.Error(), missing+": directory "+filepath.Dir(missing)+" does not exist") || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("error %q, want one naming %s and no temporary file", err, missing)
	}
}
