package report

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pivotrisk/pivotrisk/internal/atomicfile"
	"github.com/pivotrisk/pivotrisk/internal/phase"
)

// FileSet is a set of files written together, all of them or none, such
// as a run's pictures and its result JSON. Check tests the targets before
// any work, Write stages each file (a complete, synced temporary file
// beside its target, as WriteFile writes), and Commit puts them all in
// place. The zero FileSet is ready to use; defer Abort so that what was
// staged is discarded if Commit is not reached.
//
// The guarantee: after an error of Write or Commit, a cancelled Commit, or
// Abort, every target holds the file it held before (or nothing if it had
// none), no temporary file is left, and the directories the set created
// (Dir) are removed again if empty: the previous set or nothing, never a
// mix of old and new files. A crash of the process or the machine during
// Commit (power loss, SIGKILL) can leave some targets new and others old,
// each of them whole, with hidden files beside them, ".NAME.*.tmp" (a
// staged file) and ".NAME.*.old" (a previous file kept for restoring),
// which may be deleted. Only regular files are replaced, each keeping its
// mode (0644 for a new file), as with WriteFile.
//
// A FileSet is not safe for concurrent use.
type FileSet struct {
	set    atomicfile.Set
	staged map[string]bool // the staged targets, cleaned
}

// Dir declares dir as a directory of the set: Write creates it, with its
// missing parents, when a file is staged in it, Check accepts it missing
// if it can be created, and Abort or a failed Commit removes what was
// created.
func (s *FileSet) Dir(dir string) { s.set.Dir(dir) }

// Check reports, before anything is computed, whether the files at paths
// can be written: each declared directory (Dir) is a writable directory
// or can be created, and each path holds nothing or a regular file the
// caller may write, in a writable directory that exists or is declared.
// It returns the first problem, naming the path, and leaves nothing
// behind (it probes each directory with a temporary file, deleted at
// once).
func (s *FileSet) Check(paths ...string) error { return s.set.Check(paths...) }

// Write stages the file at path with write: it creates path's directory
// if it was declared (Dir) and is missing, and writes a complete temporary
// file beside path, which Commit puts in place. It returns an error,
// naming path, if path was already staged, holds something other than a
// regular file the caller may write, or write or the file system fails;
// path itself is not touched before Commit.
func (s *FileSet) Write(path string, write func(w io.Writer) error) error {
	clean := filepath.Clean(path)
	if s.staged[clean] {
		return fmt.Errorf("%s: written twice in one set", path)
	}
	if err := s.set.Write(path, write); err != nil {
		return err
	}
	if s.staged == nil {
		s.staged = make(map[string]bool)
	}
	s.staged[clean] = true
	return nil
}

// WritePictures draws pics as 1200 × 800 PNGs (Picture.PNG) and stages
// each as the file pic.File in dir (Write). It checks ctx before each
// picture and draws each on its own goroutine, so that a cancelled ctx
// returns ctx.Err() at once, even in the middle of a long drawing (left to
// finish in the background, its result dropped). It returns the first
// error.
func (s *FileSet) WritePictures(ctx context.Context, dir string, pics []Picture) error {
	for _, pic := range pics {
		png, err := phase.Do(ctx, "picture", pic.PNG)
		if err != nil {
			return err
		}
		if err := s.Write(filepath.Join(dir, pic.File), writeBytes(png)); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// writeBytes returns a write function that writes b.
func writeBytes(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// Paths returns the targets staged so far, as given to Write, in order.
func (s *FileSet) Paths() []string { return s.set.Paths() }

// Commit renames every staged file over its target, syncs the targets'
// directories and deletes the previous files. If ctx is cancelled before
// the last rename, or a step fails, it puts every target back as it was
// and returns ctx.Err() or the error, naming the target. The set is empty
// afterwards either way.
func (s *FileSet) Commit(ctx context.Context) error {
	s.staged = nil
	return s.set.Commit(ctx)
}

// Abort deletes the staged files and the directories the set created (if
// empty), leaving every target as it was. After Commit it does nothing.
func (s *FileSet) Abort() {
	s.staged = nil
	s.set.Abort()
}
