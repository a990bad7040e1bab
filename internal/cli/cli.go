// Package cli holds what pivotrisk's example programs share: flag parsing
// that fails with one line, scenario loading, a progress bar on terminals,
// atomic file writes, interruption, and the risk table.
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
	"os/signal"
	"strings"
	"syscall"

	"github.com/pivotrisk/pivotrisk/internal/cli/atomicfile"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Exit codes of the example programs.
const (
	ExitOK          = 0   // success
	ExitFail        = 1   // the run or a write failed
	ExitUsage       = 2   // a bad flag or argument
	ExitInterrupted = 130 // stopped by Ctrl-C (128 + SIGINT), as shells report it
)

// Main runs run with the process's arguments and standard streams, and a
// context that Ctrl-C (SIGINT) or SIGTERM cancels; it returns the exit
// code. After the first signal the default handling is restored, so a
// second Ctrl-C kills the program at once.
func Main(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

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

// Fail reports a run's error: an interruption (ctx cancelled) as "interrupted:
// nothing written" with ExitInterrupted, anything else with ExitFail.
func (c *Cmd) Fail(ctx context.Context, err error) int {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return c.Failf(ExitInterrupted, "interrupted: stopped before the end, nothing written")
	}
	return c.Failf(ExitFail, "%v", err)
}

// Sim are the flags every example takes to run a simulation.
type Sim struct {
	Scenario   string
	Paths      int
	Seed       uint64
	Workers    int
	Antithetic bool
}

// AddSimFlags defines -scenario, -paths, -seed, -workers and -antithetic
// with the given default path count.
func (c *Cmd) AddSimFlags(s *Sim, paths int) {
	fs := c.Flags
	fs.StringVar(&s.Scenario, "scenario", "", "scenario `file` (JSON, see examples/scenarios); empty runs the default scenario")
	fs.IntVar(&s.Paths, "paths", paths, fmt.Sprintf("number of simulated `paths`, at least %d (even with -antithetic)", sim.MinSummaryPaths))
	fs.Uint64Var(&s.Seed, "seed", 1, "random `seed`: the same seed gives the same numbers whatever the worker count")
	fs.IntVar(&s.Workers, "workers", 0, "worker goroutines; 0 uses every core (never changes the results)")
	fs.BoolVar(&s.Antithetic, "antithetic", true, "pair each path with its mirror (antithetic variates)")
}

// Config checks the simulation flags and returns the run's Config, or an
// error naming the bad flag.
func (s Sim) Config() (sim.Config, error) {
	cfg := sim.Config{Paths: s.Paths, Seed: s.Seed, Workers: s.Workers, Antithetic: s.Antithetic}
	switch {
	case s.Paths < sim.MinSummaryPaths || s.Paths > sim.MaxRunPaths:
		return cfg, fmt.Errorf("-paths %d: must be in [%d, %d]", s.Paths, sim.MinSummaryPaths, sim.MaxRunPaths)
	case s.Antithetic && s.Paths%2 != 0:
		return cfg, fmt.Errorf("-paths %d: must be even with -antithetic (paths come in mirrored pairs)", s.Paths)
	case s.Workers < 0 || s.Workers > sim.MaxWorkers:
		return cfg, fmt.Errorf("-workers %d: must be in [0, %d]", s.Workers, sim.MaxWorkers)
	}
	return cfg, cfg.Validate()
}

// LoadScenario returns the scenario in the file at path (validated, with
// errors that give the file, line and field), or DefaultScenario if path
// is empty.
func LoadScenario(path string) (model.Scenario, error) {
	if path == "" {
		return model.DefaultScenario(), nil
	}
	sc, err := model.LoadScenarioFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = fmt.Errorf("scenario file: %w", pe)
		}
		if q := escapeBreaks(path); q != path {
			// A name with a line break would split the message's lines.
			return model.Scenario{}, errors.New(strings.ReplaceAll(err.Error(), path, q))
		}
		return model.Scenario{}, err
	}
	return sc, nil
}

// WriteFileAtomic writes a file at path with write, whole or not at all
// (atomicfile.WriteFile): into a temporary file in the same directory,
// then renamed over path, so path never holds a partial file. On error the
// temporary file is removed and path is left as it was. Only a regular
// file is replaced, keeping its mode; errors name path.
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	return atomicfile.WriteFile(path, write)
}
