package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
)

// PartialFormat is the version of the Partial file format (WritePartial).
const PartialFormat = 1

// Partial is what a shard of a run produces: everything the run's
// statistics need from the paths it ran, so that MergePartials of the
// shards and Partial.Result give the Result of the whole run.
//
// Two kinds, chosen by PartialOptions.Samples:
//
//   - with samples (exact): every path's NPV, IRR and payback (or, with
//     Config.NPVSamplesOnly, the NPV, the IRR as float32 and the payback
//     counts), 24 bytes per path per strategy (12); the merged Result
//     equals the single run's bit for bit, its JSON byte for byte (but
//     for the timing figures of Result.Run), quantiles and intervals
//     included;
//   - compact (no samples): exact sums (xsum.Moments) of the NPVs, of
//     the antithetic pair means and of the paired differences, counts of
//     losses and wins, the minimum and maximum, the payback counts per
//     step, the TailK smallest NPVs of every strategy (TailK = the upper
//     rank of the 95 % VaR's interval at the whole run's size, a little
//     over ⌈n·0.05⌉, 8 bytes each), and QuantileSketches of the NPVs, the
//     defined IRRs and the differences. The merged Result's means,
//     standard errors, intervals of the mean, VaR and ES at 95 % and 99 %
//     with their intervals, the 1 % and 5 % quantiles, probabilities of
//     loss and of beating the baseline, IRR means and payback figures are
//     the single run's bit for bit; the other quantiles (the NPVs' 10 % to
//     99 %, the IRRs', the differences') come from the sketches, within
//     SketchRelError, and Result.Run.Quantiles says "sketch".
//
// In both kinds the fan-chart bands are exact: they are computed from the
// run's first BandPaths paths, whose values the shards running them keep.
// A Partial covers a set of disjoint path ranges of one run, identified
// by the scenario's SHA-256, the Config (but for Workers) and the library
// version; MergePartials refuses partials of different runs, overlapping
// ranges, or different kinds.
type Partial struct {
	// Format is PartialFormat.
	Format int
	// Library is the version of this module that ran the paths.
	Library string
	// ScenarioSHA256 is the SHA-256 of the scenario's JSON.
	ScenarioSHA256 string
	// Scenario is the scenario run (its custom strategies are not kept).
	Scenario *model.Scenario
	// Config is the whole run's, with its defaults filled in and Workers
	// the most any shard used.
	Config Config
	// Names are the strategies' names; Steps the steps per path, DtYears
	// their length.
	Names   []string
	Steps   int
	DtYears float64
	// Samples reports the kind: every path's samples, or compact.
	Samples bool
	// TailK is how many smallest NPVs per strategy a compact partial
	// keeps (0 with samples).
	TailK int
	// Ranges are the path ranges [from, to) covered, ascending, disjoint.
	Ranges []PathRange
	// Chunks hold the samples of each range (with samples) and the band
	// paths' values it ran, in the order of Ranges.
	Chunks []PartialChunk
	// Stats holds the compact statistics of each strategy; Diffs those of
	// each strategy after the first against the first (compact only).
	Stats []StrategyStats
	Diffs []DiffStats
	// WallSeconds is the shards' wall times added up.
	WallSeconds float64
}

// PathRange is the range of path indices [From, To).
type PathRange struct{ From, To uint64 }

// PartialOptions chooses what a shard keeps.
type PartialOptions struct {
	// Samples keeps every path's samples (exact quantiles); false keeps
	// the compact statistics (see Partial).
	Samples bool
}

// ShardRange returns shard i's path range of N equal shards of a run of
// cfg: the run's paths split as evenly as possible in whole pairs with
// Antithetic, the first shards taking one more path (pair) when they do
// not divide evenly. It returns an error if i is not in [0, N) or N is
// not in [1, the run's paths (pairs)].
func ShardRange(cfg Config, i, n int) (PathRange, error) {
	unit := 1
	if cfg.Antithetic {
		unit = 2
	}
	units := cfg.Paths / unit
	var c valid.Checker
	c.Int("shards", int64(n), 1, int64(max(units, 1)))
	c.Int("shard", int64(i), 0, int64(max(n-1, 0)))
	if cfg.TargetStdErrUSD != 0 {
		c.Add("targetStdErrUSD", cfg.TargetStdErrUSD, "0 for a sharded run (shard rounds of fixed size instead: see Partial.MaxStderr)")
	}
	if err := c.Err(); err != nil {
		return PathRange{}, err
	}
	q, r := units/n, units%n
	from := i*q + min(i, r)
	to := from + q
	if i < r {
		to++
	}
	return PathRange{From: cfg.FirstPath + uint64(from*unit), To: cfg.FirstPath + uint64(to*unit)}, nil
}

// scenarioSHA256 returns the hex SHA-256 of sc's JSON.
func scenarioSHA256(sc *model.Scenario) (string, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// RunPartial runs the paths rg of the run that sc and cfg describe (cfg
// is the whole run's: Paths, FirstPath) and returns their Partial. It
// checks cfg and sc as Run does, and that rg lies within the run
// (aligned to pairs with Antithetic); a run in target-standard-error mode
// or with real options cannot be sharded (an error says so).
func RunPartial(ctx context.Context, sc *model.Scenario, cfg Config, rg PathRange, opt PartialOptions) (*Partial, error) {
	if err := checkPartialRun(sc, cfg, rg); err != nil {
		return nil, err
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	cfg = cfg.resolved()
	start := time.Now()
	p, err := newPartial(sc, cfg, plan, opt)
	if err != nil {
		return nil, err
	}
	shard := cfg
	shard.FirstPath, shard.Paths = rg.From, int(rg.To-rg.From)
	// The shard's band slots are the run's band paths it runs: offsets
	// below FirstPath+BandPaths−From.
	shard.BandPaths = int(max(0, min(int64(rg.To), int64(cfg.FirstPath)+int64(min(cfg.BandPaths, cfg.Paths)))-int64(rg.From)))
	r := newRun(plan, shard)
	if err := r.makeWorkers(); err != nil {
		return nil, err
	}
	stopProgress := r.startProgress()
	n, _, _, err := r.runAll(ctx)
	stopProgress()
	if err != nil {
		return nil, err
	}
	if err := p.take(ctx, r, rg, n); err != nil {
		return nil, err
	}
	p.WallSeconds = time.Since(start).Seconds()
	return p, nil
}

// checkPartialRun checks a shard's arguments.
func checkPartialRun(sc *model.Scenario, cfg Config, rg PathRange) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("sim: config: %w", err)
	}
	var c valid.Checker
	if cfg.TargetStdErrUSD != 0 {
		c.Add("targetStdErrUSD", cfg.TargetStdErrUSD, "0 for a sharded run (shard rounds of fixed size instead: see Partial.MaxStderr)")
	}
	end := cfg.FirstPath + uint64(cfg.Paths)
	if rg.From < cfg.FirstPath || rg.To > end || rg.From >= rg.To {
		c.Add("range", fmt.Sprintf("[%d, %d)", rg.From, rg.To), fmt.Sprintf("a non-empty part of the run's paths [%d, %d)", cfg.FirstPath, end))
	}
	if cfg.Antithetic && (rg.From%2 != 0 || rg.To%2 != 0) {
		c.Add("range", fmt.Sprintf("[%d, %d)", rg.From, rg.To), "even ends with antithetic (pairs are paths 2k, 2k+1)")
	}
	if cfg.Sampling == RQMC {
		c.Add("sampling", cfg.Sampling, "pseudo-random in a sharded run (the replicates' spread is not kept in a partial yet)")
	}
	if len(sc.Funding) > 0 {
		c.Add("scenario.funding", fmt.Sprintf("%d capital structure(s)", len(sc.Funding)), "none in a sharded run (the funding outputs are not kept in a partial yet; shard the project run)")
	}
	for i, sp := range sc.Strategies {
		if sp.Kind == model.KindRealOption {
			c.Add(fmt.Sprintf("scenario.strategies[%d].kind", i), sp.Kind, "not realOption in a sharded run (its fit and summary are not mergeable yet)")
		}
	}
	return c.Err()
}

// newPartial returns an empty Partial of the run of sc, cfg (resolved).
func newPartial(sc *model.Scenario, cfg Config, plan *model.Plan, opt PartialOptions) (*Partial, error) {
	sum, err := scenarioSHA256(sc)
	if err != nil {
		return nil, fmt.Errorf("sim: scenario: %w", err)
	}
	cfg.Progress, cfg.ProgressInterval, cfg.Observers = nil, 0, nil
	p := &Partial{
		Format:         PartialFormat,
		Library:        thisProvenance().Library,
		ScenarioSHA256: sum,
		Scenario:       sc,
		Config:         cfg,
		Names:          plan.StrategyNames(),
		Steps:          plan.Steps(),
		DtYears:        plan.DtYears(),
		Samples:        opt.Samples,
	}
	if !opt.Samples {
		p.TailK = tailKeep(cfg.Paths)
		p.Stats = make([]StrategyStats, len(p.Names))
		p.Diffs = make([]DiffStats, max(len(p.Names)-1, 0))
	}
	return p, nil
}

// tailKeep returns how many smallest NPVs a compact partial of a run of n
// paths keeps: the upper order-statistic rank of the 95 % interval on the
// 95 % VaR (orderStatRanks), which every tail figure reads below, or n
// when that interval does not exist.
func tailKeep(n int) int {
	_, u, ok := orderStatRanks(n, 1-0.95, 0.95)
	if !ok {
		return n
	}
	return max(u, rank(n, 0.05))
}

// take moves the results of r, a shard's run of the n paths rg, into p.
func (p *Partial) take(ctx context.Context, r *run, rg PathRange, n int) error {
	ch := PartialChunk{Range: rg}
	if r.bands != nil {
		ch.Bands = &PartialBands{K: r.bands.k, Vals: r.bands.vals, Halv: r.bands.halv}
	}
	counts := make([][]int64, r.nStrat)
	if r.cfg.NPVSamplesOnly {
		for j := range counts {
			counts[j] = make([]int64, r.steps+1)
			for _, w := range r.workers {
				for k, c := range w.pbCount[j] {
					counts[j][k] += c
				}
			}
		}
	}
	p.Ranges = []PathRange{rg}
	if p.Samples {
		ch.NPV = trim(r.npv, n)
		ch.IRR, ch.Payback = trim(r.irr, n), trim(r.payback, n)
		if r.cfg.NPVSamplesOnly {
			ch.IRR32 = make([][]float32, r.nStrat)
			for j := range ch.IRR32 {
				ch.IRR32[j] = r.irr32[j][:n:n]
			}
			ch.PaybackCounts = counts
		}
		p.Chunks = []PartialChunk{ch}
		return nil
	}
	p.Chunks = []PartialChunk{ch}
	return p.addCompact(ctx, r, n, counts)
}

// trim returns the first n values of each slice of xs (nil for nil).
func trim(xs [][]float64, n int) [][]float64 {
	if xs == nil {
		return nil
	}
	out := make([][]float64, len(xs))
	for j := range xs {
		out[j] = xs[j][:n:n]
	}
	return out
}

// PartialChunk holds what a Partial keeps of one path range: the samples
// (with PartialOptions.Samples), by strategy then path, and the values of
// the run's band paths in the range.
type PartialChunk struct {
	Range         PathRange
	NPV           [][]float64
	IRR           [][]float64 // nil with NPVSamplesOnly
	Payback       [][]float64 // nil with NPVSamplesOnly
	IRR32         [][]float32 // with NPVSamplesOnly
	PaybackCounts [][]int64   // with NPVSamplesOnly: paths per payback step
	Bands         *PartialBands
}

// PartialBands is a shard's part of the band store: K slots (the run's band
// paths from the chunk's first path on), laid out as bandStore's.
type PartialBands struct {
	K    int
	Vals [][]float32
	Halv []uint8
}

// Paths returns the number of paths p covers.
func (p *Partial) Paths() int {
	var n uint64
	for _, r := range p.Ranges {
		n += r.To - r.From
	}
	return int(n)
}

// MaxStderr returns the largest standard error of a strategy's mean NPV
// over the paths p covers (pair means with Antithetic), USD: what a
// sharded target-standard-error study compares with its target after
// each round of shards (see docs/SCALEOUT.md).
func (p *Partial) MaxStderr() float64 {
	var m float64
	if !p.Samples {
		for j := range p.Stats {
			m = math.Max(m, p.Stats[j].stderr(p.Config.Antithetic))
		}
		return m
	}
	for j := range p.Names {
		var all []float64
		for _, c := range p.Chunks {
			all = append(all, c.NPV[j]...)
		}
		m = math.Max(m, meanSE(all, p.Config.Antithetic))
	}
	return m
}

// sameRun reports how q differs from p's run, or nil.
func (p *Partial) sameRun(q *Partial) error {
	var c valid.Checker
	if q.Format != p.Format {
		c.Add("format", q.Format, fmt.Sprint(p.Format))
	}
	if q.Library != p.Library {
		c.Add("library", q.Library, fmt.Sprintf("%q (the first partial's)", p.Library))
	}
	if q.ScenarioSHA256 != p.ScenarioSHA256 {
		c.Add("scenarioSHA256", q.ScenarioSHA256, p.ScenarioSHA256+" (another scenario)")
	}
	a, b := p.Config, q.Config
	a.Workers, b.Workers = 0, 0
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		c.Add("config", string(jb), string(ja)+" (another run: seed, paths, first path or options differ)")
	}
	if !slices.Equal(p.Names, q.Names) || p.Steps != q.Steps || p.DtYears != q.DtYears {
		c.Add("strategies", fmt.Sprintf("%q, %d steps", q.Names, q.Steps), fmt.Sprintf("%q, %d steps", p.Names, p.Steps))
	}
	if p.Samples != q.Samples {
		c.Add("samples", q.Samples, fmt.Sprintf("%v (partials with and without samples do not merge)", p.Samples))
	}
	return c.Err()
}
