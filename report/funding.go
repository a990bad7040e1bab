package report

import (
	"fmt"
	"io"
	"math"

	"github.com/pivotrisk/pivotrisk/sim"
)

// FundingTables writes the levered figures of res's strategies with a
// capital structure (sim.FundingSummary), nothing if none has one: a
// table of equity beside project NPV, the levered IRR, the financing's
// value, funding gaps, defaults and minimum liquidity; then, by year, each
// strategy's cash-flow-at-risk, probability of a covenant breach and
// cumulative probability of default.
func FundingTables(w io.Writer, res *sim.Result) error {
	if len(res.Funding) == 0 {
		return nil
	}
	if _, err := fmt.Fprint(w, "Funding risk (M USD): equity NPV beside project NPV, the levered IRR's median, the financing's value\n"+
		"(equity − project, same paths), P(funding gap: new equity at a discount or default) and the mean gap when\n"+
		"there is one, P(company default), the 5 % quantile of the minimum liquidity (cash + undrawn revolver +\n"+
		"uncalled commitment) and the mean dilution:\n\n"); err != nil {
		return err
	}
	var t Table
	t.Row("strategy", "project mean", "equity mean ± s.e.", "equity P5", "levered IRR P50", "financing", "P(gap)", "gap", "P(default)", "min liq. P5", "dilution")
	for _, f := range res.Funding {
		t.Row(f.Name, MUSD(f.ProjectMean, 2), MUSD(f.Equity.Mean, 2)+" ± "+MUSD(f.Equity.Stderr, 2), MUSD(f.Equity.Quantiles.P5, 1),
			irrCell(f.LeveredIRR), signedMUSD(f.FinancingValue), Pct(f.ProbFundingGap), MUSD(f.GapMean, 1),
			Pct(f.ProbDefault), MUSD(f.MinLiquidity.P5, 1), MUSD(f.MeanDilution, 1))
	}
	if err := t.Write(w); err != nil {
		return err
	}
	if _, err := fmt.Fprint(w, "\nBy year: cash-flow-at-risk (5 % quantile of the year's free cash flow, M USD), P(covenant breach), P(default by year end):\n\n"); err != nil {
		return err
	}
	return fundingYears(w, res.Funding)
}

// irrCell formats an IRR summary's median, "—" when no path defines it.
func irrCell(s sim.IRRSummary) string {
	if s.Defined == 0 || math.IsNaN(s.MedianPerYear) {
		return "—"
	}
	return Pct(s.MedianPerYear)
}

// fundingYears writes the per-year table, one row per strategy and figure.
func fundingYears(w io.Writer, fs []sim.FundingSummary) error {
	var t Table
	t.Left = 2
	years := len(fs[0].CFaRByYear)
	head := []string{"strategy", "figure"}
	for y := range years {
		head = append(head, fmt.Sprintf("y%d", y+1))
	}
	t.Row(head...)
	for _, f := range fs {
		cfar, breach, def := []string{f.Name, "CFaR"}, []string{"", "P(breach)"}, []string{"", "P(default)"}
		for y := range years {
			cfar = append(cfar, MUSD(f.CFaRByYear[y], 1))
			breach = append(breach, Pct(f.ProbBreachByYear[y]))
			def = append(def, Pct(f.ProbDefaultByYear[y]))
		}
		t.Row(cfar...)
		t.Row(breach...)
		t.Row(def...)
	}
	return t.Write(w)
}
