package plots

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A Save that fails at its last step, the rename (the target is a
// directory), has written its whole temporary file first: it must remove
// it, leave the directory as it was, and a good picture beside it untouched.
func TestSaveFailingRenameLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.png")
	p := savePlot(t)
	if err := Save(p, good, DefaultWidth, DefaultHeight); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(good)
	target := filepath.Join(dir, "taken.png")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "inside"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".png", ".svg", ".pdf"} {
		path := target
		if ext != ".png" {
			path = filepath.Join(dir, "taken"+ext)
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := Save(p, path, DefaultWidth, DefaultHeight); err == nil {
			t.Errorf("Save over the directory %s succeeded", path)
		}
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"good.png", "taken.pdf", "taken.png", "taken.svg"}) {
		t.Errorf("directory holds %q: a temporary file was left behind", got)
	}
	if got := dirNames(t, target); !slices.Equal(got, []string{"inside"}) {
		t.Errorf("the target directory now holds %q", got)
	}
	if after, _ := os.ReadFile(good); !slices.Equal(before, after) {
		t.Error("the good picture changed")
	}
}
