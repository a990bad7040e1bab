package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
)

// Memory is how much memory the program may still take, and what sets
// that bound.
type Memory struct {
	// Bytes is the memory available, bytes; math.MaxInt64 if unknown.
	Bytes int64
	// Source names the bound: "the cgroup's memory limit",
	// "MemAvailable in /proc/meminfo" or "GOMEMLIMIT".
	Source string
	// Hard reports whether exceeding Bytes kills the program (a cgroup
	// limit) rather than slowing the machine down.
	Hard bool
}

// AvailableMemory returns the least of the memory the machine has
// available (MemAvailable of /proc/meminfo, which counts free memory and
// the caches the kernel can drop), the room left under the cgroup's memory
// limit (cgroup v2 memory.max or v1 memory.limit_in_bytes of this
// process's cgroup and its parents, less the usage not counting inactive
// file cache), the room left under the address-space limit (ulimit -v,
// less the process's VmSize) and, if GOMEMLIMIT is set, the room left
// under it. Where
// none of these can be read (another system) it returns math.MaxInt64.
func AvailableMemory() Memory {
	m := availableMemory(os.DirFS("/"))
	if room, ok := addressSpaceRoom(os.DirFS("/")); ok && room < m.Bytes {
		m = Memory{Bytes: room, Source: "the address-space limit, ulimit -v", Hard: true}
	}
	if limit := debug.SetMemoryLimit(-1); limit < math.MaxInt64 {
		if room := limit - goMemory(); room < m.Bytes {
			m = Memory{Bytes: max(room, 0), Source: "GOMEMLIMIT", Hard: false}
		}
	}
	return m
}

// goMemory returns the memory the Go runtime holds from the system, bytes.
func goMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// availableMemory is AvailableMemory without GOMEMLIMIT, reading the
// files of root (the file system's root).
func availableMemory(root fs.FS) Memory {
	m := Memory{Bytes: math.MaxInt64}
	if b, ok := memInfoAvailable(root); ok {
		m = Memory{Bytes: b, Source: "MemAvailable in /proc/meminfo"}
	}
	if b, ok := cgroupRoom(root); ok && b < m.Bytes {
		m = Memory{Bytes: b, Source: "the cgroup's memory limit", Hard: true}
	}
	return m
}

// vmSize reads the process's virtual memory size from /proc/self/status,
// bytes.
func vmSize(root fs.FS) (int64, bool) {
	b, err := fs.ReadFile(root, "proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "VmSize:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// memInfoAvailable reads MemAvailable from /proc/meminfo, bytes.
func memInfoAvailable(root fs.FS) (int64, bool) {
	b, err := fs.ReadFile(root, "proc/meminfo")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// noLimit is the smallest value cgroup v1 uses for "no limit" (the
// largest page-aligned int64 or so); anything above 2⁶² is no limit.
const noLimit = 1 << 62

// cgroupRoom returns the memory left under the tightest memory limit of
// this process's cgroup and its ancestors, bytes, and whether there is a
// limit. It reads cgroup v2 (memory.max, memory.current, memory.stat's
// inactive_file) and v1 (memory.limit_in_bytes, memory.usage_in_bytes,
// memory.stat's total_inactive_file), trying both the process's cgroup
// path and the mount's root (a container sees its own cgroup there).
func cgroupRoom(root fs.FS) (int64, bool) {
	b, err := fs.ReadFile(root, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	best, found := int64(math.MaxInt64), false
	// try walks from the cgroup rel under the mount base up to the base.
	try := func(base, rel, limitFile, usageFile, inactiveKey string) {
		for {
			d := path.Join(base, rel)
			limit, ok := readInt(root, path.Join(d, limitFile))
			if ok && limit < noLimit {
				usage, _ := readInt(root, path.Join(d, usageFile))
				usage -= statValue(root, path.Join(d, "memory.stat"), inactiveKey)
				if room := max(limit-max(usage, 0), 0); room < best {
					best, found = room, true
				}
			}
			if rel == "." {
				return
			}
			rel = path.Dir(rel)
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		rel := path.Clean(strings.TrimPrefix(parts[2], "/"))
		if rel == "" || strings.HasPrefix(rel, "..") {
			rel = "."
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			try("sys/fs/cgroup", rel, "memory.max", "memory.current", "inactive_file")
			try("sys/fs/cgroup/unified", rel, "memory.max", "memory.current", "inactive_file")
		case strings.Contains(","+parts[1]+",", ",memory,"):
			try("sys/fs/cgroup/memory", rel, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
		}
	}
	return best, found
}

// readInt reads a file holding one integer ("max" is no limit).
func readInt(root fs.FS, name string) (int64, bool) {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return math.MaxInt64, true
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// statValue returns the value of key in a memory.stat file, 0 if absent.
func statValue(root fs.FS, name, key string) int64 {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// CheckMemory returns an error if a run that needs about need bytes would
// exceed AvailableMemory, naming the need, what is available, where that
// bound comes from, and lower, the flags that make the run smaller (e.g.
// "lower -paths or add -npv-only"). Under a cgroup limit, and unless
// GOMEMLIMIT is set, it also sets the Go runtime's soft memory limit to
// what the program may still take, so that the garbage collector works to
// stay under it instead of letting the heap reach twice what is live.
func CheckMemory(need int64, lower string) error {
	m := AvailableMemory()
	if need > m.Bytes {
		return fmt.Errorf("the run needs about %s of memory, more than the %s available (%s): %s",
			Bytes(need), Bytes(m.Bytes), m.Source, lower)
	}
	if m.Hard && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(goMemory() + m.Bytes)
	}
	return nil
}

// Bytes formats a byte count with a decimal unit: "512 kB", "7.2 GB".
func Bytes(n int64) string {
	const k = 1000
	switch {
	case n < k*k:
		return fmt.Sprintf("%.0f kB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.0f MB", float64(n)/(k*k))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
}
