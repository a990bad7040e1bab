package sim

import (
	"github.com/pivotrisk/pivotrisk/model/site"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNPVSamplesOnly checks the compact run against the full one on the
// same paths: the same NPV samples and NPV statistics bit for bit, the same
// payback summary (from counts), the IRR summary of the IRRs rounded to
// float32, and no IRR or payback samples; in plain, antithetic and
// target-standard-error mode (where the counts span several batches).
func TestNPVSamplesOnly(t *testing.T) {
	sc := shortDefault(10)
	sc.Coupling = site.NoCoupling() // paybacks spread over the months, as the test needs
	exercised := false
	for _, cfg := range []Config{
		{Paths: 400, Seed: 4, Workers: 2},
		{Paths: 400, Seed: 4, Workers: 1, Antithetic: true},
		{Paths: MinSummaryPaths, Seed: 9, Workers: 2, TargetStdErrUSD: 1, MaxPaths: 1200},
	} {
		full := mustRun(t, sc, cfg)
		cfg.NPVSamplesOnly = true
		compact := mustRun(t, sc, cfg)
		if compact.IRRPerYear != nil || compact.PaybackMonths != nil {
			t.Fatalf("%+v: IRR or payback samples kept", cfg)
		}
		if compact.Run.Paths != full.Run.Paths {
			t.Fatalf("%+v: %d paths, full run %d", cfg, compact.Run.Paths, full.Run.Paths)
		}
		for j, fs := range full.Strategies {
			cs := compact.Strategies[j]
			for i, x := range full.NPV[j] {
				if math.Float64bits(compact.NPV[j][i]) != math.Float64bits(x) {
					t.Fatalf("%+v, %s: NPV[%d] = %v, full run %v", cfg, fs.Name, i, compact.NPV[j][i], x)
				}
			}
			rounded := make([]float64, 0, len(full.IRRPerYear[j]))
			for _, r := range full.IRRPerYear[j] {
				if !math.IsNaN(r) {
					rounded = append(rounded, float64(irrFloat32(r)))
				}
			}
			wantIRR := irrSummary(sortedCopy(rounded), len(full.NPV[j]))
			if cs.IRR != wantIRR {
				t.Errorf("%+v, %s: IRR summary %+v, want %+v (float32-rounded IRRs)", cfg, fs.Name, cs.IRR, wantIRR)
			}
			if fs.Payback.MedianMonths > 0 && fs.Payback.P90Months > fs.Payback.MedianMonths {
				exercised = true
			}
			if cs.Payback != fs.Payback {
				t.Errorf("%+v, %s: payback summary %+v, full run %+v", cfg, fs.Name, cs.Payback, fs.Payback)
			}
			cs.IRR, fs.IRR, cs.Payback, fs.Payback = IRRSummary{}, IRRSummary{}, PaybackSummary{}, PaybackSummary{}
			if cs != fs {
				t.Errorf("%+v, %s: NPV summary %+v, full run %+v", cfg, fs.Name, cs, fs)
			}
		}
	}
	if !exercised {
		t.Error("no strategy pays back at spread-out months: the payback counts were not tested")
	}
}

// TestPaybackFromCounts checks the payback summary from counts against the
// summary of the sorted paybacks the counts describe, over random counts
// (some steps empty, few or many paths, some that never pay back).
func TestPaybackFromCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const months = 0.25
	for trial := range 500 {
		steps := 1 + r.IntN(40)
		counts := make([]int64, steps+1)
		var sorted []float64
		for k := range counts {
			if r.IntN(3) == 0 {
				continue
			}
			counts[k] = int64(r.IntN(1 + r.IntN(50)))
			for range counts[k] {
				sorted = append(sorted, float64(k)*months)
			}
		}
		n := len(sorted) + r.IntN(20) // paths that never pay back
		if n == 0 {
			continue
		}
		got, want := paybackFromCounts(counts, months, n), paybackSummary(sorted, n)
		if got != want {
			t.Fatalf("trial %d, counts %v, n %d: %+v, want %+v", trial, counts, n, got, want)
		}
	}
}
