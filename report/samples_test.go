package report

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// smallRun is a run of the default scenario over one year on 400 paths,
// without bands.
func smallRun(t *testing.T) *sim.Result {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 1, Antithetic: true, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The tables compare strategies path by path: a Result without its NPV
// samples (read back from JSON written by WriteJSON), with samples of
// unequal length, with no strategy, or nil is an error naming the
// problem, not a panic, and nothing is written.
func TestTablesNeedSamples(t *testing.T) {
	res := smallRun(t)
	var js bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	read, err := sim.ReadResultJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	short := *res
	short.NPV = append([][]float64{res.NPV[0][:10]}, res.NPV[1:]...)
	none := *res
	none.Strategies, none.NPV = nil, nil
	tables := map[string]func(io.Writer, *sim.Result) error{
		"RiskTable": RiskTable, "DiffTable": DiffTable, "PrintTables": PrintTables, "Print": Print,
	}
	cases := []struct {
		name string
		res  *sim.Result
		want string
	}{
		{"read from JSON", read, "WriteJSONWithSamples"},
		{"unequal samples", &short, "has 400 NPV samples and strategy \"pure mining\" 10: want the same number"},
		{"no strategy", &none, "no strategy"},
		{"nil", nil, "nil result"},
	}
	for _, tc := range cases {
		for name, table := range tables {
			var out bytes.Buffer
			err := table(&out, tc.res)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s of a result %s: error %v, want one saying %q", name, tc.name, err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("%s of a result %s wrote %q", name, tc.name, out.String())
			}
		}
	}
	if _, err := SavePictures(context.Background(), t.TempDir(), nil); err == nil {
		t.Error("SavePictures of a nil result succeeded")
	}
}

// Print is the run line followed by the tables; PrintTables leaves out the
// difference table of a run of one strategy.
func TestPrint(t *testing.T) {
	res := smallRun(t)
	var all, tables bytes.Buffer
	if err := Print(&all, res); err != nil {
		t.Fatal(err)
	}
	if err := PrintTables(&tables, res); err != nil {
		t.Fatal(err)
	}
	if want := RunLine(res) + "\n" + tables.String(); all.String() != want {
		t.Errorf("Print wrote\n%s\nwant\n%s", all.String(), want)
	}
	if !strings.Contains(tables.String(), "\n\nvs pure mining (same paths)") {
		t.Errorf("no difference table:\n%s", tables.String())
	}
	one := *res
	one.Strategies, one.NPV = res.Strategies[:1], res.NPV[:1]
	tables.Reset()
	if err := PrintTables(&tables, &one); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSuffix(tables.String(), "\n"), "\n"); len(lines) != 4 || strings.Contains(tables.String(), "vs ") {
		t.Errorf("tables of one strategy:\n%s", tables.String())
	}
}

// A hand-made Result without a scenario, or whose scenario lists fewer
// strategies, has the first strategy as its baseline; one with none has
// none.
func TestBaselineOfHandMadeResults(t *testing.T) {
	res := smallRun(t)
	noScenario := *res
	noScenario.Scenario = nil
	if j, name := Baseline(&noScenario); j != 0 || name != res.Strategies[0].Name {
		t.Errorf("without a scenario: %d %q", j, name)
	}
	sc := *res.Scenario
	sc.Strategies = []model.StrategySpec{model.FullAI(0, nil), model.FullAI(0, nil), model.FullAI(0, nil), model.PureMining()}
	longer := *res
	longer.Scenario = &sc
	if j, _ := Baseline(&longer); j != 0 {
		t.Errorf("pure mining beyond the result's strategies: baseline %d, want 0", j)
	}
	if j, name := Baseline(&sim.Result{}); j != -1 || name != "" {
		t.Errorf("no strategy: %d %q", j, name)
	}
	if j, name := Baseline(nil); j != -1 || name != "" {
		t.Errorf("nil: %d %q", j, name)
	}
}
