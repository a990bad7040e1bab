package vmath

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAVX2FilesAreGenerated runs the generator of the assembly kernels
// (asmgen, its own module) into a temporary directory and checks that the
// committed files are its output, so an edit of the generator without go
// generate, or of a generated file by hand, fails here. It skips only when
// the generator's module (avo) cannot be downloaded.
func TestAVX2FilesAreGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	dl := exec.Command(goBin, "mod", "download")
	dl.Dir = "asmgen"
	if out, err := dl.CombinedOutput(); err != nil {
		t.Skipf("the generator's module (avo) cannot be downloaded: %v\n%s", err, out)
	}
	// Read the generator's sources here too: go test caches a passing
	// result by the files the test opens, and the generator's run does not
	// count.
	srcs, err := os.ReadDir("asmgen")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range srcs {
		if _, err := os.ReadFile(filepath.Join("asmgen", e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	run := exec.Command(goBin, "run", ".", "-dir", dir)
	run.Dir = "asmgen"
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("go run ./asmgen: %v\n%s", err, out)
	}
	for _, f := range []string{"avx2_amd64.s", "avx2_stubs_amd64.go", "avx2_consts_amd64.go"} {
		want, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what asmgen writes: run go generate ./internal/vmath", f)
		}
	}
}
