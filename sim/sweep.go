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

// Measure is the statistic of a strategy's NPV distribution that a sweep
// (Tornado) or a comparison of runs reports.
type Measure int

// The measures. Each is computed exactly as the field of Summary of the same
// name, so a sweep's figures match a Run's.
const (
	// MeasureMean is the mean NPV, USD (Summary.Mean).
	MeasureMean Measure = iota
	// MeasureES95 is the expected shortfall at 95 %, USD, a loss as a
	// positive number (Summary.ES95).
	MeasureES95
	// MeasureES99 is the expected shortfall at 99 %, USD (Summary.ES99).
	MeasureES99
	// MeasureProbLoss is the probability of loss P(NPV < 0), a share in
	// [0, 1] (Summary.ProbLoss).
	MeasureProbLoss
)

var measureNames = [...]string{MeasureMean: "mean", MeasureES95: "es95", MeasureES99: "es99", MeasureProbLoss: "probLoss"}

func (m Measure) ok() bool { return m >= 0 && int(m) < len(measureNames) }

// String returns the measure's label for tables: "mean NPV", "ES 95 %",
// "ES 99 %" or "P(loss)".
func (m Measure) String() string {
	switch m {
	case MeasureMean:
		return "mean NPV"
	case MeasureES95:
		return "ES 95 %"
	case MeasureES99:
		return "ES 99 %"
	case MeasureProbLoss:
		return "P(loss)"
	}
	return "Measure(" + strconv.Itoa(int(m)) + ")"
}

// Unit returns the unit of the measure's values: "USD", or "share" for
// MeasureProbLoss.
func (m Measure) Unit() string {
	if m == MeasureProbLoss {
		return "share"
	}
	return "USD"
}

// ParseMeasure parses a measure's name, as MarshalText writes it: "mean",
// "es95", "es99" or "probLoss".
func ParseMeasure(s string) (Measure, error) {
	for i, n := range measureNames {
		if s == n {
			return Measure(i), nil
		}
	}
	return 0, fmt.Errorf("sim: measure %q: must be one of mean, es95, es99, probLoss", s)
}

// MarshalText returns the measure's name ("mean", "es95", "es99",
// "probLoss").
func (m Measure) MarshalText() ([]byte, error) {
	if !m.ok() {
		return nil, fmt.Errorf("sim: measure %d: must be one of mean, es95, es99, probLoss", int(m))
	}
	return []byte(measureNames[m]), nil
}

// UnmarshalText parses a measure's name (see ParseMeasure).
func (m *Measure) UnmarshalText(b []byte) error {
	v, err := ParseMeasure(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Of returns the measure of samples (NPVs, USD, one per path). It returns
// an error if m is not a Measure, or samples is empty or holds a value that
// is not finite.
func (m Measure) Of(samples []float64) (float64, error) {
	v, _, err := m.influence(samples)
	return v, err
}

// Diff returns m(a) − m(b) for two samples from the same paths (a[i] and
// b[i] from path i: two strategies of one run, or one strategy in two runs
// with the same Config) and the paired standard error of that difference.
// With antithetic set, paths (2k, 2k+1) are antithetic pairs, as
// Config.Antithetic makes them, and the standard error comes from the pair
// means; n must then be even.
//
// Method. Each estimate is written, to first order, as its value plus the
// mean of its influence function over the paths (the delta method; for
// ES, the tail-mean representation of Rockafellar and Uryasev, "Optimization
// of conditional value-at-risk", Journal of Risk 2(3), 2000, whose
// derivative in the quantile vanishes, gives the influence of Brazauskas,
// Jones, Puri and Zitikis, 2008, used by ESCI):
//
//	mean:     ψ(x) = x − mean
//	ES_α:     ψ(x) = −q − (n/k)·min(x − q, 0) − ES_α,   q = x_(k), k = ⌈n(1−α)⌉
//	P(loss):  ψ(x) = 1{x < 0} − P(loss)
//
// and the standard error of the difference is that of the mean of
// ψ_a(a_i) − ψ_b(b_i): the sample standard deviation over √n (or over the
// pair means, √(n/2)). For the mean it is Compare's PairedStderr. When a and
// b are the same numbers the difference and its standard error are exactly
// 0; the closer the two paths' results move together, the smaller the
// error, which is why sweeps reuse the seed (common random numbers).
//
// It returns an error if m is not a Measure, the samples differ in length,
// have fewer than 2 values (4 with antithetic, and an odd count), or hold a
// value that is not finite.
func (m Measure) Diff(a, b []float64, antithetic bool) (diff, stderr float64, err error) {
	var c valid.Checker
	checkSamples(&c, "a", a)
	checkSamples(&c, "b", b)
	minN := 2
	if antithetic {
		minN = 4
	}
	switch {
	case len(a) != len(b):
		c.Add("len(b)", len(b), "equal to len(a) (the same paths)")
	case len(a) > 0 && len(a) < minN:
		c.Add("len(a)", len(a), fmt.Sprintf("≥ %d", minN))
	case antithetic && len(a)%2 != 0:
		c.Add("len(a)", len(a), "even with antithetic (pairs are paths 2k, 2k+1)")
	}
	if err := c.Err(); err != nil {
		return 0, 0, err
	}
	va, pa, err := m.influence(a)
	if err != nil {
		return 0, 0, err
	}
	vb, pb, err := m.influence(b)
	if err != nil {
		return 0, 0, err
	}
	for i := range pa {
		pa[i] -= pb[i]
	}
	return va - vb, influenceSE(pa, antithetic), nil
}

// influence returns the measure of x and its influence values ψ(x_i) (see
// Diff), in a new slice.
func (m Measure) influence(x []float64) (float64, []float64, error) {
	if !m.ok() {
		return 0, nil, fmt.Errorf("sim: measure %d: must be one of mean, es95, es99, probLoss", int(m))
	}
	var c valid.Checker
	checkSamples(&c, "samples", x)
	if err := c.Err(); err != nil {
		return 0, nil, err
	}
	n := len(x)
	psi := make([]float64, n)
	switch m {
	case MeasureMean:
		mean, _ := meanStderr1(x)
		for i, v := range x {
			psi[i] = v - mean
		}
		return mean, psi, nil
	case MeasureProbLoss:
		p, _, err := ProbLoss(x)
		if err != nil {
			return 0, nil, err
		}
		for i, v := range x {
			psi[i] = b2f(v < 0) - p
		}
		return p, psi, nil
	}
	level := 0.95
	if m == MeasureES99 {
		level = 0.99
	}
	sorted := sortedCopy(x)
	es := sortedES(sorted, level)
	k := tailCount(n, level)
	q := sorted[k-1]
	w := float64(n) / float64(k)
	for i, v := range x {
		psi[i] = -q - w*math.Min(v-q, 0) - es
	}
	return es, psi, nil
}

// meanStderr1 is meanStderr that accepts a single value (standard error 0).
func meanStderr1(x []float64) (mean, se float64) {
	if len(x) == 1 {
		return x[0], 0
	}
	return meanStderr(x)
}

// influenceSE returns the standard error of the mean of d: s/√n, or with
// pairs from the pair means.
func influenceSE(d []float64, pairs bool) float64 {
	if pairs {
		return pairSEOf(len(d), func(i int) float64 { return d[i] })
	}
	_, se := meanStderr(d)
	return se
}

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
//
// It returns an error for a nil scenario, an invalid cfg or measure, no
// inputs, an invalid input range (model.InputRange.Validate), an unknown
// strategy, and any run's error (naming the input and value); ctx.Err() if
// ctx is cancelled.
func Tornado(ctx context.Context, sc *model.Scenario, strategy string, inputs []model.InputRange, cfg Config, measure Measure) ([]TornadoRow, error) {
	if sc == nil {
		return nil, errors.New("sim: tornado: nil scenario")
	}
	if err := sweepConfig(&cfg); err != nil {
		return nil, fmt.Errorf("sim: tornado: %w", err)
	}
	if !measure.ok() {
		return nil, fmt.Errorf("sim: tornado: measure %d: must be one of mean, es95, es99, probLoss", int(measure))
	}
	if len(inputs) == 0 {
		return nil, errors.New("sim: tornado: no inputs")
	}
	for _, in := range inputs {
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("sim: tornado: %w", err)
		}
	}
	base, err := sc.Only(strategy)
	if err != nil {
		return nil, fmt.Errorf("sim: tornado: %w", err)
	}

	runs := 1 + 2*len(inputs)
	cfgAt := progressShare(cfg, runs)
	baseNPV, err := runOne(ctx, &base, cfgAt(0))
	if err != nil {
		return nil, err
	}
	baseVal, basePsi, err := measure.influence(baseNPV)
	if err != nil {
		return nil, err
	}
	rows := make([]TornadoRow, len(inputs))
	for i, in := range inputs {
		bv := in.Get(&base)
		row := TornadoRow{Input: in.Name, Unit: in.Unit, Field: in.Field, Source: in.Source,
			Low: in.Low, Base: bv, High: in.High, AtBase: baseVal}
		var vals [2]float64
		var psis [2][]float64
		for side, v := range [2]float64{in.Low, in.High} {
			if v == bv {
				vals[side], psis[side] = baseVal, basePsi
				if cfg.Progress != nil {
					cfg.Progress((2+2*i+side)*cfg.Paths, runs*cfg.Paths)
				}
				continue
			}
			moved := base
			in.Set(&moved, v)
			npv, err := runOne(ctx, &moved, cfgAt(1+2*i+side))
			if err != nil {
				if ctx.Err() != nil {
					return nil, err
				}
				return nil, fmt.Errorf("sim: tornado: input %q = %g: %w", in.Name, v, err)
			}
			if vals[side], psis[side], err = measure.influence(npv); err != nil {
				return nil, err
			}
		}
		row.AtLow, row.AtHigh = vals[0], vals[1]
		row.LowStderr = diffSE(psis[0], basePsi, cfg.Antithetic)
		row.HighStderr = diffSE(psis[1], basePsi, cfg.Antithetic)
		row.Swing = row.AtHigh - row.AtLow
		row.SwingStderr = diffSE(psis[1], psis[0], cfg.Antithetic)
		rows[i] = row
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
	return rows, nil
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
// and cfg.Observers are refused.
//
// It returns an error for a nil scenario, an invalid cfg, no fractions, a
// fraction outside [0, 1] or repeated, and the run's error; ctx.Err() if
// ctx is cancelled.
func Frontier(ctx context.Context, sc *model.Scenario, fractions []float64, cfg Config) ([]FrontierPoint, error) {
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
	return pts, nil
}

// sweepConfig validates cfg for a sweep, refuses target mode and
// observers, and turns bands off.
func sweepConfig(cfg *Config) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var c valid.Checker
	if cfg.TargetStdErrUSD != 0 {
		c.Add("targetStdErrUSD", cfg.TargetStdErrUSD, "0 in a sweep (its runs must stop at the same path count to be paired)")
	}
	if len(cfg.Observers) > 0 {
		c.Add("observers", fmt.Sprintf("%d observers", len(cfg.Observers)), "none in a sweep (a sweep makes many runs; attach observers to a Run)")
	}
	if err := c.Err(); err != nil {
		return err
	}
	cfg.Bands = &BandSet{}
	cfg.BandPaths = 0
	return nil
}

// progressShare returns, for run k of runs, cfg with a Progress that
// reports the paths done and planned across all runs.
func progressShare(cfg Config, runs int) func(k int) Config {
	return func(k int) Config {
		c := cfg
		if p := cfg.Progress; p != nil {
			per := cfg.Paths
			c.Progress = func(done, _ int) { p(k*per+done, runs*per) }
		}
		return c
	}
}

// runOne runs sc, a scenario of one strategy, and returns its NPV samples.
func runOne(ctx context.Context, sc *model.Scenario, cfg Config) ([]float64, error) {
	res, err := Run(ctx, sc, cfg)
	if err != nil {
		return nil, err
	}
	return res.NPV[0], nil
}
