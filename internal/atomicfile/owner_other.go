//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
)

// owner is unused where files have no Unix owner.
type owner struct{}

func fileOwner(fs.FileInfo) owner { return owner{} }

func (owner) apply(*os.File) {}

// syncDir does nothing where a directory cannot be opened for syncing.
var syncDir = func(string) error { return nil }

// isNotDir reports whether err says a path runs through a file that is
// not a directory; Stat reports that as "not found" here.
func isNotDir(error) bool { return false }
