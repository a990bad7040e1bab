package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/model"
)

// TornadoRow is one input's line of a tornado study: the measure of one
// strategy with the input at its low, base and high value, every run on the
// same paths (same Config), so the differences are paired.
type TornadoRow struct {
	// Input names the input, Unit is the unit of Low, Base and High, Field
	// its path in the scenario file and Source where the range comes from
	// (from model.InputRange).
	Input  string `json:"input"`
	Unit   string `json:"unit"`
	Field  string `json:"field"`
	Source string `json:"source"`
	// Low, Base and High are the input's values, in Unit; Base is its
	// value in the scenario.
	Low  float64 `json:"low"`
	Base float64 `json:"base"`
	High float64 `json:"high"`
	// AtLow, AtBase and AtHigh are the measure with the input at Low, Base
	// and High, in the measure's unit (USD, or a share).
	AtLow  float64 `json:"atLow"`
	AtBase float64 `json:"atBase"`
	AtHigh float64 `json:"atHigh"`
	// LowStderr and HighStderr are the paired standard errors of
	// AtLow − AtBase and AtHigh − AtBase (see Measure.Diff).
	LowStderr  float64 `json:"lowStderr"`
	HighStderr float64 `json:"highStderr"`
	// Swing is AtHigh − AtLow, and SwingStderr its paired standard error.
	// An input that does not touch the strategy has a swing of exactly 0,
	// with standard error 0.
	Swing       float64 `json:"swing"`
	SwingStderr float64 `json:"swingStderr"`
}

// Tornado runs a one-at-a-time sensitivity study of the strategy called
// strategy in sc: a base run, then for each input a run with it at its Low
// and a run with it at its High value (the others at their base values),
// and reports the measure of the strategy's NPV in each. The rows come
// sorted by |Swing|, largest first (ties keep the order of inputs), the
// order of a tornado chart.
//
// Every run uses cfg as it is (Seed, Paths, FirstPath, Antithetic), so all
// see the same random streams: the market and the strategy draw the same
// numbers on path i of every run, and a swing measures the input's effect,
// not Monte Carlo noise. Each difference carries its paired standard error
// (Measure.Diff).
//
// The runs simulate only the studied strategy (model.Scenario.Only, whose
// results per path are those of the full scenario), and keep no bands
// (cfg.Bands and cfg.BandPaths are ignored). Base is the input's Get on
// that one-strategy scenario. A side whose value equals Base is not run
// again: it is the base run. cfg.Progress, if set, is told the paths done
// and planned across all 1 + 2·len(inputs) runs. Target-standard-error
// mode is refused (runs that stop at different path counts are not
// paired), and so are cfg.Observers (they would see every run's paths).
// WithSamples keeps every run's per-path NPV, IRR and payback: the base
// run, then each input's low and high side, in the order of inputs.
//
// It returns an error for a nil scenario, an invalid cfg or measure, no
// inputs, an invalid input range (model.InputRange.Validate), an unknown
// strategy, and any run's error (naming the input and value); ctx.Err() if
// ctx is cancelled.
func Tornado(ctx context.Context, sc *model.Scenario, strategy string, inputs []model.InputRange, cfg Config, measure Measure, opts ...SweepOption) ([]TornadoRow, error) {
	o := applySweepOptions(opts)
	if err := tornadoCheck(sc, &cfg, inputs, measure); err != nil {
		return nil, fmt.Errorf("sim: tornado: %w", err)
	}
	base, err := sc.Only(strategy)
	if err != nil {
		return nil, fmt.Errorf("sim: tornado: %w", err)
	}
	t := &tornado{ctx: ctx, base: base, cfg: cfg, measure: measure, runs: 1 + 2*len(inputs)}
	t.cfgAt = progressShare(cfg, t.runs)
	baseRes, err := Run(ctx, &t.base, t.cfgAt(0))
	if err != nil {
		return nil, err
	}
	if t.baseVal, t.basePsi, err = measure.influence(baseRes.NPV[0]); err != nil {
		return nil, err
	}
	if o.samples != nil {
		t.keep = &SweepSamples{FirstPath: cfg.FirstPath, Antithetic: cfg.Antithetic, Runs: make([]SweepRun, 1, t.runs)}
		t.keep.Runs[0] = sweepRun("base", baseRes, 0)
	}
	rows := make([]TornadoRow, len(inputs))
	for i, in := range inputs {
		if rows[i], err = t.row(i, in); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(rows, func(a, b TornadoRow) int {
		x, y := math.Abs(a.Swing), math.Abs(b.Swing)
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	if o.samples != nil {
		*o.samples = *t.keep
	}
	return rows, nil
}

// tornadoCheck validates a tornado study's arguments, and makes cfg a
// sweep's (see sweepConfig).
func tornadoCheck(sc *model.Scenario, cfg *Config, inputs []model.InputRange, measure Measure) error {
	if sc == nil {
		return errors.New("nil scenario")
	}
	if err := sweepConfig(cfg); err != nil {
		return err
	}
	if !measure.ok() {
		return fmt.Errorf("measure %d: must be one of mean, es95, es99, probLoss", int(measure))
	}
	if len(inputs) == 0 {
		return errors.New("no inputs")
	}
	for _, in := range inputs {
		if err := in.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// tornado is a tornado study under way: the one-strategy scenario, the
// config of run k (cfgAt), the base run's measure and influence values,
// and the runs' samples kept for WithSamples (nil if not asked).
type tornado struct {
	ctx     context.Context
	base    model.Scenario
	cfg     Config
	cfgAt   func(k int) Config
	measure Measure
	runs    int
	baseVal float64
	basePsi []float64
	keep    *SweepSamples
}

// row runs input i at its low and high values and returns its row.
func (t *tornado) row(i int, in model.InputRange) (TornadoRow, error) {
	bv := in.Get(&t.base)
	row := TornadoRow{Input: in.Name, Unit: in.Unit, Field: in.Field, Source: in.Source,
		Low: in.Low, Base: bv, High: in.High, AtBase: t.baseVal}
	var vals [2]float64
	var psis [2][]float64
	for side, v := range [2]float64{in.Low, in.High} {
		if v == bv {
			vals[side], psis[side] = t.baseVal, t.basePsi
			t.keepSide(in, side, v, t.keepBase())
			if p := t.cfg.Progress; p != nil {
				p((2+2*i+side)*t.cfg.Paths, t.runs*t.cfg.Paths)
			}
			continue
		}
		moved := t.base
		in.Set(&moved, v)
		res, err := Run(t.ctx, &moved, t.cfgAt(1+2*i+side))
		if err != nil {
			if t.ctx.Err() != nil {
				return row, err
			}
			return row, fmt.Errorf("sim: tornado: input %q = %g: %w", in.Name, v, err)
		}
		if vals[side], psis[side], err = t.measure.influence(res.NPV[0]); err != nil {
			return row, err
		}
		if t.keep != nil {
			t.keepSide(in, side, v, sweepRun("", res, 0))
		}
	}
	anti := t.cfg.Antithetic
	row.AtLow, row.AtHigh = vals[0], vals[1]
	row.LowStderr = diffSE(psis[0], t.basePsi, anti)
	row.HighStderr = diffSE(psis[1], t.basePsi, anti)
	row.Swing = row.AtHigh - row.AtLow
	row.SwingStderr = diffSE(psis[1], psis[0], anti)
	return row, nil
}

// keepBase returns the base run's samples kept, a zero SweepRun if none.
func (t *tornado) keepBase() SweepRun {
	if t.keep == nil {
		return SweepRun{}
	}
	return t.keep.Runs[0]
}

// keepSide keeps r as the samples of input in at side (0 low, 1 high) of
// value v, if samples are kept.
func (t *tornado) keepSide(in model.InputRange, side int, v float64, r SweepRun) {
	if t.keep == nil {
		return
	}
	r.Input, r.Side, r.Value = in.Name, [2]string{"low", "high"}[side], v
	r.Name = r.Input + "=" + r.Side
	t.keep.Runs = append(t.keep.Runs, r)
}

// diffSE returns the standard error of the mean of a − b, 0 when they are
// the same slice or equal element by element.
func diffSE(a, b []float64, pairs bool) float64 {
	d := make([]float64, len(a))
	for i := range d {
		d[i] = a[i] - b[i]
	}
	return influenceSE(d, pairs)
}
