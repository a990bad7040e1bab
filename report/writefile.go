package report

import (
	"io"

	"github.com/pivotrisk/pivotrisk/internal/atomicfile"
)

// WriteFile writes the file at path with write, whole or not at all: write
// fills a temporary file beside path, which is synced, given the mode of
// the file it replaces (0644 for a new file), renamed over path, and the
// directory is synced after the rename. A reader of path sees the previous
// file or the complete new one, never a part; an error of write or of the
// file system leaves path as it was and no temporary file behind. A crash
// of the process or the machine leaves path old or new, whole, and may
// leave hidden files beside it (".NAME.*.tmp", ".NAME.*.old"), which may
// be deleted.
//
// The directory of path must exist. Only a regular file the caller may
// write is replaced: a symbolic link, directory, device node, named pipe or
// socket at path is an error, and so is a read-only file. Errors name path,
// never the temporary file; an error of write is wrapped (errors.Is finds
// it).
func WriteFile(path string, write func(w io.Writer) error) error {
	return atomicfile.WriteFile(path, write)
}
