//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// owner is the user and group of a file being replaced.
type owner struct {
	uid, gid int
	ok       bool
}

// fileOwner returns the owner of the file fi describes (none for nil).
func fileOwner(fi fs.FileInfo) owner {
	if fi == nil {
		return owner{}
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return owner{}
	}
	return owner{uid: int(st.Uid), gid: int(st.Gid), ok: true}
}

// apply gives f the owner o, when it differs and the caller may (root, or
// a group the caller is in); otherwise f keeps the caller's, as any
// rewritten file would.
func (o owner) apply(f *os.File) {
	if !o.ok {
		return
	}
	if fi, err := f.Stat(); err == nil {
		if cur := fileOwner(fi); cur.ok && cur.uid == o.uid && cur.gid == o.gid {
			return
		}
	}
	_ = f.Chown(o.uid, o.gid)
}

// syncDir flushes dir's entries (a rename in it) to stable storage. File
// systems that cannot sync a directory (EINVAL) are not an error.
var syncDir = func(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}

// isNotDir reports whether err says a path runs through a file that is
// not a directory.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
