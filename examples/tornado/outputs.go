package main

import (
	"fmt"
	"strconv"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// results is what -json writes: the study's settings and every row.
type results struct {
	Program        string           `json:"program"`
	Scenario       string           `json:"scenario"`
	ScenarioSHA256 string           `json:"scenarioSHA256"`
	Strategy       string           `json:"strategy"`
	Measure        sim.Measure      `json:"measure"`
	Seed           uint64           `json:"seed"`
	Paths          int              `json:"paths"`
	Antithetic     bool             `json:"antithetic"`
	Rows           []sim.TornadoRow `json:"rows"`
}

// outputs returns what -json, -csv and -html write for the rows of a
// study of strategy name in sc, and the picture.
func outputs(sc *model.Scenario, name string, measure sim.Measure, cfg sim.Config, rows []sim.TornadoRow, pic report.Picture) (results, cli.SweepTable, report.Page) {
	hash, _ := report.HashScenario(sc)
	r := results{Program: "tornado", Scenario: sc.Name, ScenarioSHA256: hash, Strategy: name, Measure: measure, Seed: cfg.Seed,
		Paths: cfg.Paths, Antithetic: cfg.Antithetic, Rows: rows}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	t := cli.SweepTable{Header: []string{"input", "unit", "field", "low", "base", "high", "at_low", "at_base", "at_high",
		"low_stderr", "high_stderr", "swing", "swing_stderr"}}
	h := report.HTMLTable{ID: "tornado-table", Left: 2, Header: []string{"input", "unit", "low", "base", "high", "at low", "at base", "at high", "swing ± s.e."}}
	for _, x := range rows {
		t.Rows = append(t.Rows, []string{x.Input, x.Unit, x.Field, g(x.Low), g(x.Base), g(x.High), g(x.AtLow), g(x.AtBase), g(x.AtHigh),
			g(x.LowStderr), g(x.HighStderr), g(x.Swing), g(x.SwingStderr)})
		h.Rows = append(h.Rows, []string{x.Input, x.Unit, num(x.Low), num(x.Base), num(x.High), report.MUSD(x.AtLow, 2), report.MUSD(x.AtBase, 2),
			report.MUSD(x.AtHigh, 2), fmt.Sprintf("%+.2f ± %.2f", x.Swing/1e6, x.SwingStderr/1e6)})
	}
	src := report.HTMLTable{ID: "tornado-sources", Header: []string{"input", "where the low and high values come from"}}
	for _, x := range rows {
		src.Rows = append(src.Rows, []string{x.Input, x.Source})
	}
	pic.File = "tornado.svg"
	page := report.Page{Title: fmt.Sprintf("pivotrisk tornado \u2014 %s of %s, scenario %q", measure, name, sc.Name),
		Facts: []report.Fact{{Label: "scenario", Value: sc.Name}, {Label: "scenario SHA-256", Value: hash}, {Label: "strategy", Value: name},
			{Label: "measure", Value: measure.String()}, {Label: "paths", Value: fmt.Sprintf("%d per run, every run on the same paths", cfg.Paths)},
			{Label: "seed", Value: strconv.FormatUint(cfg.Seed, 10)}},
		Sections: []report.Section{{ID: "tornado", Heading: "One input at a time",
			Text:    []string{fmt.Sprintf("%s in M USD with each input at its low and high value, the others at base; the swing is high − low, ± its paired standard error.", measure)},
			Tables:  []report.HTMLTable{h, src},
			Figures: []report.Picture{pic}}}}
	return r, t, page
}
