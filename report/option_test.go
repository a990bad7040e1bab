package report

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/sim"
)

// optionRun runs three years of the default market with a staged GPU-cloud
// real option beside its benchmarks.
func optionRun(t *testing.T) (*model.Scenario, *sim.Result) {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	o := model.DefaultRealOption()
	o.CalibrationPaths, o.MaxBlocksPerDecision = 1000, 1
	opt := model.NewRealOption(1, 2, site.DefaultGPUCloud(), o)
	now, never := opt.Benchmarks()
	sc.Strategies = []model.StrategySpec{never, now, opt}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 3, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	return &sc, res
}

// TestOptionTables: the tables name the fit, the seeds, the value of
// flexibility with its benchmarks, the timing of each block and the
// boundary; the picture files named before the run are those drawn after.
func TestOptionTables(t *testing.T) {
	sc, res := optionRun(t)
	var b strings.Builder
	if err := OptionTables(&b, res, 4); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"real option 100% GPU cloud, 2 blocks, one a decision: 2 block(s) of 50 MW, 12 decision dates every 3 months (months 0 to 33)",
		"rule fitted on 1000 calibration paths (seed ", "= sim.OptionCalibrationSeed(3))",
		"priced on the run's own paths (seed 3); reads hashprice, btcPrice, gpuRent, gpuRegime",
		"value of flexibility V(option) − max(V(now), V(never)) = ",
		"block 1: never on ", "block 2: never on ", "mean MW converting: ",
		"month", "gpuRent (USD/GPU-hour)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	var drawn []string
	for _, p := range OptionPictures(res, 12, 24) {
		drawn = append(drawn, p.File)
	}
	if named := OptionPictureFiles(sc, 12, 24); !slices.Equal(named, drawn) {
		t.Errorf("named before the run %q, drawn %q", named, drawn)
	}
	if len(drawn) != 3+1+1+2 {
		t.Errorf("%d pictures: %q", len(drawn), drawn)
	}
}

// TestRunPageOptions: a run with real options has its section on the page,
// holding the option tables' text and a picture per option picture, none
// for a run without; the drivers observer works with an option fitted by
// the run.
func TestRunPageOptions(t *testing.T) {
	sc, res := optionRun(t)
	page, err := RunPage(res, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sec *Section
	for i := range page.Sections {
		if page.Sections[i].ID == "options" {
			sec = &page.Sections[i]
		}
	}
	if sec == nil {
		t.Fatal("no options section")
	}
	var b strings.Builder
	if err := OptionTables(&b, res, 4); err != nil {
		t.Fatal(err)
	}
	if sec.Pre != b.String() {
		t.Errorf("section text:\n%s\nwant OptionTables':\n%s", sec.Pre, b.String())
	}
	if got, want := len(sec.Figures), len(OptionPictures(res, OptionMapMonths...)); got != want || want == 0 {
		t.Errorf("%d pictures, want %d (> 0)", got, want)
	}
	plain := *sc
	plain.Strategies = plain.Strategies[:2]
	pres, err := sim.Run(context.Background(), &plain, sim.Config{Paths: 400, Seed: 3, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	if page, err = RunPage(pres, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Sections {
		if s.ID == "options" {
			t.Error("an options section without options")
		}
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := sim.NewDrivers(plan, 3, sim.DriverSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Run(context.Background(), sc, sim.Config{Paths: 400, Seed: 3, Antithetic: true, Observers: []sim.Observer{d}}); err != nil {
		t.Fatalf("drivers on a run that fits its option: %v", err)
	}
	if d.Paths() != 400 {
		t.Errorf("drivers recorded %d paths, want 400", d.Paths())
	}
}
