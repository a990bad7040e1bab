package sim

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/model"
)

var peakPaths = flag.Int("sim.peakpaths", 100_000, "paths of BenchmarkPeakHeap (1000000 for the figure in BENCHMARKS.md)")

// heapSampler records the largest heap figures the runtime reports while
// it runs: the bytes of heap objects (live and not yet swept garbage) and
// the live heap as marked by the latest garbage collection.
type heapSampler struct {
	quit       chan struct{}
	wg         sync.WaitGroup
	peakObj    uint64
	peakLive   uint64
	samples    []metrics.Sample
	baseObject uint64
}

func startHeapSampler(every time.Duration) *heapSampler {
	h := &heapSampler{quit: make(chan struct{}), samples: []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}}
	h.read()
	h.baseObject, h.peakObj, h.peakLive = h.peakObj, 0, 0
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				h.read()
			case <-h.quit:
				h.read()
				return
			}
		}
	}()
	return h
}

func (h *heapSampler) read() {
	metrics.Read(h.samples)
	if v := h.samples[0].Value; v.Kind() == metrics.KindUint64 {
		h.peakObj = max(h.peakObj, v.Uint64())
	}
	if v := h.samples[1].Value; v.Kind() == metrics.KindUint64 {
		h.peakLive = max(h.peakLive, v.Uint64())
	}
}

func (h *heapSampler) stop() { close(h.quit); h.wg.Wait() }

// BenchmarkPeakHeap runs the default scenario once with -sim.peakpaths
// paths (default 100,000; BENCHMARKS.md uses 1,000,000) on all cores, with
// the default fan charts, keeping all samples and with NPVSamplesOnly, and
// reports the peak heap against what the run must keep: the samples (NPV,
// IRR and payback, 24 bytes per path per strategy; 12 with NPVSamplesOnly)
// and the band store. Metrics, in MB (10⁶ bytes), above the heap
// before the run:
//
//   - peak-heap-MB: the largest heap object bytes seen (sampled every 2 ms;
//     includes garbage not yet collected);
//   - peak-live-MB: the largest live heap marked by a collection;
//   - npv-MB, samples-MB, bands-MB: the NPV samples alone, all samples, the
//     band store;
//   - s/run, paths/s, ns/step: the run's wall time, statistics and fan
//     charts included.
func BenchmarkPeakHeap(b *testing.B) {
	sc := model.DefaultScenario()
	n := *peakPaths
	for _, npvOnly := range []bool{false, true} {
		name := fmt.Sprintf("paths=%d/samples=all", n)
		if npvOnly {
			name = fmt.Sprintf("paths=%d/samples=npvOnly", n)
		}
		b.Run(name, func(b *testing.B) { benchPeakHeap(b, &sc, n, npvOnly) })
	}
}

func benchPeakHeap(b *testing.B, sc *model.Scenario, n int, npvOnly bool) {
	{
		cfg := Config{Paths: n, Seed: 1, NPVSamplesOnly: npvOnly}
		b.ReportAllocs()
		var h *heapSampler
		var res *Result
		for b.Loop() {
			res = nil
			runtime.GC()
			h = startHeapSampler(2 * time.Millisecond)
			var err error
			res, err = Run(context.Background(), sc, cfg)
			h.stop()
			if err != nil {
				b.Fatal(err)
			}
		}
		const mb = 1e6
		strat := float64(len(res.Strategies))
		bs := res.Bands
		series := 3 + len(bs.CumulativeCashUSD)
		bandBytes := float64(res.Config.BandPaths) * float64(len(bs.Steps)) * (4*float64(series) + 1)
		b.ReportMetric(float64(h.peakObj-min(h.peakObj, h.baseObject))/mb, "peak-heap-MB")
		b.ReportMetric(float64(h.peakLive-min(h.peakLive, h.baseObject))/mb, "peak-live-MB")
		b.ReportMetric(8*float64(n)*strat/mb, "npv-MB")
		perPath := 24.0 // NPV, IRR, payback
		if npvOnly {
			perPath = 12 // NPV, IRR as float32
		}
		b.ReportMetric(perPath*float64(n)*strat/mb, "samples-MB")
		b.ReportMetric(bandBytes/mb, "bands-MB")
		reportThroughput(b, n, res.Run.Steps, 0)
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
		runtime.KeepAlive(res)
	}
}
