package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
)

// FrontierPoint is one hybrid fraction's point of the risk–return frontier:
// the Summary of the hybrid that converts Fraction of the site, and the
// standard error of its ES 95 %.
type FrontierPoint struct {
	// Fraction is the share of the site's MW converted, in [0, 1]: 0 is
	// pure mining, 1 a full AI conversion.
	Fraction float64 `json:"fraction"`
	// Summary is the hybrid's risk summary (mean NPV with its standard
	// error and CI, ES 95 % with its CI, quantiles, …), USD; its Name is
	// "hybrid <percent>%".
	Summary Summary `json:"summary"`
	// ES95Stderr is the standard error of Summary.ES95, USD (Measure.Diff's
	// influence method; from pair means with Config.Antithetic).
	ES95Stderr float64 `json:"es95Stderr"`
}

// Frontier runs the hybrid strategy at each of fractions (shares of the
// site converted, each in [0, 1], no two equal) in one run on the same
// paths, and returns one point per fraction, in the order given: the
// risk–return frontier of mean NPV against ES 95 %.
//
// The hybrid is the first strategy of kind hybrid in sc with its Fraction
// replaced (its business, start, phases, conversion and contract terms are
// kept), or model.Hybrid(f, 0, nil) if sc has none; sc's other
// strategies are not run. A hybrid of fraction 0 only mines and one of
// fraction 1 converts everything, so the ends are exactly pure mining and
// full AI with the same terms, path by path. All fractions run as the
// strategies of one run (common random numbers: every point sees the same
// market paths and the same strategy-side draws). No bands are kept
// (cfg.Bands and cfg.BandPaths are ignored); target-standard-error mode
// and cfg.Observers are refused. WithSamples keeps every point's per-path
// NPV, IRR and payback (SweepRun.Name is the point's Summary.Name).
//
// It returns an error for a nil scenario, an invalid cfg, no fractions, a
// fraction outside [0, 1] or repeated, and the run's error; ctx.Err() if
// ctx is cancelled.
func Frontier(ctx context.Context, sc *model.Scenario, fractions []float64, cfg Config, opts ...SweepOption) ([]FrontierPoint, error) {
	o := applySweepOptions(opts)
	if sc == nil {
		return nil, errors.New("sim: frontier: nil scenario")
	}
	if err := sweepConfig(&cfg); err != nil {
		return nil, fmt.Errorf("sim: frontier: %w", err)
	}
	var c valid.Checker
	if len(fractions) == 0 {
		c.Add("fractions", "[]", "at least one fraction")
	}
	for i, f := range fractions {
		field := fmt.Sprintf("fractions[%d]", i)
		if !c.Prob(field, f) {
			continue
		}
		if j := slices.Index(fractions[:i], f); j >= 0 {
			c.Add(field, f, fmt.Sprintf("unique (also fractions[%d])", j))
		}
	}
	if err := c.Err(); err != nil {
		return nil, fmt.Errorf("sim: frontier: %w", err)
	}
	tmpl := model.Hybrid(0, 0, nil)
	for _, sp := range sc.Strategies {
		if sp.Kind == model.KindHybrid {
			tmpl = sp
			break
		}
	}
	fs := *sc
	fs.Custom = nil
	fs.Strategies = make([]model.StrategySpec, len(fractions))
	for i, f := range fractions {
		sp := tmpl
		sp.Fraction = f
		pct := math.Round(100*f*1e9) / 1e9
		sp.Label = "hybrid " + strconv.FormatFloat(pct, 'f', -1, 64) + "%"
		fs.Strategies[i] = sp
	}
	res, err := Run(ctx, &fs, cfg)
	if err != nil {
		return nil, err
	}
	pts := make([]FrontierPoint, len(fractions))
	for j, f := range fractions {
		_, psi, err := MeasureES95.influence(res.NPV[j])
		if err != nil {
			return nil, err
		}
		pts[j] = FrontierPoint{Fraction: f, Summary: res.Strategies[j], ES95Stderr: influenceSE(psi, cfg.Antithetic)}
	}
	if o.samples != nil {
		keep := SweepSamples{FirstPath: cfg.FirstPath, Antithetic: cfg.Antithetic, Runs: make([]SweepRun, len(fractions))}
		for j, f := range fractions {
			keep.Runs[j] = sweepRun(res.Strategies[j].Name, res, j)
			keep.Runs[j].Fraction = f
		}
		*o.samples = keep
	}
	return pts, nil
}
