//go:build !unix

package cli

import "io/fs"

// addressSpaceRoom reports no address-space limit where there is none to
// read.
func addressSpaceRoom(fs.FS) (int64, bool) { return 0, false }
