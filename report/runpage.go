package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/sim"
)

// RunPage returns the HTML report of a run (Page.WriteHTML): the scenario
// and provenance (seed, paths, library and Go versions, the scenario's
// SHA-256, the result's checksum if it has one), the risk table and the
// paired comparison (the cells of RiskTable and DiffTable), the NPV
// pictures with a histogram per strategy, what drives each strategy's NPV
// and its tail (an's drivers, with the rank tornado and scatter plots
// against the top two drivers, which need d, the drivers' per-path
// values), each real option's fit, value, timing, boundary and pictures
// (OptionTables, OptionPictures), where the NPV comes from (an's attribution, a waterfall per
// strategy), how the mean and ES 95 % converged, the fan charts (res's
// bands), and the run's configuration and scenario as JSON. an and d may
// be nil: their sections are then left out. res must hold its NPV
// samples.
func RunPage(res *sim.Result, an *Analysis, d *sim.Drivers) (Page, error) {
	risk, err := riskRows(res)
	if err != nil {
		return Page{}, err
	}
	page := Page{Title: "pivotrisk report", Facts: runFacts(res)}
	if res.Scenario != nil && res.Scenario.Name != "" {
		page.Title = fmt.Sprintf("pivotrisk report \u2014 scenario %q", res.Scenario.Name)
	}
	riskSec := Section{ID: "risk", Heading: "Risk of each strategy",
		Text:   []string{"NPV in M USD. VaR and ES are losses: positive numbers are money lost in the worst 5 % of paths. P(beats …) compares each strategy with the baseline on the same paths."},
		Tables: []HTMLTable{{ID: "risk-table", Header: risk[0], Rows: risk[1:]}},
		Figures: []Picture{
			{File: "npv-distribution.svg", Make: func() (*plot.Plot, error) { return plots.NPVDistribution(res) }},
			{File: "npv-cdf.svg", Make: func() (*plot.Plot, error) { return plots.NPVCDF(res) }},
		}}
	for _, name := range res.StrategyNames() {
		riskSec.Figures = append(riskSec.Figures, Picture{File: "npv-histogram-" + Slug(name) + ".svg",
			Make: func() (*plot.Plot, error) { return plots.NPVHistogram(res, name) }})
	}
	page.Sections = append(page.Sections, riskSec)
	if len(res.Strategies) > 1 {
		diff, err := diffRows(res)
		if err != nil {
			return Page{}, err
		}
		page.Sections = append(page.Sections, Section{ID: "comparison", Heading: "Paired comparison with the baseline",
			Text:   []string{"Differences path by path, in M USD, ± their paired standard errors (antithetic pairs count as one draw). Both strategies see the same market, so these errors are far smaller than the strategies' own."},
			Tables: []HTMLTable{{ID: "diff-table", Header: diff[0], Rows: diff[1:]}}})
	}
	if len(res.Funding) > 0 {
		page.Sections = append(page.Sections, fundingSection(res))
	}
	if len(res.Options) > 0 {
		sec, err := optionSection(res)
		if err != nil {
			return Page{}, err
		}
		page.Sections = append(page.Sections, sec)
	}
	if an != nil {
		page.Sections = append(page.Sections, driverSections(res, an, d)...)
		if len(an.Attribution) > 0 {
			page.Sections = append(page.Sections, attributionSection(an))
		}
		page.Sections = append(page.Sections, convergenceSection(an))
	}
	if res.Bands != nil {
		page.Sections = append(page.Sections, fanSection(res))
	}
	page.Sections = append(page.Sections, configSection(res))
	return page, nil
}

// runFacts returns the provenance lines of a run.
func runFacts(res *sim.Result) []Fact {
	c := res.Config
	anti := "independent paths"
	switch {
	case c.Antithetic:
		anti = "antithetic pairs"
	case c.Sampling == sim.RQMC:
		anti = fmt.Sprintf("randomized QMC: %d scramblings of a Sobol sequence with a Brownian bridge, standard errors and intervals from the spread of the %d replicates (estimator %s)",
			c.Replicates, c.Replicates, c.Pairing().Estimator())
	}
	facts := []Fact{}
	if res.Scenario != nil {
		facts = append(facts, Fact{"scenario", res.Scenario.Name})
		if sum, err := ScenarioHash(res); err == nil {
			facts = append(facts, Fact{"scenario SHA-256", sum})
		}
	}
	facts = append(facts,
		Fact{"strategies", strconv.Itoa(len(res.Strategies))},
		Fact{"paths", fmt.Sprintf("%d (%s), first path %d", res.Run.Paths, anti, res.Run.FirstPath)},
		Fact{"steps", fmt.Sprintf("%d of %.4g years", res.Run.Steps, res.Run.DtYears)},
		Fact{"seed", strconv.FormatUint(c.Seed, 10)},
		Fact{"library", res.Provenance.Library},
		Fact{"Go", fmt.Sprintf("%s %s/%s", res.Provenance.GoVersion, res.Provenance.GOOS, res.Provenance.GOARCH)})
	if res.Provenance.Checksum != "" {
		facts = append(facts, Fact{"result checksum", res.Provenance.Checksum})
	}
	return facts
}

// ScenarioHash returns "sha256:" and the hexadecimal SHA-256 of the JSON
// of res's scenario (as encoding/json writes it), which names the
// scenario a run was of: the same scenario gives the same hash. Custom
// strategies (Go values) are not in the JSON.
func ScenarioHash(res *sim.Result) (string, error) {
	return HashScenario(res.Scenario)
}

// HashScenario returns "sha256:" and the hexadecimal SHA-256 of the JSON
// of sc (as encoding/json writes it); see ScenarioHash.
func HashScenario(sc *model.Scenario) (string, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(h[:]), nil
}

// configSection returns the section of the run's configuration and
// scenario as JSON.
func configSection(res *sim.Result) Section {
	cfg, _ := json.MarshalIndent(res.Config, "", "  ")
	sc, _ := json.MarshalIndent(res.Scenario, "", "  ")
	return Section{ID: "config", Heading: "Configuration and scenario",
		Text: []string{"The run's configuration and scenario as JSON: with the same library version and architecture they reproduce every number above."},
		Pre:  string(cfg) + "\n\n" + string(sc)}
}

// fanSection returns the section of the fan charts.
func fanSection(res *sim.Result) Section {
	sec := Section{ID: "fans", Heading: "Market and cash over time",
		Text: []string{fmt.Sprintf("Medians and 25–75 %% / 5–95 %% bands over the first %d paths.", res.Bands.Paths)}}
	for _, pic := range ResultPictures(res)[2:] {
		pic.File = pic.File[:len(pic.File)-len(".png")] + ".svg"
		sec.Figures = append(sec.Figures, pic)
	}
	return sec
}

// fmtRho formats a rank correlation, "—" where undefined.
func fmtRho(r *float64) string {
	if r == nil {
		return "—"
	}
	return strconv.FormatFloat(*r, 'f', 2, 64)
}

// fmtDriver formats a driver's value in its unit with about four
// significant digits.
func fmtDriver(v float64) string {
	if math.Abs(v) >= 1e4 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
