// Package cli is the command-line plumbing of pivotrisk's example
// programs: flag parsing that fails with one line (the simulation flags,
// -paths in scientific notation), exit codes and signals (Ctrl-C, SIGTERM),
// phases that Ctrl-C stops at once, scenario loading that a signal
// interrupts, a memory check before a run, a progress bar on terminals,
// and the output flags' files checked before the run. What a program
// prints and writes (tables, pictures, files whole or not at all) is in
// package report, which a program of one's own uses the same way.
//
// Each example is a main package whose work is in a testable
// run(ctx, args, stdout, stderr) int; main only wires the process to it:
//
//	func main() { os.Exit(cli.Main(run)) }
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes of the example programs.
const (
	ExitOK          = 0   // success
	ExitFail        = 1   // the run or a write failed, or the run needs more memory than there is
	ExitUsage       = 2   // a bad flag or argument
	ExitInterrupted = 130 // stopped by Ctrl-C (128 + SIGINT), as shells report it
	ExitTerminated  = 143 // stopped by SIGTERM (128 + 15)
)

// Cmd is one run of an example program: its name (prefixing every message),
// its streams and its flags.
type Cmd struct {
	Name   string
	Stdout io.Writer
	Stderr io.Writer
	Flags  *flag.FlagSet

	usage func()
}

// New returns a Cmd with an empty flag set whose usage text begins with
// synopsis (e.g. "[flags]") and the paragraph about.
func New(name, synopsis, about string, stdout, stderr io.Writer) *Cmd {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &Cmd{Name: name, Stdout: stdout, Stderr: stderr, Flags: fs}
	// FlagSet.Parse calls Usage on every error; only -h should print it.
	fs.Usage = func() {}
	c.usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./examples/%s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return c
}

// Parse parses args. On -h or -help it prints the usage and returns
// (ExitOK, false); on a bad flag it prints one line and returns
// (ExitUsage, false); otherwise (0, true).
func (c *Cmd) Parse(args []string) (code int, ok bool) {
	err := c.Flags.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		c.usage()
		return ExitOK, false
	}
	return c.Failf(ExitUsage, "%s (see -h)", escapeBreaks(err.Error())), false
}

// escapeBreaks writes the line breaks of s (from a user's argument echoed
// in a message) as \n and \r, so that the message stays on one line.
func escapeBreaks(s string) string {
	return strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(s)
}

// Failf prints "name: message" on stderr, one line per line of the
// message, and returns code.
func (c *Cmd) Failf(code int, format string, args ...any) int {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(c.Stderr, "%s: %s\n", c.Name, line)
	}
	return code
}

// Fail reports a run's error: an interruption (ctx cancelled) as
// "interrupted: stopped before the end, nothing written" with the exit code
// of InterruptCode (130 for Ctrl-C, 143 for SIGTERM), anything else with
// ExitFail.
func (c *Cmd) Fail(ctx context.Context, err error) int {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		by := ""
		if s, ok := signalOf(ctx); ok && s != os.Interrupt {
			by = " by " + signalName(s)
		}
		return c.Failf(InterruptCode(ctx), "interrupted%s: stopped before the end, nothing written", by)
	}
	return c.Failf(ExitFail, "%v", err)
}
