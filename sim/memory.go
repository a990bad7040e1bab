package sim

// Memory a Run allocates, estimated from its configuration before it runs,
// so that a program can refuse a run its machine cannot hold instead of
// dying half-way; and what it lets go of before its statistics.

import "runtime"

// runFixedBytes is what a Run allocates whatever its size: the plan
// (about 28 kB for the default scenario), the Result's summaries and
// comparisons, and the runtime's bookkeeping of the goroutines.
const runFixedBytes = 96 << 10

// pathBytes is what one path of a worker's batch allocates besides its
// cash flows: its model.Simulator (runners, parcels, contracts, streams,
// tax books) and its pricer's per-strategy figures, about 9.5 kB for the
// default scenario whatever its steps, of which about 7 kB stay for the
// run and the rest is the garbage of checking the strategies' terms
// (TestSlotMemory). Read-only tables (the discount factors, the terms)
// are the plan's, shared by every path, and a batch's built-in runners
// are made together (site.BatchStrategy).
const pathBytes = 9728

// RunMemory returns an estimate of the heap, in bytes, that a Run of a
// scenario of the given steps and strategies with cfg allocates in all: an
// upper bound of its peak heap, which it reaches when the garbage
// collector does not reclaim the run's transient buffers before the end,
// as happens with the default GOGC (the samples are allocated first, and
// the collector's next goal is then about twice them). cfg is taken with
// its defaults (Workers, BandPaths, Bands) filled in; it need not be
// valid, but a negative count counts as 0. For n = cfg.Paths (MaxPaths in
// target mode), S strategies, T = steps and W workers (at most n):
//
//   - samples: S·n·24 bytes (NPV, IRR, payback as float64), or S·n·12
//     with NPVSamplesOnly (NPV as float64, IRR as float32); in target mode
//     3.5 times that, for the slices grow batch by batch (each batch at
//     most doubles the paths, and append rounds capacities up), which
//     bounds the sum of the slices allocated;
//   - statistics: one sort buffer of n·8 bytes, and with Antithetic the
//     pair means of each strategy's standard error, S·n·4;
//   - bands, for K = min(BandPaths, n) band paths, P points (T+1 steps, or
//     every ⌈T/MaxBandPoints⌉-th step and the last) and V series (the
//     market series kept, plus S cash series): the store, P·K·(4·V + 1),
//     and the quantile buffers, min(W, V·P)·K·8 + K·8, and the bands,
//     V·P·40;
//   - per worker, for each of the B paths of its batch (32, at most n, and
//     fewer for long paths: the slots of a batch take at most 4 MiB): a
//     model.Simulator, and S·(T+1)·8 of cash flows (twice with
//     NPVSamplesOnly, which counts paybacks per step);
//   - with Sampling RQMC, for R replicates and D = 5·T Sobol dimensions:
//     the direction integers, D·128, each replicate's keys and position,
//     R·(12·D + 96), per worker its replicates' positions, the points and
//     its batch's shocks, W·(R·(4·D + 104) + 24·D + 8·B·D), and the replicates'
//     figures and the garbage of their exact means (xsum, rounded through
//     math/big; the comparisons' included), S·R·1196;
//   - a fixed part: the plan, the summaries and the run's bookkeeping.
//
// Per path, the default three strategies take 80 bytes (72 of samples and
// 8 of the sort buffer) in a plain run and 92 with Antithetic; 44 and 56
// with NPVSamplesOnly. TestRunMemory checks the estimate against the heap
// a run allocates.
func RunMemory(steps, strategies int, cfg Config) int64 {
	cfg = cfg.resolved()
	n := int64(max(cfg.maxPaths(), 0))
	s := int64(max(strategies, 0))
	t := int64(max(steps, 0))
	w := min(int64(max(cfg.Workers, 1)), max(n, 1))

	samples := s * n * sampleBytes(cfg.NPVSamplesOnly)
	if cfg.TargetStdErrUSD > 0 {
		samples = samples * 7 / 2
	}
	stats := 8 * n
	if cfg.Antithetic {
		stats += s * 4 * n
	}
	slots := batchSlots(max(n, 1), t, s, cfg.NPVSamplesOnly) // the paths of a worker's batch
	workers := w * slots * slotBytes(t, s, cfg.NPVSamplesOnly)
	return runFixedBytes + samples + stats + workers + bandMemory(t, s, w, n, cfg) + 8*(t+1) + qmcMemory(t, s, w, slots, cfg)
}

// bandMemory is the part of RunMemory that the bands take.
func bandMemory(t, s, w, n int64, cfg Config) int64 {
	b := *cfg.Bands
	k := min(int64(max(cfg.BandPaths, 0)), n)
	if !b.any() || k == 0 {
		return 0
	}
	stride := (t + MaxBandPoints - 1) / MaxBandPoints
	points := t/stride + 1
	if t%stride != 0 {
		points++
	}
	v := int64(len(b.Series))
	if b.Cash {
		v += s
	}
	store := points*k*(4*v+1) + 4*(t+1)
	compute := min(w, v*points)*k*8 + k*8
	out := v*points*5*8 + points*16
	return store + compute + out
}

// collectAboveBytes is the size of a run's samples above which Run
// collects the garbage between the paths and the statistics (dropWorkers):
// at 1,000,000 paths of three strategies (72 MB of samples) a collection
// takes some 65 ms of a run of about a minute.
const collectAboveBytes = 32 << 20

// dropWorkers lets go of the workers once the n paths are done, keeping
// what the statistics need of them (with NPVSamplesOnly, the paths
// counted at each payback step, summed over the workers): their batches
// (each path's simulator, pricer and flows) are not needed. After a run
// whose samples take at least collectAboveBytes it also collects, so that
// the statistics' sort buffer takes the
// batches' memory instead of adding to it at the run's peak heap
// (BENCHMARKS.md, section 14); below that a collection is not worth its
// pause and the batches are small beside the program's heap anyway.
func (r *run) dropWorkers(n int) {
	if r.cfg.NPVSamplesOnly {
		counts := make([][]int64, r.nStrat)
		for j := range counts {
			counts[j] = r.paybackCounts(j)
		}
		r.pbCounts = counts
	}
	r.nWorkers, r.workers = len(r.workers), nil
	if int64(n)*int64(r.nStrat)*sampleBytes(r.cfg.NPVSamplesOnly) >= collectAboveBytes {
		runtime.GC()
	}
}

// sampleBytes returns the bytes a path's samples take per strategy: NPV,
// IRR and payback as float64, or NPV as float64 and IRR as float32 with
// NPVSamplesOnly.
func sampleBytes(npvOnly bool) int64 {
	if npvOnly {
		return 12
	}
	return 24
}

// paybackCounts returns the number of paths of strategy j that paid back
// at each step 0..steps (NPVSamplesOnly), summed over the workers.
func (r *run) paybackCounts(j int) []int64 {
	if r.pbCounts != nil {
		return r.pbCounts[j]
	}
	counts := make([]int64, r.steps+1)
	for _, w := range r.workers {
		for k, c := range w.pbCount[j] {
			counts[k] += c
		}
	}
	return counts
}

// numWorkers returns the number of workers the run had, before or after
// dropWorkers.
func (r *run) numWorkers() int {
	if r.workers != nil {
		return len(r.workers)
	}
	return r.nWorkers
}
