package clitest

import (
	"context"
	"crypto/sha256"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
)

// StopWithin is how soon after its context is cancelled a program must
// return, in any phase. The programs aim at ~300 ms; the margin is for a
// loaded test machine.
const StopWithin = time.Second

// Interruption describes how a test interrupts a program (what Ctrl-C
// does: cancel its context) and what it checks.
type Interruption struct {
	// Dir is the program's working directory, holding whatever the test
	// prepared (a previous output set, a scenario file); "" is a new empty
	// temporary directory. Every file under it must be left as it was.
	Dir string
	// Phase, if not "", is the phase (see cli.Do) on whose start the
	// context is cancelled; that phase's work is then held up until the
	// test ends, as a phase too long to wait for would be, so the program
	// must stop without its help. "" cancels the context After the start.
	Phase string
	// After is the delay before the cancellation when Phase is ""; 0
	// means 200 ms.
	After time.Duration
}

// Want runs program name with args in in.Dir, interrupts it as in says,
// and fails the test unless the program returns within StopWithin of the
// cancellation (a hang fails after 10 s), exits cli.ExitInterrupted with one line
// on stderr saying it was interrupted and wrote nothing, and leaves every
// file under the directory as it was (names, contents and modes): the
// previous outputs or none, never a mix. It returns the program's output.
func (in Interruption) Want(t *testing.T, run RunFunc, name string, args ...string) Output {
	t.Helper()
	dir := in.Dir
	if dir == "" {
		dir = t.TempDir()
	}
	t.Chdir(dir)
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var cancelled time.Time
	interrupted := make(chan struct{})
	stop := func() {
		mu.Lock()
		defer mu.Unlock()
		if cancelled.IsZero() {
			cancelled = time.Now()
			cancel()
			close(interrupted)
		}
	}
	if in.Phase != "" {
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		ctx = cli.WithPhaseHook(ctx, func(phase string) {
			if phase == in.Phase {
				stop()
				<-release
			}
		})
	} else {
		after := in.After
		if after == 0 {
			after = 200 * time.Millisecond
		}
		defer time.AfterFunc(after, stop).Stop()
	}
	done := make(chan Output, 1)
	go func() { done <- RunContext(t, ctx, run, args...) }()
	var o Output
	select {
	case o = <-done:
	case <-interrupted:
		// The work before the phase may take long on a loaded machine
		// (under -race); what is timed is what follows the interruption.
		select {
		case o = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: no answer in 10 s after the interruption", args)
		}
	case <-time.After(5 * time.Minute):
		t.Fatalf("%q: neither interrupted nor returned in 5 minutes", args)
	}
	returned := time.Now()
	mu.Lock()
	at := cancelled
	mu.Unlock()
	if at.IsZero() {
		t.Fatalf("%q: the program returned (exit %d, stderr %q) before it was interrupted", args, o.Code, o.Stderr)
	}
	if took := returned.Sub(at); took > StopWithin {
		t.Errorf("stopping took %v after the interruption, want at most %v", took, StopWithin)
	} else {
		t.Logf("stopped %v after the interruption", took.Round(time.Millisecond))
	}
	o.WantOneLineError(t, name, cli.ExitInterrupted, "interrupted", "nothing written")
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("the directory changed:\nbefore %v\nafter  %v", before, after)
	}
	return o
}

// WantInterrupted runs program name with args in a fresh temporary working
// directory under a context cancelled after 200 ms (what Ctrl-C does) and
// fails the test unless the run stops within StopWithin, exits
// cli.ExitInterrupted with one line on stderr saying it was interrupted and
// wrote nothing, prints nothing on stdout and leaves the directory empty.
// Relative output paths in args land in that directory; args must ask for
// a run far longer than 200 ms.
func WantInterrupted(t *testing.T, run RunFunc, name string, args ...string) {
	t.Helper()
	o := Interruption{}.Want(t, run, name, args...)
	if o.Stdout != "" {
		t.Errorf("stdout %q, want nothing", o.Stdout)
	}
}

// snapshot describes every entry under dir: its type and mode, and a
// file's hash or a link's target.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		desc := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += " " + hashHex(b)
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			desc += " → " + target
		}
		out[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// hashHex returns the first 8 bytes of b's SHA-256 in hex.
func hashHex(b []byte) string {
	const digits = "0123456789abcdef"
	sum := sha256.Sum256(b)
	out := make([]byte, 16)
	for i, c := range sum[:8] {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
