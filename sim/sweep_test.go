package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

var allMeasures = []Measure{MeasureMean, MeasureES95, MeasureES99, MeasureProbLoss}

// normals returns n seeded normal draws, mean mu and sd sigma; with
// antithetic, draws 2k+1 mirror draws 2k.
func normals(seed uint64, n int, mu, sigma float64, antithetic bool) []float64 {
	r := dist.New(seed, 0)
	x := make([]float64, n)
	for i := range x {
		if antithetic && i%2 == 1 {
			x[i] = 2*mu - x[i-1]
			continue
		}
		x[i] = mu + sigma*r.Norm()
	}
	return x
}

// skewed returns n seeded draws of z + 0.3(z² − 1), z standard normal
// (mean 0, skewed, so that antithetic pairs do not cancel exactly); with
// antithetic, draw 2k+1 uses −z of draw 2k.
func skewed(seed uint64, n int, antithetic bool) []float64 {
	r := dist.New(seed, 0)
	x := make([]float64, n)
	var z float64
	for i := range x {
		if antithetic && i%2 == 1 {
			z = -z
		} else {
			z = r.Norm()
		}
		x[i] = z + 0.3*(z*z-1)
	}
	return x
}

// Of gives exactly the Summary's numbers.
func TestMeasureOfMatchesSummary(t *testing.T) {
	x := normals(1, 1000, 3e6, 2e6, false)
	nan := make([]float64, len(x))
	for i := range nan {
		nan[i] = math.NaN()
	}
	s, err := Summarize("x", x, nan, nan)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Measure]float64{MeasureMean: s.Mean, MeasureES95: s.ES95, MeasureES99: s.ES99, MeasureProbLoss: s.ProbLoss}
	for _, m := range allMeasures {
		got, err := m.Of(x)
		if err != nil {
			t.Fatal(err)
		}
		if got != want[m] {
			t.Errorf("%v: %g, want the Summary's %g", m, got, want[m])
		}
	}
}

// For the mean, Diff's paired standard error is Compare's.
func TestMeasureDiffMeanIsCompare(t *testing.T) {
	a := normals(2, 1000, 1, 2, false)
	b := normals(3, 1000, 0, 1, false)
	for i := range b {
		b[i] += 0.7 * a[i]
	}
	d, se, err := MeasureMean.Diff(a, b, false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	mctest.WithinRel(t, "mean difference", d, c.MeanDiff, 1e-12)
	mctest.WithinRel(t, "paired standard error", se, c.PairedStderr, 1e-12)
}

// The same samples differ by exactly 0 with standard error exactly 0; a
// shift by c moves ES by −c with a standard error of rounding size.
func TestMeasureDiffIdenticalAndShifted(t *testing.T) {
	x := normals(4, 2000, 5, 3, true)
	for _, anti := range []bool{false, true} {
		for _, m := range allMeasures {
			d, se, err := m.Diff(x, x, anti)
			if err != nil {
				t.Fatal(err)
			}
			if d != 0 || se != 0 {
				t.Errorf("%v antithetic=%v: Diff(x, x) = %g ± %g, want exactly 0 ± 0", m, anti, d, se)
			}
		}
	}
	y := make([]float64, len(x))
	for i := range y {
		y[i] = x[i] + 0.5
	}
	for _, m := range []Measure{MeasureES95, MeasureES99, MeasureMean} {
		d, se, err := m.Diff(y, x, false)
		if err != nil {
			t.Fatal(err)
		}
		want := -0.5
		if m == MeasureMean {
			want = 0.5
		}
		mctest.WithinAbs(t, m.String()+" of a shift", d, want, 1e-12)
		mctest.WithinAbs(t, m.String()+" standard error of a shift", se, 0, 1e-12)
	}
}

// With one sample constant, Diff's standard error of ES is the one ESCI
// uses for a single sample (the same asymptotic law).
func TestMeasureDiffESAgainstESCI(t *testing.T) {
	x := normals(5, 5000, 0, 1, false)
	c := make([]float64, len(x))
	for _, level := range []float64{0.95, 0.99} {
		m := MeasureES95
		if level == 0.99 {
			m = MeasureES99
		}
		_, se, err := m.Diff(x, c, false)
		if err != nil {
			t.Fatal(err)
		}
		_, want, err := sortedESStderr(sortedCopy(x), level)
		if err != nil {
			t.Fatal(err)
		}
		// The two formulas differ only in divisors (k vs k−1, n vs n−1).
		mctest.WithinRel(t, m.String()+" standard error", se, want, 0.02)
	}
}

// The paired standard errors are right: over many independent replications
// of correlated samples, the spread of the estimated differences matches
// the reported standard errors, and the mean difference is unbiased.
func TestMeasureDiffStderrCalibrated(t *testing.T) {
	const reps, n, rho = 400, 2000, 0.8
	for _, anti := range []bool{false, true} {
		diffs := make(map[Measure][]float64)
		ses := make(map[Measure][]float64)
		for rep := range reps {
			x := skewed(uint64(100+rep), n, anti)
			z := skewed(uint64(10_000+rep), n, anti)
			y := make([]float64, n)
			for i := range y {
				y[i] = 0.3 + 1.5*(rho*x[i]+math.Sqrt(1-rho*rho)*z[i])
			}
			for _, m := range allMeasures {
				d, se, err := m.Diff(y, x, anti)
				if err != nil {
					t.Fatal(err)
				}
				diffs[m] = append(diffs[m], d)
				ses[m] = append(ses[m], se)
			}
		}
		for _, m := range allMeasures {
			sd := stat.StdDev(diffs[m], nil)
			var ms float64
			for _, s := range ses[m] {
				ms += s * s
			}
			rms := math.Sqrt(ms / reps)
			// The sample sd of reps values has standard error ≈ sd/√(2(reps−1)).
			name := m.String()
			if anti {
				name += " (antithetic)"
			}
			mctest.WithinSE(t, name+": spread of differences vs reported standard error", sd, rms, sd/math.Sqrt(2*(reps-1)), 4.5)
		}
		// The mean difference is unbiased: E[y − x] = 0.3.
		mean, se := mctest.MeanSE(diffs[MeasureMean])
		mctest.WithinSE(t, "mean difference", mean, 0.3, se, 4.5)
	}
}

func TestMeasureDiffErrors(t *testing.T) {
	x := normals(6, 10, 0, 1, false)
	tests := []struct {
		name string
		m    Measure
		a, b []float64
		anti bool
		want string
	}{
		{"lengths", MeasureMean, x, x[:9], false, "len(b) = 9: must be equal to len(a)"},
		{"odd with antithetic", MeasureMean, x[:9], x[:9], true, "len(a) = 9: must be even"},
		{"too few", MeasureMean, x[:1], x[:1], false, "len(a) = 1: must be ≥ 2"},
		{"NaN", MeasureES95, append([]float64{math.NaN()}, x[1:]...), x, false, "a[0] = NaN"},
		{"empty", MeasureMean, nil, nil, false, "len(a) = 0"},
		{"bad measure", Measure(9), x, x, false, "measure 9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.m.Diff(tc.a, tc.b, tc.anti)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestMeasureText(t *testing.T) {
	for _, m := range allMeasures {
		b, err := m.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Measure
		if err := back.UnmarshalText(b); err != nil || back != m {
			t.Errorf("%v: round trip through %q gave %v, %v", m, b, back, err)
		}
	}
	if _, err := ParseMeasure("median"); err == nil || !strings.Contains(err.Error(), "mean, es95, es99, probLoss") {
		t.Errorf("ParseMeasure(median): %v", err)
	}
}

// tornadoCfg is a small, quick sweep configuration.
func tornadoCfg() Config { return Config{Paths: 400, Seed: 11, Antithetic: true} }

// Inputs that the strategy does not read leave every path's NPV as it was:
// their swing is exactly 0, with standard error 0. That includes the AI
// capacity pipeline, which changes how many oversupply shocks the GPU
// market draws: the market's sub-streams keep those draws from shifting
// the BTC price, hashrate and fee paths a miner lives on. The base is the
// strategy's result in a run of the whole scenario, and a side equals a run
// of the scenario with the input moved.
func TestTornadoPureMining(t *testing.T) {
	sc := shortDefault(4)
	one, err := sc.Only("pure mining")
	if err != nil {
		t.Fatal(err)
	}
	inputs := model.TornadoInputs(one)
	rows, err := Tornado(context.Background(), sc, "pure mining", inputs, tornadoCfg(), MeasureMean)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(inputs) {
		t.Fatalf("%d rows for %d inputs", len(rows), len(inputs))
	}
	full := mustRun(t, sc, tornadoCfg())
	mining, _ := full.Strategy("pure mining")
	untouched := map[string]bool{"capex per MW": true, "mean build time": true, "tenant default, hyperscaler": true, "GPU rent decay": true, "AI capacity pipeline": true}
	byName := map[string]TornadoRow{}
	for i, r := range rows {
		byName[r.Input] = r
		if r.AtBase != mining.Mean {
			t.Errorf("%s: base %g, want the full run's pure mining mean %g", r.Input, r.AtBase, mining.Mean)
		}
		if untouched[r.Input] {
			if r.Swing != 0 || r.SwingStderr != 0 || r.AtLow != r.AtBase || r.AtHigh != r.AtBase || r.LowStderr != 0 || r.HighStderr != 0 {
				t.Errorf("%s does not touch pure mining but swings %g ± %g", r.Input, r.Swing, r.SwingStderr)
			}
		} else if r.Swing == 0 {
			t.Errorf("%s: no swing", r.Input)
		}
		if i > 0 && math.Abs(r.Swing) > math.Abs(rows[i-1].Swing) {
			t.Errorf("rows not sorted by |swing|: %s (%g) after %s (%g)", r.Input, r.Swing, rows[i-1].Input, rows[i-1].Swing)
		}
		if r.Swing != r.AtHigh-r.AtLow {
			t.Errorf("%s: swing %g ≠ high − low %g", r.Input, r.Swing, r.AtHigh-r.AtLow)
		}
	}
	// A higher discount rate lowers a positive NPV, and the low side is a
	// plain run of the scenario at that rate, path for path.
	dr := byName["discount rate"]
	if !(dr.AtHigh < dr.AtBase && dr.AtBase < dr.AtLow) {
		t.Errorf("discount rate: %g, %g, %g: want decreasing", dr.AtLow, dr.AtBase, dr.AtHigh)
	}
	low := one
	low.Finance.DiscountRatePerYear = dr.Low
	res := mustRun(t, &low, tornadoCfg())
	if res.Strategies[0].Mean != dr.AtLow {
		t.Errorf("discount rate low side %g, want the direct run's %g", dr.AtLow, res.Strategies[0].Mean)
	}
	d, se, err := MeasureMean.Diff(res.NPV[0], full.NPV[0], true)
	if err != nil {
		t.Fatal(err)
	}
	if d != dr.AtLow-dr.AtBase || se != dr.LowStderr {
		t.Errorf("discount rate low side %g ± %g, want %g ± %g", dr.AtLow-dr.AtBase, dr.LowStderr, d, se)
	}
}

// Tornado gives the same rows for any worker count and reports progress
// over all its runs; a side at the base value is not run again.
func TestTornadoDeterministicAndProgress(t *testing.T) {
	sc := shortDefault(2)
	inputs := []model.InputRange{
		{Input: model.DiscountRateInput(), Low: 0.05, High: 0.11, Source: "test"}, // high = base: reused
		{Input: model.CapexInput(), Low: 6, High: 12, Source: "test"},
	}
	var calls, last, total int
	cfg := tornadoCfg()
	cfg.Workers = 1
	cfg.Progress = func(done, planned int) {
		calls++
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		last, total = done, planned
	}
	a, err := Tornado(context.Background(), sc, "hybrid 50% colocation", inputs, cfg, MeasureES95)
	if err != nil {
		t.Fatal(err)
	}
	if want := 5 * cfg.Paths; last != want || total != want || calls < 5 {
		t.Errorf("progress ended at %d of %d after %d calls, want %d of %d", last, total, calls, want, want)
	}
	cfg.Workers, cfg.Progress = 3, nil
	b, err := Tornado(context.Background(), sc, "hybrid 50% colocation", inputs, cfg, MeasureES95)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("1 and 3 workers differ:\n%+v\n%+v", a, b)
	}
	for _, r := range a {
		if r.Input == "discount rate" && (r.AtHigh != r.AtBase || r.HighStderr != 0) {
			t.Errorf("the side at the base value differs from the base: %+v", r)
		}
		if r.Input == "capex per MW" && !(r.AtHigh > r.AtLow) {
			t.Errorf("dearer capex did not raise ES 95 %%: %+v", r)
		}
	}
}

func TestTornadoErrors(t *testing.T) {
	sc := shortDefault(1)
	in := []model.InputRange{{Input: model.DiscountRateInput(), Low: 0.05, High: 0.15}}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		sc       *model.Scenario
		strategy string
		inputs   []model.InputRange
		cfg      Config
		measure  Measure
		want     string
	}{
		{"nil scenario", context.Background(), nil, "pure mining", in, tornadoCfg(), MeasureMean, "nil scenario"},
		{"unknown strategy", context.Background(), sc, "solar", in, tornadoCfg(), MeasureMean, `no strategy "solar"`},
		{"no inputs", context.Background(), sc, "pure mining", nil, tornadoCfg(), MeasureMean, "no inputs"},
		{"reversed range", context.Background(), sc, "pure mining", []model.InputRange{{Input: model.DiscountRateInput(), Low: 0.2, High: 0.1}}, tornadoCfg(), MeasureMean, "must be ≤ high"},
		{"target mode", context.Background(), sc, "pure mining", in, Config{Paths: 400, TargetStdErrUSD: 1e5, MaxPaths: 800}, MeasureMean, "targetStdErrUSD = 100000: must be 0 in a sweep"},
		{"bad config", context.Background(), sc, "pure mining", in, Config{Paths: 10}, MeasureMean, "paths = 10"},
		{"bad measure", context.Background(), sc, "pure mining", in, tornadoCfg(), Measure(-1), "measure -1"},
		{"invalid value", context.Background(), sc, "pure mining", []model.InputRange{{Input: model.DiscountRateInput(), Low: 0.05, High: 3}}, tornadoCfg(), MeasureMean, `input "discount rate" = 3: finance.discountRatePerYear = 3`},
		{"cancelled", cancelled, sc, "pure mining", in, tornadoCfg(), MeasureMean, context.Canceled.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Tornado(tc.ctx, tc.sc, tc.strategy, tc.inputs, tc.cfg, tc.measure)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Tornado(cancelled, sc, "pure mining", in, tornadoCfg(), MeasureMean); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

// The frontier's ends are pure mining and full AI of the default scenario,
// path for path, and its middle is the default hybrid: all their Summaries
// are identical but for the name.
func TestFrontierEndsAreMiningAndFullAI(t *testing.T) {
	sc := model.DefaultScenario()
	cfg := Config{Paths: 400, Seed: 2026, Antithetic: true}
	pts, err := Frontier(context.Background(), &sc, []float64{0, 0.5, 1}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, &sc, cfg)
	for i, name := range []string{"pure mining", "hybrid 50% colocation", "full AI colocation"} {
		want, _ := res.Strategy(name)
		got := pts[i].Summary
		if wantName := []string{"hybrid 0%", "hybrid 50%", "hybrid 100%"}[i]; got.Name != wantName {
			t.Errorf("point %d named %q, want %q", i, got.Name, wantName)
		}
		got.Name = want.Name
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fraction %g differs from %s:\n%+v\n%+v", pts[i].Fraction, name, got, want)
		}
		_, se, err := MeasureES95.Diff(res.NPV[i], make([]float64, len(res.NPV[i])), true)
		if err != nil {
			t.Fatal(err)
		}
		if pts[i].ES95Stderr != se {
			t.Errorf("%s: ES95 standard error %g, want %g", name, pts[i].ES95Stderr, se)
		}
	}
}

func TestFrontierErrors(t *testing.T) {
	sc := shortDefault(1)
	tests := []struct {
		name      string
		fractions []float64
		cfg       Config
		want      string
	}{
		{"none", nil, tornadoCfg(), "fractions = \"[]\""},
		{"outside", []float64{0, 1.5}, tornadoCfg(), "fractions[1] = 1.5: must be in [0, 1]"},
		{"repeated", []float64{0.2, 0.5, 0.2}, tornadoCfg(), "fractions[2] = 0.2: must be unique (also fractions[0])"},
		{"NaN", []float64{math.NaN()}, tornadoCfg(), "fractions[0] = NaN"},
		{"target mode", []float64{0.5}, Config{Paths: 400, TargetStdErrUSD: 1, MaxPaths: 800}, "targetStdErrUSD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Frontier(context.Background(), sc, tc.fractions, tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Frontier(context.Background(), nil, []float64{0}, tornadoCfg()); err == nil {
		t.Error("nil scenario accepted")
	}
}

// The frontier takes the scenario's first hybrid as its template: a
// GPU-cloud hybrid gives GPU-cloud points.
func TestFrontierTemplate(t *testing.T) {
	sc := shortDefault(2)
	sc.Strategies = []model.StrategySpec{model.PureMining(), model.Hybrid(0.3, 6, site.DefaultGPUCloud())}
	pts, err := Frontier(context.Background(), sc, []float64{0.3}, tornadoCfg())
	if err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, sc, tornadoCfg())
	want := res.Strategies[1]
	got := pts[0].Summary
	got.Name = want.Name
	if !reflect.DeepEqual(got, want) {
		t.Errorf("frontier point differs from the scenario's hybrid:\n%+v\n%+v", got, want)
	}
}
