//go:build unix

package cli

import (
	"io/fs"
	"syscall"
)

// addressSpaceRoom returns the room left under the process's address-space
// limit (RLIMIT_AS, ulimit -v), bytes, and whether there is such a limit
// (and the process's size could be read).
func addressSpaceRoom(root fs.FS) (int64, bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil || lim.Cur >= noLimit {
		return 0, false
	}
	size, ok := vmSize(root)
	if !ok {
		return 0, false
	}
	return max(int64(lim.Cur)-size, 0), true
}
