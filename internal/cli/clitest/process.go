package clitest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Build builds the main package in the current directory (an example's,
// when called from its test) into a temporary directory and returns the
// program's path, for tests that need a real process: signals, exit
// codes.
func Build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "prog")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// WantSignalExit starts the program bin with args in dir, sends it sig
// after delay (when it is busy: simulating, or waiting on a named pipe),
// and fails the test unless it exits within StopWithin with exit code
// code and one line on stderr, starting with "name: " and holding every
// one of want. The process is killed if it does not exit.
func WantSignalExit(t *testing.T, bin, dir string, sig os.Signal, delay time.Duration, code int, name string, want []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("exited before the signal: %v, stderr %q", err, stderr.String())
	case <-time.After(delay):
	}
	sent := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running 10 s after %v; stderr %q", sig, stderr.String())
	}
	took := time.Since(sent)
	if took > StopWithin {
		t.Errorf("exiting took %v after %v, want at most %v", took, sig, StopWithin)
	} else {
		t.Logf("exited %v after %v", took.Round(time.Millisecond), sig)
	}
	if got := cmd.ProcessState.ExitCode(); got != code {
		t.Errorf("exit code %d after %v, want %d (stderr %q)", got, sig, code, stderr.String())
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, name+": ") {
		t.Errorf("stderr %q, want one %q line", msg, name+": …")
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("stderr %q lacks %q", msg, w)
		}
	}
}
