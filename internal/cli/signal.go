package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// RunFunc is an example program's testable entry point: it runs with the
// arguments after the program name and returns the exit code.
type RunFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// stopSignals are the signals that stop a program: Ctrl-C and the polite
// kill of service managers and container runtimes.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// SignalError is the cause (context.Cause) of a context that Main cancels
// on a signal.
type SignalError struct {
	Signal os.Signal
}

// Error names the signal.
func (e *SignalError) Error() string { return "received " + signalName(e.Signal) }

// Main runs run with the process's arguments and standard streams, and a
// context that the first SIGINT (Ctrl-C) or SIGTERM cancels with a
// *SignalError cause; it returns the exit code. After that first signal
// the default handling is restored, so a second one kills the program at
// once.
func Main(run RunFunc) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)
	go func() {
		select {
		case s := <-ch:
			signal.Reset(stopSignals...)
			cancel(&SignalError{Signal: s})
		case <-ctx.Done():
		}
	}()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// signalOf returns the signal that cancelled ctx, if a signal did.
func signalOf(ctx context.Context) (os.Signal, bool) {
	var se *SignalError
	if errors.As(context.Cause(ctx), &se) {
		return se.Signal, true
	}
	return nil, false
}

// InterruptCode is the exit code of a program stopped by ctx's
// cancellation: 128 + the signal's number, as shells report a process
// killed by it (130 for SIGINT, 143 for SIGTERM), and ExitInterrupted when
// no signal is known (a test's cancelled context).
func InterruptCode(ctx context.Context) int {
	if s, ok := signalOf(ctx); ok {
		if n, ok := s.(syscall.Signal); ok && n > 0 && n < 128 {
			return 128 + int(n)
		}
	}
	return ExitInterrupted
}

// signalName names a signal the way kill(1) does: "SIGTERM".
func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return fmt.Sprint(s)
}
