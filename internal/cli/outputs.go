package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/pivotrisk/pivotrisk/report"
)

// Outputs are the files a program writes, named by its flags, checked
// before it simulates and written as one set after (report.FileSet): an
// error, Ctrl-C or SIGTERM at any point before the end leaves the previous
// files (or none), never a mix of old and new. Errors begin with the flag
// that named the file and the path as the user typed it: "-json
// nodir/r.json: directory nodir does not exist". The zero Outputs is ready
// to use; defer Abort.
type Outputs struct {
	set   report.FileSet
	dirs  []string          // the declared directories, cleaned
	flags map[string]string // target → its flag
}

// Dir declares dir, given by flag, as a directory the outputs go into,
// created if missing, and checks that it is a writable directory or can be
// created.
func (o *Outputs) Dir(flag, dir string) error {
	o.set.Dir(dir)
	o.dirs = append(o.dirs, filepath.Clean(dir))
	if err := o.set.Check(); err != nil {
		return flagError{flag, err}
	}
	return nil
}

// File declares path, given by flag, as an output file and checks that it
// can be written: its directory exists (or is a declared Dir) and is
// writable, and nothing is at path but a regular file the program may
// write.
func (o *Outputs) File(flag, path string) error {
	if o.flags == nil {
		o.flags = make(map[string]string)
	}
	clean := filepath.Clean(path)
	for p, f := range o.flags {
		if filepath.Clean(p) == clean {
			return fmt.Errorf("%s %s: also written by %s", flag, escapeBreaks(path), f)
		}
	}
	if slices.Contains(o.dirs, clean) {
		return fmt.Errorf("%s %s: is the directory of other outputs", flag, escapeBreaks(path))
	}
	o.flags[path] = flag
	if err := o.set.Check(path); err != nil {
		return flagError{flag, err}
	}
	return nil
}

// Pictures declares dir, given by flag, with Dir and the files of that
// name in it with File, checking them all.
func (o *Outputs) Pictures(flag, dir string, files ...string) error {
	if err := o.Dir(flag, dir); err != nil {
		return err
	}
	for _, f := range files {
		if err := o.File(flag, filepath.Join(dir, f)); err != nil {
			return err
		}
	}
	return nil
}

// flagOf prefixes err with the flag that named path.
func (o *Outputs) flagOf(path string, err error) error {
	if f, ok := o.flags[path]; ok {
		return flagError{f, err}
	}
	return err
}

// flagError is an output's error prefixed with the flag that named the
// file, its line breaks (from a path the user typed) written as \n and \r
// so that one problem stays on one line.
type flagError struct {
	flag string
	err  error
}

func (e flagError) Error() string { return e.flag + " " + escapeBreaks(e.err.Error()) }

func (e flagError) Unwrap() error { return e.err }

// Write stages the file at path with write (written now into a temporary
// file, put in place by Commit).
func (o *Outputs) Write(path string, write func(w io.Writer) error) error {
	if err := o.set.Write(path, write); err != nil {
		return o.flagOf(path, err)
	}
	return nil
}

// WritePictures draws pics (each in the phase "picture" of Do, so that
// Ctrl-C stops even a long drawing at once) and stages them into dir as
// 1200 × 800 PNGs (report.Picture.PNG), checking ctx before each. It
// returns the first error or ctx.Err().
func (o *Outputs) WritePictures(ctx context.Context, dir string, pics []report.Picture) error {
	for _, pic := range pics {
		png, err := Do(ctx, "picture", pic.PNG)
		if err != nil {
			return err
		}
		if err := o.Write(filepath.Join(dir, pic.File), func(w io.Writer) error {
			_, err := w.Write(png)
			return err
		}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Commit puts every staged file in place, or none if ctx is cancelled or
// a step fails (see report.FileSet.Commit), and returns the paths written.
func (o *Outputs) Commit(ctx context.Context) ([]string, error) {
	paths := o.set.Paths()
	if err := o.set.Commit(ctx); err != nil {
		return nil, err
	}
	return paths, nil
}

// Abort discards whatever was staged and the directories created for it;
// after Commit it does nothing.
func (o *Outputs) Abort() { o.set.Abort() }
