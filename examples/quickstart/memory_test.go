package main

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// The phases after the run (tables, pictures, JSON) stay within the run's
// memory. They used to take twice the engine's (362 MB of RSS against 184
// at two million paths): the collector's goal, the heap it lets grow
// before collecting, was twice the run's samples, set while the IRR and
// payback samples were live, and the sorted copies of the tables and
// pictures filled it. Now those samples are dropped and collected when
// the run ends, so the goal when the tables start is twice the NPVs alone.
// The test compares that goal (/gc/heap/goal:bytes) with the run phase's
// peak heap (bytes of heap objects, sampled every millisecond) on 100,000
// paths of a one-year scenario.
func TestQuickstartPostRunMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 100,000 paths")
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("year.json", []byte(`{"finance": {"horizonYears": 1}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	inRun := false
	var runPeak, goal uint64
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	read := func() {
		metrics.Read(samples)
		if inRun {
			runPeak = max(runPeak, samples[0].Value.Uint64())
		}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				mu.Lock()
				read()
				mu.Unlock()
			case <-quit:
				return
			}
		}
	}()
	ctx := cli.WithPhaseHook(context.Background(), func(p string) {
		mu.Lock()
		defer mu.Unlock()
		read()
		switch p {
		case "run":
			inRun = true
		case "tables":
			inRun = false
			goal = samples[1].Value.Uint64()
		}
	})
	runtime.GC()
	o := clitest.RunContext(t, ctx, run, "-paths", "100000", "-scenario", "year.json", "-out", "out", "-workers", "2")
	close(quit)
	wg.Wait()
	o.WantOK(t)
	t.Logf("run's peak heap %.1f MB; the collector's goal after it %.1f MB", float64(runPeak)/1e6, float64(goal)/1e6)
	if goal > runPeak {
		t.Errorf("after the run the collector lets the heap grow to %.1f MB, above the run's peak %.1f MB", float64(goal)/1e6, float64(runPeak)/1e6)
	}
}
