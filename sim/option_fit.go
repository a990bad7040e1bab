package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// optionStream is the family number of the calibration seed (ASCII "lsm").
const optionStream = 0x6c736d

// OptionCalibrationSeed returns the seed of the calibration paths of the
// real options of a run with seed seed: dist.Substream(seed, 0x6c736d).
// Its paths are independent of the run's own (the pricing paths): their
// streams come from another key.
func OptionCalibrationSeed(seed uint64) uint64 { return dist.Substream(seed, optionStream) }

// OptionFit is the fitted rule of one real option and how it was found.
type OptionFit struct {
	// Strategy is the index of the strategy in the scenario's Strategies.
	Strategy int
	// Rule is the fitted rule; Fit its regression's diagnostics.
	Rule *site.ConversionRule
	Fit  *lsm.Diagnostics
	// Seed and Paths are the calibration paths' seed and number.
	Seed  uint64
	Paths int
	// Steps are the decision steps; BlockMW is one block's gross MW.
	Steps   []int
	BlockMW float64
	// Range holds per decision date the 1st percentile, median and 99th
	// percentile of each coordinate's level on the calibration paths.
	Range [][][3]float64
	// Simulation and Regression are the wall times of the two parts.
	Simulation, Regression time.Duration
}

// FitOptions fits the rule of every strategy of kind realOption of sc that
// has none, by least-squares Monte Carlo on calibration paths of the seed
// OptionCalibrationSeed(cfg.Seed) (the paths 0..CalibrationPaths−1, in
// antithetic pairs when cfg.Antithetic; cfg.FirstPath does not move them),
// on cfg.Workers goroutines (the result does not depend on their number).
// It returns a copy of sc whose real options hold their rules, which Run
// then prices on its own paths, and the fits (none if sc has no real
// option to fit: the copy is then sc itself). Run calls it; call it
// yourself to fit once and run the fitted scenario several times.
func FitOptions(ctx context.Context, sc *model.Scenario, cfg Config) (*model.Scenario, []*OptionFit, error) {
	if sc == nil {
		return nil, nil, fmt.Errorf("sim: FitOptions: nil scenario")
	}
	var todo []int
	for j, sp := range sc.Strategies {
		if sp.Kind == model.KindRealOption && sp.Fitted == nil {
			todo = append(todo, j)
		}
	}
	if len(todo) == 0 {
		return sc, nil, nil
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, fmt.Errorf("sim: config: %w", err)
	}
	if err := sc.Validate(); err != nil {
		return nil, nil, err
	}
	cfg = cfg.resolved()
	out := *sc
	out.Strategies = slices.Clone(sc.Strategies)
	var fits []*OptionFit
	for _, j := range todo {
		f, err := fitOption(ctx, sc, j, cfg)
		if err != nil {
			return nil, nil, err
		}
		out.Strategies[j].Fitted = f.Rule
		fits = append(fits, f)
	}
	return &out, fits, nil
}

// fitOption fits strategy j of sc.
func fitOption(ctx context.Context, sc *model.Scenario, j int, cfg Config) (*OptionFit, error) {
	sp := sc.Strategies[j]
	fail := func(err error) error { return fmt.Errorf("sim: real option %q: %w", sp.Name(), err) }
	_, fin := sc.Valued()
	env := site.Env{Facility: sc.Facility, Finance: fin, DtYears: fin.DtYears(), Steps: fin.Steps()}
	probe, err := sp.OptionProbe(env)
	if err != nil {
		return nil, err
	}
	o := sp.OptionSettings()
	f := &OptionFit{Strategy: j, Seed: OptionCalibrationSeed(cfg.Seed), Paths: o.CalibrationPaths, Steps: probe.Steps, BlockMW: probe.BlockMW}
	start := time.Now()
	samples, err := simulateProbe(ctx, sc, probe, f.Seed, f.Paths, cfg)
	if err != nil {
		return nil, fail(err)
	}
	f.Simulation = time.Since(start)
	start = time.Now()
	rule, diag, err := lsm.Fit(ctx, samples, sp.OptionFitConfig())
	if err != nil {
		return nil, fail(err)
	}
	f.Regression = time.Since(start)
	if f.Rule, err = site.NewConversionRule(rule, probe.State, probe.Steps); err != nil {
		return nil, fail(err)
	}
	f.Fit = diag
	f.Range = stateRange(samples)
	return f, nil
}

// simulateProbe runs the probe on paths 0..n−1 of seed (mirrored in pairs
// with cfg.Antithetic) on cfg.Workers goroutines and returns what it
// gathered, each path at its own index.
func simulateProbe(ctx context.Context, sc *model.Scenario, probe site.ConversionProbe, seed uint64, n int, cfg Config) (*lsm.Samples, error) {
	cal := *sc
	cal.Strategies, cal.Custom = nil, []site.Strategy{probe}
	plan, err := model.NewPlan(&cal)
	if err != nil {
		return nil, err
	}
	s := lsm.NewSamples(n, len(probe.Steps), probe.State.Dim(), true)
	var next atomic.Int64
	var stop atomic.Bool
	errs := make([]error, min(cfg.Workers, n))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = probeWorker(ctx, plan, s, seed, cfg.Antithetic, &next, &stop)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// probeWorker claims calibration paths until none is left and writes what
// the probe gathered on each into s.
func probeWorker(ctx context.Context, plan *model.Plan, s *lsm.Samples, seed uint64, antithetic bool, next *atomic.Int64, stop *atomic.Bool) (err error) {
	path, err := plan.NewSimulator()
	if err != nil {
		return err
	}
	pr, ok := path.Runner(0).(*site.ProbeRunner)
	if !ok {
		return fmt.Errorf("the calibration strategy's runner is a %T, not a *site.ProbeRunner", path.Runner(0))
	}
	i := -1
	defer func() {
		if v := recover(); v != nil {
			stop.Store(true)
			err = fmt.Errorf("calibration path %d of seed %d: panic: %v", i, seed, v)
		}
	}()
	for {
		i = int(next.Add(1) - 1)
		if i >= s.Paths || stop.Load() || ctx.Err() != nil {
			return nil
		}
		idx, mirror := uint64(i), antithetic && i&1 == 1
		if mirror {
			idx--
		}
		path.Reset(seed, idx, mirror)
		for k := 1; k <= plan.Steps(); k++ {
			if k%stopCheckSteps == 0 && ctx.Err() != nil {
				return nil
			}
			path.Step()
		}
		for d := range s.Dates {
			copy(s.StateAt(d, i), pr.State(d))
			s.Exercise[s.At(d, i)] = pr.Exercise(d)
			s.Hold[s.At(d, i)] = pr.Hold(d)
		}
	}
}

// stateRange returns per date the 1st percentile, median and 99th
// percentile (type 1) of each coordinate's level on the samples' paths
// (e^x of a logarithm; the regime coordinate, the last when the state has
// one, as it is, 0 or 1: callers read it through the rule's OptionState).
func stateRange(s *lsm.Samples) [][][3]float64 {
	out := make([][][3]float64, s.Dates)
	v := make([]float64, s.Paths)
	for d := range out {
		out[d] = make([][3]float64, s.Dim)
		for c := range s.Dim {
			for i := range v {
				v[i] = s.StateAt(d, i)[c]
			}
			slices.Sort(v)
			for q, p := range []float64{0.01, 0.5, 0.99} {
				out[d][c][q] = Quantile(v, p)
			}
		}
	}
	return out
}

// levels turns the logarithms of a state's series coordinates into levels
// (the regime coordinate stays as it is).
func levels(state site.OptionState, r [3]float64, c int) [3]float64 {
	if c < len(state.Series) {
		for q := range r {
			r[q] = math.Exp(r[q])
		}
	}
	return r
}

// OptionMemory returns an estimate of the heap, in bytes, that fitting and
// recording the real options of sc adds to a Run with cfg (RunMemory
// counts the rest): per option without a rule, N = CalibrationPaths, D
// decision dates, a state of d coordinates, p basis functions and B
// blocks, the samples N·D·(d+2)·8, the regression's design, its copy and
// the decomposition's left vectors 3·N·p·8, its targets and fitted values
// 2·N·(B+1)·8, the values carried back 2·N·(B+1)·8, and the record of the
// pricing paths' conversions, 4·B bytes per path. Options it cannot size
// (an invalid scenario, which Run refuses) count 0.
func OptionMemory(sc *model.Scenario, cfg Config) int64 {
	var total int64
	env := site.Env{DtYears: sc.Finance.DtYears(), Steps: sc.Finance.Steps()}
	for _, sp := range sc.Strategies {
		if sp.Kind != model.KindRealOption || sp.Fitted != nil || sp.Validate() != nil || sc.Finance.Validate() != nil {
			continue
		}
		steps, err := sp.Decisions(env)
		if err != nil {
			continue
		}
		o, fit := sp.OptionSettings(), sp.OptionFitConfig()
		n, dates, dim := int64(o.CalibrationPaths), int64(len(steps)), int64(fit.Basis.Dim())
		p, b := int64(fit.Basis.Len()), int64(max(sp.Phases, 1))
		total += n*dates*(dim+2)*8 + 3*n*p*8 + 4*n*(b+1)*8 + int64(max(cfg.maxPaths(), 0))*b*4
	}
	return total
}
