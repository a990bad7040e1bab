//go:build unix

package plots

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Save replaces only a regular file: a symbolic link, a named pipe or a
// device node at the path stays what it was, with an error naming the
// path; a replaced file keeps its mode.
func TestSaveReplacesOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	p := savePlot(t)
	real := filepath.Join(dir, "real.png")
	if err := os.WriteFile(real, []byte("real"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.png")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	targets := map[string]os.FileMode{link: os.ModeSymlink, fifo: os.ModeNamedPipe}
	dev := filepath.Join(dir, "null.png")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		targets[dev] = os.ModeDevice | os.ModeCharDevice
	} else {
		t.Logf("no device node test: mknod: %v", err)
	}
	for path, mode := range targets {
		err := Save(p, path, DefaultWidth, DefaultHeight)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: error %v, want one naming the path and \"not a regular file\"", path, err)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode().Type() != mode.Type() {
			t.Errorf("%s is now %v (%v), want %v", path, fi.Mode().Type(), err, mode.Type())
		}
	}
	if b, _ := os.ReadFile(real); string(b) != "real" {
		t.Errorf("the link's target holds %q", b)
	}

	private := filepath.Join(dir, "private.png")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, private, DefaultWidth, DefaultHeight); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(private); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private.png: mode %v (%v), want 0600 kept", fi.Mode().Perm(), err)
	}
	if got := len(dirNames(t, dir)); got != len(targets)+2 {
		t.Errorf("directory holds %d entries, want %d (no temporary files)", got, len(targets)+2)
	}
}
