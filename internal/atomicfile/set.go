package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Set is a set of files written together, such as a program's pictures
// and its result: Write stages each file (a complete temporary file beside
// its target), and Commit renames them all over their targets. The zero
// Set is ready to use; call Abort (deferred) to discard what was staged if
// Commit is not reached.
//
// Guarantee. After an error of Write or Commit, a cancelled Commit, or
// Abort, every target holds the file it held before (or nothing, if it had
// none), no temporary file is left, and the directories the Set created
// are removed again if they are empty: the previous set or nothing, never
// a mix. Within Commit each replaced file is first hard-linked aside (or,
// where the file system has no hard links, renamed aside) so that it can
// be put back. A crash of the process or the machine during Commit (power
// loss, SIGKILL, a second Ctrl-C) can leave some targets new and others
// old, each one whole, and hidden files beside them: ".NAME.*.tmp" (a
// staged file) and ".NAME.*.old" (a previous file kept for restoring),
// which may be deleted.
type Set struct {
	dirs    []string // directories created if missing (Dir), cleaned
	created []string // directories this Set created, in order
	staged  []staged
}

// staged is one file of a Set.
type staged struct {
	path    string // the target, as the caller gave it
	tmp     string // the complete temporary file
	backup  string // the previous file, during Commit ("" if none)
	moved   bool   // the backup was made by renaming the target aside
	renamed bool   // tmp has been renamed over path
}

// Dir declares dir as a directory of the set that Write creates (with its
// missing parents) when a file is staged in it; Check accepts it missing.
func (s *Set) Dir(dir string) {
	s.dirs = append(s.dirs, filepath.Clean(dir))
}

// HasDir reports whether dir was declared with Dir.
func (s *Set) HasDir(dir string) bool { return s.willCreate(dir) }

// willCreate reports whether dir is a declared directory.
func (s *Set) willCreate(dir string) bool {
	return slices.Contains(s.dirs, filepath.Clean(dir))
}

// Check reports, before anything is computed, whether the files at paths
// can be written: each declared directory is a writable directory or can
// be created (CheckDir), and each path passes CheckFile. It returns the
// first problem.
func (s *Set) Check(paths ...string) error {
	for _, d := range s.dirs {
		if err := CheckDir(d); err != nil {
			return err
		}
	}
	for _, p := range paths {
		if err := CheckFile(p, s.willCreate); err != nil {
			return err
		}
	}
	return nil
}

// Write stages the file at path: it creates its directory if declared
// (Dir) and missing, checks that path holds nothing or a regular file the
// caller may write, and writes a temporary file beside it with write,
// synced and given the mode of the file it will replace (NewFileMode for a
// new one). An error of write is returned wrapped, naming path.
func (s *Set) Write(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if s.willCreate(dir) {
		if err := s.mkdirs(dir, path); err != nil {
			return err
		}
	}
	if err := checkTarget(path); err != nil {
		return err
	}
	mode, owner := fs.FileMode(NewFileMode), fileOwner(nil)
	if fi, err := os.Stat(path); err == nil {
		mode, owner = fi.Mode().Perm(), fileOwner(fi)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		if derr := checkDir(dir, path, false); derr != nil {
			return derr // "directory nodir does not exist", …
		}
		return fmt.Errorf("%s: %w", path, cause(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Chmod(mode); err == nil {
		owner.apply(f)
		if err = f.Sync(); err == nil {
			err = f.Close()
		}
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, cause(err))
	}
	s.staged = append(s.staged, staged{path: path, tmp: f.Name()})
	return nil
}

// mkdirs creates dir and its missing parents, recording each one created.
func (s *Set) mkdirs(dir, name string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: creating directory %s: %w", name, missing[i], cause(err))
		}
		s.created = append(s.created, missing[i])
	}
	return nil
}

// Paths returns the targets staged so far, in the order written.
func (s *Set) Paths() []string {
	out := make([]string, len(s.staged))
	for i, st := range s.staged {
		out[i] = st.path
	}
	return out
}

// Commit renames every staged file over its target, then syncs the
// targets' directories and deletes the previous files. If ctx (which may
// be nil) is cancelled before the last rename, or a step fails, it puts
// every target back as it was and returns ctx.Err() or the error, naming
// the target. The Set is empty afterwards either way.
func (s *Set) Commit(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			err = errors.Join(err, s.rollback())
		}
		s.staged, s.created = nil, nil
	}()
	for i := range s.staged {
		if ctx != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.staged[i].swap(); err != nil {
			return err
		}
	}
	if err := s.syncDirs(); err != nil {
		return err
	}
	for _, st := range s.staged {
		if st.backup != "" {
			os.Remove(st.backup)
		}
	}
	return nil
}

// swap keeps the target's previous file aside, if any, and renames the
// staged file over the target.
func (st *staged) swap() error {
	fi, err := os.Lstat(st.path)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file (%s): refusing to replace it", st.path, kind(fi.Mode()))
	case err == nil:
		b, err := os.CreateTemp(filepath.Dir(st.path), "."+filepath.Base(st.path)+".*.old")
		if err != nil {
			return fmt.Errorf("%s: %w", st.path, cause(err))
		}
		b.Close()
		os.Remove(b.Name())
		if err := os.Link(st.path, b.Name()); err != nil {
			if err := os.Rename(st.path, b.Name()); err != nil {
				return fmt.Errorf("%s: %w", st.path, cause(err))
			}
			st.moved = true
		}
		st.backup = b.Name()
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", st.path, cause(err))
	}
	if err := os.Rename(st.tmp, st.path); err != nil {
		return fmt.Errorf("%s: %w", st.path, cause(err))
	}
	st.renamed = true
	return nil
}

// syncDirs syncs the directory of every staged file once.
func (s *Set) syncDirs() error {
	var dirs []string
	for _, st := range s.staged {
		if d := filepath.Dir(st.path); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
			if err := syncDir(d); err != nil {
				return fmt.Errorf("%s: syncing directory %s: %w", st.path, d, cause(err))
			}
		}
	}
	return nil
}

// rollback puts every target back as it was before Commit, deletes the
// staged files and the directories the Set created (if empty).
func (s *Set) rollback() error {
	var errs []error
	for i := len(s.staged) - 1; i >= 0; i-- {
		st := &s.staged[i]
		switch {
		case st.renamed && st.backup != "", st.moved:
			if err := os.Rename(st.backup, st.path); err != nil {
				errs = append(errs, fmt.Errorf("%s: restoring the previous file: %w (it is in %s)", st.path, cause(err), st.backup))
			}
		case st.renamed:
			os.Remove(st.path)
		case st.backup != "":
			os.Remove(st.backup)
		}
		if !st.renamed {
			os.Remove(st.tmp)
		}
	}
	s.removeCreated()
	s.syncDirs()
	return errors.Join(errs...)
}

// Abort deletes the staged files and the directories the Set created (if
// empty), leaving every target as it was. It does nothing after Commit.
func (s *Set) Abort() {
	for _, st := range s.staged {
		os.Remove(st.tmp)
	}
	s.removeCreated()
	s.staged, s.created = nil, nil
}

// removeCreated removes the directories the Set created, deepest first,
// each only if it is empty.
func (s *Set) removeCreated() {
	for i := len(s.created) - 1; i >= 0; i-- {
		os.Remove(s.created[i])
	}
}
