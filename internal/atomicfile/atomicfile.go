// Package atomicfile writes files whole or not at all: one file
// (WriteFile) or a set of files that replaces a previous set (Set). It is
// the implementation behind report.WriteFile and report.FileSet, and
// plots.Save writes through it (plots cannot import report, which
// imports plots).
//
// Every file is written into a temporary file beside its target, synced,
// given the mode of the file it replaces (0644 for a new file), and renamed
// over the target; the directory is synced after the rename. Only a regular
// file is ever replaced: a symbolic link, directory, device node, named pipe
// or socket at a target is an error, and so is a regular file that the
// caller may not write (a read-only file). Errors name the target the
// caller gave, never a temporary file.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// NewFileMode is the mode of a file that did not exist before.
const NewFileMode = 0o644

// WriteFile writes the file at path with write, atomically: a reader of
// path sees the previous file or the complete new one, and an error (of
// write or of the file system) leaves path as it was and no temporary file
// behind. The directory of path must exist. See the package doc for what
// may be replaced.
func WriteFile(path string, write func(w io.Writer) error) error {
	var s Set
	if err := s.Write(path, write); err != nil {
		return err
	}
	return s.Commit(nil)
}

// CheckFile reports whether a file can be written at path: nothing is
// there or a regular file the caller may write, and its directory is a
// writable directory. created reports whether a missing directory will be
// created before the write (a Set's Dir); such a directory's nearest
// existing ancestor must then be a writable directory.
func CheckFile(path string, created func(dir string) bool) error {
	if err := checkTarget(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if created != nil && created(dir) {
		return checkDir(dir, path, true)
	}
	return checkDir(dir, path, false)
}

// CheckDir reports whether dir is a writable directory or, when missing,
// can be created: its nearest existing ancestor is a writable directory.
func CheckDir(dir string) error {
	return checkDir(dir, dir, true)
}

// checkTarget reports an error unless nothing is at path or a regular file
// the caller may open for writing.
func checkTarget(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", path, cause(err))
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file (%s): refusing to replace it", path, kind(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("%s: cannot be written: %w", path, cause(err))
	}
	return f.Close()
}

// checkDir reports an error unless dir is a directory in which a file can
// be created or, if missing and mayCreate, its nearest existing ancestor
// is. name is the path the error names.
func checkDir(dir, name string, mayCreate bool) error {
	existing := dir
	for {
		fi, err := os.Stat(existing)
		if err == nil {
			if !fi.IsDir() && existing == name {
				return fmt.Errorf("%s: not a directory", name)
			}
			if !fi.IsDir() {
				return fmt.Errorf("%s: %s is not a directory", name, existing)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !isNotDir(err) {
			return fmt.Errorf("%s: %w", name, cause(err))
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return missingDir(name, dir)
		}
		existing = parent
	}
	if existing != dir && !mayCreate {
		return missingDir(name, dir)
	}
	f, err := os.CreateTemp(existing, ".write-test.*.tmp")
	if err != nil {
		return fmt.Errorf("%s: directory %s is not writable: %w", name, existing, cause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// missingDirError says that the directory of an output does not exist; it
// wraps fs.ErrNotExist.
type missingDirError struct{ name, dir string }

func (e *missingDirError) Error() string {
	return fmt.Sprintf("%s: directory %s does not exist", e.name, e.dir)
}

func (e *missingDirError) Unwrap() error { return fs.ErrNotExist }

// missingDir returns a *missingDirError.
func missingDir(name, dir string) error { return &missingDirError{name, dir} }

// kind names a file type.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "type " + m.Type().String()
}

// cause strips the operation and the file name (possibly a temporary
// file's) from a file system error, leaving what went wrong ("permission
// denied").
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
