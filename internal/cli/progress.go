package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// IsTerminal reports whether w is a terminal (a character device), where a
// progress bar can redraw its line.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Progress returns a callback for sim.Config.Progress that draws a progress
// bar labelled label on the command's stderr, and a function to call when
// the run has ended, which removes the bar (or, after an interruption,
// leaves it where it stopped and ends its line). When stderr is not a
// terminal (a file, a pipe, a test) there is no bar: progress is nil and
// end does nothing, so logs stay clean.
func (c *Cmd) Progress(label string) (progress func(done, planned int), end func()) {
	if !IsTerminal(c.Stderr) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(1,
		progressbar.OptionSetWriter(c.Stderr),
		progressbar.OptionSetDescription(label),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("paths"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	planned := 1
	// A run abandoned on Ctrl-C (see Do) may still report after end: the
	// bar then stays as it was.
	var mu sync.Mutex
	ended := false
	progress = func(done, p int) {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			return
		}
		if p != planned && p > 0 {
			planned = p
			bar.ChangeMax(p)
		}
		_ = bar.Set(done)
	}
	end = func() {
		mu.Lock()
		defer mu.Unlock()
		ended = true
		if !bar.IsFinished() {
			_ = bar.Exit()
			fmt.Fprintln(c.Stderr)
		}
	}
	return progress, end
}
