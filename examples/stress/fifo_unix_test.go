//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// A stress scenario that is a named pipe no one writes to does not
// swallow Ctrl-C.
func TestFIFOScenarioInterrupted(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "stress.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	clitest.Interruption{Dir: dir}.Want(t, run, "stress", "-paths", "400", fifo)
	if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}
