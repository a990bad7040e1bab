package cli

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// The memory available is the least of MemAvailable and the room under
// the cgroup limits (v1 and v2, the process's cgroup or an ancestor, less
// the usage not counting inactive file cache).
func TestAvailableMemory(t *testing.T) {
	meminfo := &fstest.MapFile{Data: []byte("MemTotal:       24730000 kB\nMemFree:        23000000 kB\nMemAvailable:   20000000 kB\n")}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  Memory
	}{
		{"nothing readable", fstest.MapFS{}, Memory{Bytes: math.MaxInt64}},
		{"meminfo only", fstest.MapFS{"proc/meminfo": meminfo}, Memory{Bytes: 20000000 << 10, Source: "MemAvailable in /proc/meminfo"}},
		{"cgroup v2 limit", fstest.MapFS{
			"proc/meminfo":                         meminfo,
			"proc/self/cgroup":                     {Data: []byte("0::/job/run\n")},
			"sys/fs/cgroup/job/run/memory.max":     {Data: []byte("max\n")},
			"sys/fs/cgroup/job/memory.max":         {Data: []byte("2000000000\n")},
			"sys/fs/cgroup/job/memory.current":     {Data: []byte("700000000\n")},
			"sys/fs/cgroup/job/memory.stat":        {Data: []byte("anon 400000000\ninactive_file 200000000\n")},
			"sys/fs/cgroup/job/run/memory.current": {Data: []byte("1\n")},
		}, Memory{Bytes: 1_500_000_000, Source: "the cgroup's memory limit", Hard: true}},
		{"cgroup v1 limit", fstest.MapFS{
			"proc/meminfo":     meminfo,
			"proc/self/cgroup": {Data: []byte("4:memory:/box\n3:cpuset:/\n")},
			"sys/fs/cgroup/memory/box/memory.limit_in_bytes": {Data: []byte("1000000000\n")},
			"sys/fs/cgroup/memory/box/memory.usage_in_bytes": {Data: []byte("100000000\n")},
		}, Memory{Bytes: 900_000_000, Source: "the cgroup's memory limit", Hard: true}},
		{"cgroup v1 without a limit", fstest.MapFS{
			"proc/meminfo":     meminfo,
			"proc/self/cgroup": {Data: []byte("4:memory:/box\n")},
			"sys/fs/cgroup/memory/memory.limit_in_bytes": {Data: []byte("9223372036854771712\n")},
		}, Memory{Bytes: 20000000 << 10, Source: "MemAvailable in /proc/meminfo"}},
	}
	for _, tc := range tests {
		if got := availableMemory(tc.files); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// A run that needs more than the machine has is refused with the need,
// what is there and the flags that lower it.
func TestCheckMemory(t *testing.T) {
	m := AvailableMemory()
	if m.Bytes == math.MaxInt64 {
		t.Skip("no memory figure on this system")
	}
	err := CheckMemory(m.Bytes+1<<30, "lower -paths or add -npv-only")
	if err == nil || !strings.Contains(err.Error(), "lower -paths or add -npv-only") || !strings.Contains(err.Error(), "needs about") {
		t.Errorf("error %v", err)
	}
	if err := CheckMemory(1<<20, "lower -paths"); err != nil {
		t.Error(err)
	}
}
