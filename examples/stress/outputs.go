package main

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// results is what -json writes: the study's settings and a row per
// strategy of every scenario.
type results struct {
	Program    string      `json:"program"`
	Seed       uint64      `json:"seed"`
	Paths      int         `json:"paths"`
	Antithetic bool        `json:"antithetic"`
	Rows       []stressRow `json:"rows"`
	// Funding holds a row per financed strategy (none without one).
	Funding []fundingRow `json:"funding,omitempty"`
}

// stressRow is one strategy of one scenario: its figures and, if it has a
// base counterpart, its moves from it on the same paths with their paired
// standard errors (USD).
type stressRow struct {
	Scenario       string   `json:"scenario"`
	ScenarioSHA256 string   `json:"scenarioSHA256"`
	Strategy       string   `json:"strategy"`
	BaseStrategy   string   `json:"baseStrategy,omitempty"`
	MeanUSD        float64  `json:"meanUSD"`
	ES95USD        float64  `json:"es95USD"`
	ProbLoss       float64  `json:"probLoss"`
	DMeanUSD       *float64 `json:"dMeanUSD,omitempty"`
	DMeanStderrUSD *float64 `json:"dMeanStderrUSD,omitempty"`
	DES95USD       *float64 `json:"dES95USD,omitempty"`
	DES95StderrUSD *float64 `json:"dES95StderrUSD,omitempty"`
	baseIndex      int      // the counterpart's index in the base, −1 if none
}

// stressRows returns a row per strategy of every study, the base first.
func stressRows(studies []study) ([]stressRow, error) {
	base := &studies[0]
	var rows []stressRow
	for k := range studies {
		st := &studies[k]
		hash, _ := report.HashScenario(&st.sc)
		for j, s := range st.res.Strategies {
			r := stressRow{Scenario: st.sc.Name, ScenarioSHA256: hash, Strategy: s.Name, MeanUSD: s.Mean, ES95USD: s.ES95, ProbLoss: s.ProbLoss, baseIndex: j}
			if k > 0 {
				r.baseIndex = counterpart(base, st, j)
			}
			if k > 0 && r.baseIndex >= 0 {
				ref := base.res.NPV[r.baseIndex]
				m, sm, err := sim.MeasureMean.DiffPairing(st.res.NPV[j], ref, st.res.Config.Pairing())
				if err != nil {
					return nil, err
				}
				e, se, err := sim.MeasureES95.DiffPairing(st.res.NPV[j], ref, st.res.Config.Pairing())
				if err != nil {
					return nil, err
				}
				r.BaseStrategy = base.res.Strategies[r.baseIndex].Name
				r.DMeanUSD, r.DMeanStderrUSD, r.DES95USD, r.DES95StderrUSD = &m, &sm, &e, &se
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// outputs returns what -json, -csv and -html write for the studies run
// with cfg.
func outputs(studies []study, cfg sim.Config) (results, cli.SweepTable, report.Page, error) {
	rows, err := stressRows(studies)
	if err != nil {
		return results{}, cli.SweepTable{}, report.Page{}, err
	}
	r := results{Program: "stress", Seed: cfg.Seed, Paths: cfg.Paths, Antithetic: cfg.Antithetic, Rows: rows, Funding: fundingRows(studies)}
	g := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	t := cli.SweepTable{Header: []string{"scenario", "strategy", "base_strategy", "mean_usd", "es95_usd", "prob_loss",
		"d_mean_usd", "d_mean_stderr_usd", "d_es95_usd", "d_es95_stderr_usd"}}
	h := report.HTMLTable{ID: "stress-table", Left: 2, Header: []string{"strategy", "scenario", "mean", "Δ mean ± s.e.", "ES 95%", "Δ ES 95% ± s.e.", "P(loss)"}}
	var pts []plots.StressPoint
	for _, x := range rows {
		t.Rows = append(t.Rows, []string{x.Scenario, x.Strategy, x.BaseStrategy, g(&x.MeanUSD), g(&x.ES95USD), g(&x.ProbLoss),
			g(x.DMeanUSD), g(x.DMeanStderrUSD), g(x.DES95USD), g(x.DES95StderrUSD)})
		dm, de := "—", "—"
		if x.DMeanUSD != nil {
			dm = fmt.Sprintf("%+.2f ± %.2f", *x.DMeanUSD/1e6, *x.DMeanStderrUSD/1e6)
			de = fmt.Sprintf("%+.2f ± %.2f", *x.DES95USD/1e6, *x.DES95StderrUSD/1e6)
		}
		h.Rows = append(h.Rows, []string{x.Strategy, x.Scenario, report.MUSD(x.MeanUSD, 2), dm, report.MUSD(x.ES95USD, 2), de, report.Pct(x.ProbLoss)})
		if x.baseIndex >= 0 {
			pts = append(pts, plots.StressPoint{Scenario: x.Scenario, Strategy: x.baseIndex, Label: studies[0].res.Strategies[x.baseIndex].Name,
				MeanNPVUSD: x.MeanUSD, ES95USD: x.ES95USD})
		}
	}
	facts := []report.Fact{{Label: "paths", Value: fmt.Sprintf("%d, every scenario on the same paths", cfg.Paths)},
		{Label: "seed", Value: strconv.FormatUint(cfg.Seed, 10)}}
	for _, st := range studies {
		hash, _ := report.HashScenario(&st.sc)
		facts = append(facts, report.Fact{Label: "scenario " + st.sc.Name, Value: hash})
	}
	page := report.Page{Title: fmt.Sprintf("pivotrisk stress study \u2014 base %q", studies[0].sc.Name), Facts: facts,
		Sections: []report.Section{{ID: "stress", Heading: "Stress scenarios beside the base",
			Text:   []string{"NPV in M USD. Δ is the move from the base strategy on the same paths, ± its paired standard error; a stress strategy named differently is compared with the base strategy of its kind and share."},
			Tables: []report.HTMLTable{h},
			Figures: []report.Picture{{File: "stress.svg", Make: func() (*plot.Plot, error) {
				return plots.Stress("Stress scenarios: mean NPV against ES95 (each strategy's spokes start at the base)", pts)
			}}}}}}
	return r, t, page, nil
}

// samples returns the per-path table of the studies, whose paths are the
// same: path, pair, then each scenario's strategies' NPVs, named
// "npv_usd.SCENARIO/STRATEGY".
func samples(studies []study) (*report.Samples, error) {
	var out *report.Samples
	for _, st := range studies {
		s, err := report.NewSamples(st.res, nil)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = &report.Samples{Columns: s.Columns[:2]}
		}
		for _, c := range s.Columns[2:] {
			c.Name = "npv_usd." + st.sc.Name + "/" + c.Name[len("npv_usd."):]
			out.Columns = append(out.Columns, c)
		}
	}
	return out, nil
}
