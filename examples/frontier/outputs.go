package main

import (
	"fmt"
	"strconv"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// results is what -json writes: the run's settings and every point.
type results struct {
	Program        string  `json:"program"`
	Scenario       string  `json:"scenario"`
	ScenarioSHA256 string  `json:"scenarioSHA256"`
	Seed           uint64  `json:"seed"`
	Paths          int     `json:"paths"`
	Antithetic     bool    `json:"antithetic"`
	Points         []point `json:"points"`
}

// point is one share's point of the frontier, with whether it is
// efficient.
type point struct {
	Label     string `json:"label"`
	Efficient bool   `json:"efficient"`
	sim.FrontierPoint
}

// outputs returns what -json, -csv and -html write for the frontier pts
// of sc run with cfg, and the picture.
func outputs(sc *model.Scenario, cfg sim.Config, pts []sim.FrontierPoint, pic report.Picture) (results, cli.SweepTable, report.Page) {
	hash, _ := report.HashScenario(sc)
	r := results{Program: "frontier", Scenario: sc.Name, ScenarioSHA256: hash, Seed: cfg.Seed, Paths: cfg.Paths, Antithetic: cfg.Antithetic}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	t := cli.SweepTable{Header: []string{"fraction", "label", "mean_usd", "mean_stderr_usd", "es95_usd", "es95_stderr_usd", "var95_usd", "p50_usd", "prob_loss", "efficient"}}
	h := report.HTMLTable{ID: "frontier-table", Header: []string{"share converted", "mean ± s.e.", "ES 95% ± s.e.", "VaR 95%", "P50", "P(loss)", "efficient"}}
	for i, p := range pts {
		eff := !dominated(pts, i)
		r.Points = append(r.Points, point{Label: label(p.Fraction), Efficient: eff, FrontierPoint: p})
		su := p.Summary
		t.Rows = append(t.Rows, []string{g(p.Fraction), label(p.Fraction), g(su.Mean), g(su.Stderr), g(su.ES95), g(p.ES95Stderr),
			g(su.VaR95), g(su.Quantiles.P50), g(su.ProbLoss), strconv.FormatBool(eff)})
		h.Rows = append(h.Rows, []string{label(p.Fraction), report.MUSD(su.Mean, 2) + " ± " + report.MUSD(su.Stderr, 2),
			report.MUSD(su.ES95, 2) + " ± " + report.MUSD(p.ES95Stderr, 2), report.MUSD(su.VaR95, 1), report.MUSD(su.Quantiles.P50, 1),
			report.Pct(su.ProbLoss), map[bool]string{true: "yes", false: "no"}[eff]})
	}
	pic.File = "frontier.svg"
	page := report.Page{Title: fmt.Sprintf("pivotrisk frontier \u2014 scenario %q", sc.Name),
		Facts: []report.Fact{{Label: "scenario", Value: sc.Name}, {Label: "scenario SHA-256", Value: hash},
			{Label: "paths", Value: fmt.Sprintf("%d, every share on the same paths", cfg.Paths)}, {Label: "seed", Value: strconv.FormatUint(cfg.Seed, 10)}},
		Sections: []report.Section{{ID: "frontier", Heading: "Risk–return frontier of the hybrid",
			Text:    []string{"NPV in M USD; ES 95 % is the mean loss of the worst 5 % of paths; efficient: no other share has a higher mean and a lower ES 95 %."},
			Tables:  []report.HTMLTable{h},
			Figures: []report.Picture{pic}}}}
	return r, t, page
}
