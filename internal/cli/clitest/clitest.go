// Package clitest runs pivotrisk's example programs in tests: their
// run(ctx, args, stdout, stderr) function with captured output, and checks
// of the files they write.
package clitest

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli"
)

// RunFunc is an example program's testable entry point.
type RunFunc = cli.RunFunc

// Output is what one invocation printed and returned.
type Output struct {
	Code           int
	Stdout, Stderr string
}

// Run calls run with args and a background context.
func Run(t testing.TB, run RunFunc, args ...string) Output {
	t.Helper()
	return RunContext(t, context.Background(), run, args...)
}

// RunContext calls run with ctx and args, capturing its output.
func RunContext(t testing.TB, ctx context.Context, run RunFunc, args ...string) Output {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return Output{Code: code, Stdout: out.String(), Stderr: errb.String()}
}

// WantOK fails the test unless the invocation exited 0 with nothing on
// stderr (no progress bar when stderr is not a terminal).
func (o Output) WantOK(t testing.TB) {
	t.Helper()
	if o.Code != 0 || o.Stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", o.Code, o.Stderr, o.Stdout)
	}
}

// WantOneLineError fails the test unless the invocation exited with code
// and printed exactly one line on stderr, starting with "name: " and
// containing every one of want, and no Go stack trace.
func (o Output) WantOneLineError(t testing.TB, name string, code int, want ...string) {
	t.Helper()
	if o.Code != code {
		t.Errorf("exit %d, want %d (stderr %q)", o.Code, code, o.Stderr)
	}
	lines := strings.Split(strings.TrimSuffix(o.Stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasSuffix(o.Stderr, "\n") {
		t.Errorf("stderr has %d lines, want one:\n%s", len(lines), o.Stderr)
	}
	if !strings.HasPrefix(o.Stderr, name+": ") {
		t.Errorf("stderr %q does not start with %q", o.Stderr, name+": ")
	}
	for _, w := range want {
		if !strings.Contains(o.Stderr, w) {
			t.Errorf("stderr %q does not contain %q", o.Stderr, w)
		}
	}
	if strings.Contains(o.Stderr, "goroutine ") || strings.Contains(o.Stderr, "panic") {
		t.Errorf("stderr holds a stack trace:\n%s", o.Stderr)
	}
}

// WantPNG fails the test unless path holds a PNG image of w × h pixels.
func WantPNG(t testing.TB, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("%s: %d × %d pixels, want %d × %d", path, cfg.Width, cfg.Height, w, h)
	}
}

// Entries returns the names of the entries of dir (none if it does not
// exist).
func Entries(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TableRows returns the lines of text after the line that starts with
// header, up to the next empty line.
func TableRows(text, header string) (head string, rows []string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, header) {
			for _, r := range lines[i+1:] {
				if strings.TrimSpace(r) == "" {
					break
				}
				rows = append(rows, r)
			}
			return l, rows
		}
	}
	return "", nil
}
