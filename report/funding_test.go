package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/sim"
)

// A financed run prints its funding tables after the risk tables, with the
// Result's figures, and its run page has a funding section; a run without
// a capital structure has neither.
func TestFundingTables(t *testing.T) {
	sc := model.DefaultScenario()
	f := funding.DefaultStructure("full AI colocation")
	f.CommittedEquityUSD = 260e6
	sc.Funding = []funding.Structure{f}
	cfg := sim.Config{Paths: 400, Seed: 3, Workers: 2, Antithetic: true}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := PrintTables(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	fs := res.Funding[0]
	for _, want := range []string{"Funding risk", "full AI colocation", MUSD(fs.Equity.Mean, 2) + " ± " + MUSD(fs.Equity.Stderr, 2),
		Pct(fs.ProbFundingGap), MUSD(fs.CFaRByYear[0], 1), "P(breach)", "y10"} {
		if !strings.Contains(out, want) {
			t.Errorf("printed tables lack %q:\n%s", want, out)
		}
	}
	page, err := RunPage(res, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasSection(page, "funding") {
		t.Error("the run page of a financed run has no funding section")
	}
	sc.Funding = nil
	if res, err = sim.Run(context.Background(), &sc, cfg); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := PrintTables(&b, res); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Funding") {
		t.Errorf("an all-equity run prints funding tables:\n%s", b.String())
	}
	if page, err = RunPage(res, nil, nil); err != nil || hasSection(page, "funding") {
		t.Errorf("all-equity run page: %v, funding section %v", err, hasSection(page, "funding"))
	}
}

// hasSection reports whether page has a section of the given id.
func hasSection(p Page, id string) bool {
	for _, s := range p.Sections {
		if s.ID == id {
			return true
		}
	}
	return false
}
