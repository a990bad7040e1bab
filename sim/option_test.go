package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// optionScenario returns the default market and site over years years,
// with a real option converting the whole site in blocks blocks to a
// contract on terms (nil: the default lease), deciding every quarter,
// fitted on calPaths paths, beside its benchmarks (never, then now) and
// the fixed strategies converting (every block) at the given months.
func optionScenario(years float64, blocks, perDecision int, terms site.ContractTerms, calPaths int, months ...float64) model.Scenario {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = years
	o := model.DefaultRealOption()
	o.CalibrationPaths = calPaths
	o.MaxBlocksPerDecision = perDecision
	opt := model.NewRealOption(1, blocks, terms, o)
	now, never := opt.Benchmarks()
	sc.Strategies = []model.StrategySpec{never, now, opt}
	for _, m := range months {
		h := now
		h.StartMonths, h.PhaseIntervalMonths, h.Label = m, 0, fmt.Sprintf("convert at month %g", m)
		sc.Strategies = append(sc.Strategies, h)
	}
	return sc
}

// optionCfg is the pricing configuration of the tests.
func optionCfg(paths int) Config {
	return Config{Paths: paths, Seed: 11, Antithetic: true, Bands: &BandSet{}}
}

// TestProbeAttribution checks the per-path attribution the calibration
// rests on: on every path, a block whose conversion a policy starts at the
// end of step k (deciding after the step, as a real option does) is worth,
// against mining on, exactly the probe's Exercise − Hold when the probe's
// only decision step is k (its converting parcel then draws from the same
// fork of the strategies' common stream as the policy's parcel, and its
// hold runs to the horizon): NPV(convert at k) − NPV(mine) = Exercise −
// Hold, to rounding. The probe prices a block on its own, so the site
// coupling is off here.
func TestProbeAttribution(t *testing.T) {
	for _, terms := range []site.ContractTerms{site.DefaultLease(), site.DefaultGPUCloud()} {
		for _, step := range []int{0, 7, 30} {
			sc := model.DefaultScenario()
			sc.Coupling = site.NoCoupling() // the probe values one block without the site coupling
			sc.Finance.HorizonYears = 4
			probe := site.ConversionProbe{Label: "probe", BlockMW: sc.Facility.GridMW, Terms: terms, Conversion: site.DefaultConversion(),
				State: site.OptionState{GPURegime: true}, Steps: []int{step}}
			at := site.Pivot{Label: "convert", Share: 1, Terms: terms, Conversion: site.DefaultConversion(),
				NewPolicy: func() site.Policy { return atStep(step) }}
			sc.Strategies = []model.StrategySpec{model.PureMining()}
			sc.Custom = []site.Strategy{at, probe}
			plan, err := model.NewPlan(&sc)
			if err != nil {
				t.Fatal(err)
			}
			path, err := plan.NewSimulator()
			if err != nil {
				t.Fatal(err)
			}
			pr := NewPathPricer(plan)
			for i := range uint64(40) {
				path.Reset(5, i, i%2 == 1)
				pr.Reset()
				for k := 1; k <= plan.Steps(); k++ {
					_, flows := path.Step()
					if err := pr.Book(k, flows); err != nil {
						t.Fatal(err)
					}
				}
				p := path.Runner(2).(*site.ProbeRunner)
				want := pr.NPVUSD(1) - pr.NPVUSD(0)
				got := p.Exercise(0) - p.Hold(0)
				if math.Abs(got-want) > 1e-9*(math.Abs(p.Exercise(0))+math.Abs(p.Hold(0))) {
					t.Errorf("%s, step %d, path %d: Exercise − Hold = %.6f, NPV difference %.6f", terms.Label(), step, i, got, want)
				}
			}
		}
	}
}

// atStep is the policy that starts every conversion at the end of step k,
// deciding after the step's books as a real option does (at the start for
// k = 0).
type atStep int

func (a atStep) Reset(s *market.State, p *site.PivotRunner) { a.Observe(s, p) }

func (a atStep) Observe(s *market.State, p *site.PivotRunner) {
	if s.Step == int(a) {
		p.Schedule(p.Unscheduled(), s.TimeYears)
	}
}

// TestRealOptionSureRents: with GPU rents (and so colocation rents)
// deterministic and a lease far above mining (the start colocation rent
// doubled: converting now is worth about 1.17 bn USD against mining's 49 M
// and 1.14 bn for converting three months later), converting at once is
// optimal: the option converts on every path at the start, and its value
// of flexibility is 0 within its standard error (here exactly: it runs the
// benchmark's parcels on the same streams). At the default rent it is not:
// mining a little longer while hashprice is high is then worth about as
// much as a quarter of the lease, and the option waits on some paths.
func TestRealOptionSureRents(t *testing.T) {
	sc := optionScenario(10, 1, 0, nil, 1000)
	g := &sc.Market.GPU
	g.Tight.VolPerYear, g.Glut.VolPerYear, g.TightToGlutPerYear, g.GlutToTightPerYear = 0, 0, 0, 0
	g.PipelineGW, g.OversupplyJumpsPerYear = 0, 0
	sc.Market.Start.ColoRentUSDPerKWMonth *= 2
	res := mustRun(t, &sc, optionCfg(600))
	o := res.Options[0]
	if o.Timing.ConvertedBy[0][0] != 1 {
		t.Errorf("share converted at the start %g, want 1", o.Timing.ConvertedBy[0][0])
	}
	f := o.Flexibility
	if f == nil || f.Best != sc.Strategies[1].Name() {
		t.Fatalf("flexibility %+v, want against %q", f, sc.Strategies[1].Name())
	}
	if math.Abs(f.MeanDiffUSD) > 3*f.StderrUSD {
		t.Errorf("value of flexibility %.0f ± %.0f USD, want 0 within three standard errors", f.MeanDiffUSD, f.StderrUSD)
	}
}

// TestRealOptionNeverPays: a conversion at 1e9 USD per MW IT never pays:
// the option never converts (P(never) = 1) and is worth exactly pure
// mining.
func TestRealOptionNeverPays(t *testing.T) {
	sc := optionScenario(4, 2, 0, nil, 2000)
	c := site.DefaultConversion()
	c.CapexUSDPerMWIT = 1e9
	for i := range sc.Strategies {
		sc.Strategies[i].Conversion = &c
	}
	res := mustRun(t, &sc, optionCfg(1000))
	o := res.Options[0]
	for b, p := range o.Timing.ProbNever {
		if p != 1 {
			t.Errorf("block %d: P(never) = %g, want 1", b, p)
		}
	}
	if f := o.Flexibility; f == nil || f.Best != "pure mining" || math.Abs(f.MeanDiffUSD) > 3*f.StderrUSD+1e-6*math.Abs(res.Strategies[0].Mean) {
		t.Errorf("flexibility %+v, want 0 against pure mining", f)
	}
}

// TestRealOptionBeatsFixedDates: on the pricing paths, the rule found is
// no worse than converting at any fixed month (or never, or now), within
// three paired standard errors, for a lease and for a GPU cloud (where
// waiting for a tight GPU market is worth much).
func TestRealOptionBeatsFixedDates(t *testing.T) {
	for _, terms := range []site.ContractTerms{nil, site.DefaultGPUCloud()} {
		sc := optionScenario(5, 1, 0, terms, 4000, 6, 12, 24, 36, 48)
		res := mustRun(t, &sc, optionCfg(2000))
		j := 2
		for i, s := range res.Strategies {
			if i == j {
				continue
			}
			c, err := res.Compare(res.Strategies[j].Name, s.Name)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s − %s: %+.1f ± %.1f M USD", res.Strategies[j].Name, s.Name, c.MeanDiff/1e6, c.PairedStderr/1e6)
			if c.MeanDiff < -3*c.PairedStderr {
				t.Errorf("%s worse than %s by %.1f ± %.1f M USD", res.Strategies[j].Name, s.Name, -c.MeanDiff/1e6, c.PairedStderr/1e6)
			}
		}
	}
}

// TestRealOptionWorkers: the same seed gives the same fit and the same
// numbers, bit for bit, with 1 or 3 workers (calibration and pricing).
func TestRealOptionWorkers(t *testing.T) {
	sc := optionScenario(3, 2, 1, site.DefaultGPUCloud(), 1000)
	var first *Result
	for _, w := range []int{1, 3} {
		cfg := optionCfg(600)
		cfg.Workers = w
		res := mustRun(t, &sc, cfg)
		if first == nil {
			first = res
			continue
		}
		for j := range res.NPV {
			sameFloats(t, res.Strategies[j].Name, first.NPV[j], res.NPV[j])
		}
		a, b := first.Options[0], res.Options[0]
		if a.Fit.InSampleValue != b.Fit.InSampleValue {
			t.Errorf("in-sample value %v with 1 worker, %v with 3", a.Fit.InSampleValue, b.Fit.InSampleValue)
		}
		for d := range a.Fit.Dates {
			sameFloats(t, fmt.Sprintf("R² at date %d", d), a.Fit.Dates[d].R2, b.Fit.Dates[d].R2)
		}
		sameFloats(t, "MW by date", a.Timing.MWBy, b.Timing.MWBy)
	}
}

// TestRealOptionSeeds: the calibration seed is derived from the run's seed
// and documented; the pricing seed is the run's.
func TestRealOptionSeeds(t *testing.T) {
	sc := optionScenario(2, 1, 0, nil, 1000)
	res := mustRun(t, &sc, optionCfg(400))
	o := res.Options[0]
	if o.PricingSeed != 11 || o.CalibrationSeed != OptionCalibrationSeed(11) || o.CalibrationSeed == 11 || o.CalibrationPaths != 1000 {
		t.Errorf("seeds %d (pricing), %d (calibration, %d paths)", o.PricingSeed, o.CalibrationSeed, o.CalibrationPaths)
	}
}

// TestOptionObserverMatchesRunner: the conversion dates a Run reports
// (made by its observer from the market states) are those the strategy's
// runner scheduled, path by path and block by block (replayed with
// model.Simulator on the fitted scenario), here for three staged blocks,
// one a decision; and the timing summary counts them.
func TestOptionObserverMatchesRunner(t *testing.T) {
	sc := optionScenario(5, 3, 1, site.DefaultGPUCloud(), 1000)
	cfg := optionCfg(400)
	fitted, fits, err := FitOptions(context.Background(), &sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rule := fits[0].Rule
	ob := &optionObserver{rule: rule, at: make([]int32, cfg.Paths*rule.Blocks())}
	cfg.Observers = []Observer{ob}
	res := mustRun(t, fitted, cfg)
	if len(res.Options) != 0 {
		t.Fatalf("a fitted scenario is fitted again: %d option summaries", len(res.Options))
	}
	plan, err := model.NewPlan(fitted)
	if err != nil {
		t.Fatal(err)
	}
	path, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	steps, blocks := fits[0].Steps, rule.Blocks()
	converted := 0
	for i := range cfg.Paths {
		path.Reset(cfg.Seed, uint64(i&^1), i&1 == 1)
		for range plan.Steps() {
			path.Step()
		}
		parcels := path.Runner(2).(*site.PivotRunner).Parcels()
		for b := range blocks {
			want := int32(-1)
			if p := parcels[b]; p.Build.Started() {
				want = int32(slices.Index(steps, int(math.Round(p.Build.StartYears()/plan.DtYears()))))
				converted++
			}
			if got := ob.at[i*blocks+b]; got != want {
				t.Errorf("path %d, block %d: the observer says decision date %d, the runner started it at date %d", i, b, got, want)
			}
		}
	}
	if converted == 0 {
		t.Error("no block converted on any path: the test checks nothing")
	}
	o := optionSummary(res, fitted, fits[0], ob)
	for d := 1; d < len(steps); d++ {
		if o.Timing.MWBy[d] < o.Timing.MWBy[d-1] {
			t.Errorf("MW converted falls from %g to %g at date %d", o.Timing.MWBy[d-1], o.Timing.MWBy[d], d)
		}
		for b := 1; b < blocks; b++ {
			if o.Timing.ConvertedBy[b][d] > o.Timing.ConvertedBy[b-1][d-1]+1e-12 {
				t.Errorf("date %d: block %d converted on %g of the paths, block %d by the date before on %g: more than one a decision",
					d, b, o.Timing.ConvertedBy[b][d], b-1, o.Timing.ConvertedBy[b-1][d-1])
			}
		}
	}
}

// TestRealOptionPathAllocatesNothing: a path of a fitted real option, with
// its observer, allocates nothing; nor does a calibration path of its
// probe.
func TestRealOptionPathAllocatesNothing(t *testing.T) {
	sc := optionScenario(2, 2, 1, site.DefaultGPUCloud(), 1000)
	cfg := optionCfg(400)
	cfg.Workers = 1
	fitted, fits, err := FitOptions(context.Background(), &sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := model.NewPlan(fitted)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Observers = []Observer{&optionObserver{rule: fits[0].Rule, at: make([]int32, 400*2)}}
	r := newRun(plan, cfg.resolved())
	if err := r.makeWorkers(); err != nil {
		t.Fatal(err)
	}
	r.grow(400)
	w := r.workers[0]
	off := 0
	if a := testing.AllocsPerRun(50, func() {
		if pe := w.runPath(off % 400); pe != nil {
			t.Fatal(pe)
		}
		off++
	}); a != 0 {
		t.Errorf("a real option's path allocates %v times, want 0", a)
	}
	env := plan.Env()
	probe, err := sc.Strategies[2].OptionProbe(env)
	if err != nil {
		t.Fatal(err)
	}
	cal := sc
	cal.Strategies, cal.Custom = nil, []site.Strategy{probe}
	cp, err := model.NewPlan(&cal)
	if err != nil {
		t.Fatal(err)
	}
	path, err := cp.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	i := uint64(0)
	if a := testing.AllocsPerRun(20, func() {
		path.Reset(3, i, false)
		for range cp.Steps() {
			path.Step()
		}
		i++
	}); a != 0 {
		t.Errorf("a calibration path allocates %v times, want 0", a)
	}
}

// TestRealOptionResultJSON: a Result with real options writes and reads
// back with its option summaries (all but the fitted rule, which is not
// written); the scenario read back runs again to the same numbers.
func TestRealOptionResultJSON(t *testing.T) {
	sc := optionScenario(2, 2, 1, site.DefaultGPUCloud(), 1000)
	res := mustRun(t, &sc, optionCfg(400))
	var buf strings.Builder
	if err := res.WriteJSONWithSamples(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResultJSON(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Options) != 1 {
		t.Fatalf("%d option summaries read back", len(back.Options))
	}
	a, b := res.Options[0], back.Options[0]
	a.Rule = nil
	if !reflect.DeepEqual(a, b) {
		t.Errorf("option summary changed in JSON:\n got %+v\nwant %+v", b, a)
	}
	if _, err := b.ExerciseRegion(4, market.SeriesHashprice, market.SeriesGPURent, 10); err == nil {
		t.Error("ExerciseRegion without a fitted rule: no error")
	}
	again := mustRun(t, back.Scenario, back.Config)
	sameFloats(t, "NPV of the real option rerun from the file", res.NPV[2], again.NPV[2])
}

// TestRealOptionLeavesOthersUnchanged: adding a real option to a scenario
// changes none of the other strategies' numbers, bit for bit (they run on
// the same paths, and the option's fit draws from its own seed).
func TestRealOptionLeavesOthersUnchanged(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 2
	cfg := optionCfg(400)
	plain := mustRun(t, &sc, cfg)
	o := model.DefaultRealOption()
	o.CalibrationPaths = 1000
	sc.Strategies = append(sc.Strategies, model.NewRealOption(0.5, 2, nil, o))
	with := mustRun(t, &sc, cfg)
	for j := range plain.NPV {
		sameFloats(t, plain.Strategies[j].Name, plain.NPV[j], with.NPV[j])
	}
}
