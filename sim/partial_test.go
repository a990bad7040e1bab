package sim

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// resultJSON returns res's JSON without the timing figures of res.Run,
// which measure a run rather than result from it.
func resultJSON(t *testing.T, res *Result) string {
	t.Helper()
	c := *res
	c.Run.WallSeconds, c.Run.PathsPerSecond, c.Run.NsPerPathStep = 0, 0, 0
	var b bytes.Buffer
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// cutsOf returns the shard ranges of a run of cfg cut at the given path
// offsets (ascending, even with antithetic).
func cutsOf(cfg Config, cuts ...int) []PathRange {
	var rs []PathRange
	at := 0
	for _, c := range append(cuts, cfg.Paths) {
		rs = append(rs, PathRange{cfg.FirstPath + uint64(at), cfg.FirstPath + uint64(c)})
		at = c
	}
	return rs
}

// runShards runs each range as a partial, writes and reads it back.
func runShards(t *testing.T, sc *model.Scenario, cfg Config, rs []PathRange, opt PartialOptions) []*Partial {
	t.Helper()
	parts := make([]*Partial, len(rs))
	for i, rg := range rs {
		p, err := RunPartial(context.Background(), sc, cfg, rg, opt)
		if err != nil {
			t.Fatalf("shard %d %v: %v", i, rg, err)
		}
		var b bytes.Buffer
		if err := p.WritePartial(&b); err != nil {
			t.Fatal(err)
		}
		if parts[i], err = ReadPartial(&b); err != nil {
			t.Fatalf("shard %d read back: %v", i, err)
		}
	}
	return parts
}

// mergedResult merges parts in a shuffled order and returns the Result.
func mergedResult(t *testing.T, sc *model.Scenario, parts []*Partial, seed uint64) *Result {
	t.Helper()
	shuffled := append([]*Partial(nil), parts...)
	rand.New(rand.NewPCG(seed, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	m, err := MergePartials(shuffled...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Result(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var partialConfigs = []Config{
	{Paths: 3000, Seed: 7, Workers: 2, Antithetic: true, BandPaths: 500},
	{Paths: 2001, Seed: 3, Workers: 2, NPVSamplesOnly: true, FirstPath: 1001, BandPaths: 300},
}

// TestMergedShardsEqualSingleRun: the shards of a run, 1, 2 and 7 of
// uneven sizes, merged in any order, give the single run's Result JSON
// byte for byte (with samples), with or without antithetic pairs and
// NPVSamplesOnly, from a FirstPath above 0.
func TestMergedShardsEqualSingleRun(t *testing.T) {
	sc := model.DefaultScenario()
	for _, cfg := range partialConfigs {
		single, err := Run(context.Background(), &sc, cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := resultJSON(t, single)
		for _, rs := range [][]PathRange{
			cutsOf(cfg),
			cutsOf(cfg, 1200),
			cutsOf(cfg, 2, 250, 600, 1400, 1402, 1900),
		} {
			parts := runShards(t, &sc, cfg, rs, PartialOptions{Samples: true})
			for seed := range uint64(2) {
				if got := resultJSON(t, mergedResult(t, &sc, parts, seed)); got != want {
					t.Fatalf("%d shards merged (order %d): the JSON differs from the single run's:\n%s", len(rs), seed, firstDiff(got, want))
				}
			}
		}
	}
}

// firstDiff returns the lines around the first difference of a and b.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] && !strings.Contains(la[i], "checksum") {
			return "merged: " + la[i] + "\nsingle: " + lb[i]
		}
	}
	return "lengths differ"
}

// TestMergeAssociative: merging merged partials, grouped two ways, gives
// the same Result.
func TestMergeAssociative(t *testing.T) {
	sc := model.DefaultScenario()
	cfg := partialConfigs[0]
	for _, samples := range []bool{true, false} {
		p := runShards(t, &sc, cfg, cutsOf(cfg, 700, 1800), PartialOptions{Samples: samples})
		ab, err := MergePartials(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		cb, err := MergePartials(p[2], p[1])
		if err != nil {
			t.Fatal(err)
		}
		left, err := MergePartials(ab, p[2])
		if err != nil {
			t.Fatal(err)
		}
		right, err := MergePartials(cb, p[0])
		if err != nil {
			t.Fatal(err)
		}
		rl, err := left.Result(context.Background(), &sc)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := right.Result(context.Background(), &sc)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := resultJSON(t, rl), resultJSON(t, rr); a != b {
			t.Errorf("samples=%v: (a+b)+c and (c+b)+a differ:\n%s", samples, firstDiff(a, b))
		}
	}
}

// TestCompactMerge: compact partials merged give the single run's exact
// figures bit for bit and its other quantiles within SketchRelError.
func TestCompactMerge(t *testing.T) {
	sc := model.DefaultScenario()
	for _, cfg := range partialConfigs {
		single, err := Run(context.Background(), &sc, cfg)
		if err != nil {
			t.Fatal(err)
		}
		parts := runShards(t, &sc, cfg, cutsOf(cfg, 2, 250, 600, 1400, 1402, 1900), PartialOptions{})
		got := mergedResult(t, &sc, parts, 3)
		if got.Run.Quantiles != QuantilesSketch || got.Run.SketchRankError <= 0 || got.Run.SketchRankError > 0.01 {
			t.Errorf("Run.Quantiles %q, SketchRankError %g: want %q and a small positive error", got.Run.Quantiles, got.Run.SketchRankError, QuantilesSketch)
		}
		for j, w := range single.Strategies {
			g := got.Strategies[j]
			sketched := []struct {
				name string
				g, w float64
			}{
				{"p10", g.Quantiles.P10, w.Quantiles.P10}, {"p25", g.Quantiles.P25, w.Quantiles.P25},
				{"p50", g.Quantiles.P50, w.Quantiles.P50}, {"p75", g.Quantiles.P75, w.Quantiles.P75},
				{"p90", g.Quantiles.P90, w.Quantiles.P90}, {"p95", g.Quantiles.P95, w.Quantiles.P95},
				{"p99", g.Quantiles.P99, w.Quantiles.P99}, {"irr median", g.IRR.MedianPerYear, w.IRR.MedianPerYear},
				{"irr p5", g.IRR.P5PerYear, w.IRR.P5PerYear}, {"irr p95", g.IRR.P95PerYear, w.IRR.P95PerYear},
			}
			for _, s := range sketched {
				if math.Abs(s.g-s.w) > SketchRelError*math.Abs(s.w) {
					t.Errorf("%s %s: sketch %v, exact %v: beyond SketchRelError", w.Name, s.name, s.g, s.w)
				}
			}
			g.Quantiles.P10, g.Quantiles.P25, g.Quantiles.P50, g.Quantiles.P75 = w.Quantiles.P10, w.Quantiles.P25, w.Quantiles.P50, w.Quantiles.P75
			g.Quantiles.P90, g.Quantiles.P95, g.Quantiles.P99 = w.Quantiles.P90, w.Quantiles.P95, w.Quantiles.P99
			g.IRR.MedianPerYear, g.IRR.P5PerYear, g.IRR.P95PerYear = w.IRR.MedianPerYear, w.IRR.P5PerYear, w.IRR.P95PerYear
			if g != w {
				t.Errorf("%s: the exact figures differ:\nmerged %+v\nsingle %+v", w.Name, g, w)
			}
		}
		for j, w := range single.Comparisons {
			g := got.Comparisons[j]
			g.DiffQuantiles = w.DiffQuantiles
			if g != w {
				t.Errorf("comparison %s: merged %+v, single %+v", w.Name, g, w)
			}
		}
		got.Strategies, got.Comparisons, got.Run.Quantiles, got.Run.SketchRankError = single.Strategies, single.Comparisons, "", 0
		got.NPV, got.IRRPerYear, got.PaybackMonths = single.NPV, single.IRRPerYear, single.PaybackMonths
		if a, b := resultJSON(t, got), resultJSON(t, single); a != b {
			t.Errorf("the rest of the Result (bands, config, run) differs:\n%s", firstDiff(a, b))
		}
	}
}

// TestMergeErrors: a missing, duplicated or foreign shard is a clear
// error naming what is wrong.
func TestMergeErrors(t *testing.T) {
	sc := model.DefaultScenario()
	cfg := partialConfigs[0]
	p := runShards(t, &sc, cfg, cutsOf(cfg, 1000, 2000), PartialOptions{Samples: true})
	m, err := MergePartials(p[0], p[2])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Result(context.Background(), &sc); err == nil || !strings.Contains(err.Error(), "missing paths [1000, 2000)") {
		t.Errorf("missing shard: error %v, want one naming [1000, 2000)", err)
	}
	if _, err := MergePartials(p[0], p[1], p[1]); err == nil || !strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "[1000, 2000)") {
		t.Errorf("duplicated shard: error %v", err)
	}
	other := cfg
	other.Seed++
	q := runShards(t, &sc, other, cutsOf(other, 1000, 2000), PartialOptions{Samples: true})
	if _, err := MergePartials(p[0], q[1], p[2]); err == nil || !strings.Contains(err.Error(), "partial 1 is of another run") || !strings.Contains(err.Error(), "config") {
		t.Errorf("foreign shard (another seed): error %v", err)
	}
	sc2 := sc
	sc2.Finance.DiscountRatePerYear += 0.01
	r := runShards(t, &sc2, cfg, cutsOf(cfg, 1000, 2000), PartialOptions{Samples: true})
	if _, err := MergePartials(p[0], r[1], p[2]); err == nil || !strings.Contains(err.Error(), "scenarioSHA256") {
		t.Errorf("foreign shard (another scenario): error %v", err)
	}
	c := runShards(t, &sc, cfg, cutsOf(cfg, 1000, 2000), PartialOptions{})
	if _, err := MergePartials(p[0], c[1], p[2]); err == nil || !strings.Contains(err.Error(), "samples") {
		t.Errorf("compact with samples: error %v", err)
	}
	all, err := MergePartials(p...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := all.Result(context.Background(), &sc2); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("Result of another scenario: error %v", err)
	}
	for _, bad := range []PathRange{{0, 0}, {1, 100}, {0, 3002}, {2990, 4000}} {
		if _, err := RunPartial(context.Background(), &sc, cfg, bad, PartialOptions{}); err == nil || !strings.Contains(err.Error(), "range") {
			t.Errorf("RunPartial(%v): error %v, want one naming the range", bad, err)
		}
	}
}

// TestShardRange: N shards cover the run exactly, in whole pairs.
func TestShardRange(t *testing.T) {
	cfg := Config{Paths: 3000, FirstPath: 10, Antithetic: true}
	for _, n := range []int{1, 2, 7, 1500} {
		at := cfg.FirstPath
		for i := range n {
			rg, err := ShardRange(cfg, i, n)
			if err != nil {
				t.Fatal(err)
			}
			if rg.From != at || rg.To <= rg.From || rg.From%2 != 0 || rg.To-rg.From > uint64(2*(1500/n+1)) {
				t.Fatalf("shard %d of %d: %v after %d", i, n, rg, at)
			}
			at = rg.To
		}
		if at != cfg.FirstPath+3000 {
			t.Errorf("%d shards end at %d, want 3010", n, at)
		}
	}
	for _, c := range [][2]int{{0, 0}, {-1, 2}, {2, 2}, {0, 1501}} {
		if _, err := ShardRange(cfg, c[0], c[1]); err == nil {
			t.Errorf("ShardRange(%d, %d): no error", c[0], c[1])
		}
	}
}

// TestRunPartialRefusesWhatItCannotMerge: a shard of a run whose parts no
// partial keeps yet (RQMC replicates, capital structures, real options) is
// refused before it runs, naming the field.
func TestRunPartialRefusesWhatItCannotMerge(t *testing.T) {
	base := model.DefaultScenario()
	cfg := Config{Paths: 400, Seed: 1, Workers: 1}
	rqmc := cfg
	rqmc.Sampling, rqmc.Replicates = RQMC, 4
	funded := model.DefaultScenario()
	funded.Funding = []funding.Structure{funding.DefaultStructure(funded.StrategyNames()[1])}
	option := model.DefaultScenario()
	o := model.DefaultRealOption()
	o.CalibrationPaths = 1000
	option.Strategies = append(option.Strategies, model.NewRealOption(1, 1, site.DefaultLease(), o))
	for _, tc := range []struct {
		name string
		sc   *model.Scenario
		cfg  Config
		want string
	}{
		{"rqmc", &base, rqmc, "sampling"},
		{"funding", &funded, cfg, "scenario.funding"},
		{"real option", &option, cfg, "scenario.strategies[3].kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RunPartial(context.Background(), tc.sc, tc.cfg, PathRange{From: 0, To: 200}, PartialOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one naming %q", err, tc.want)
			}
		})
	}
}
