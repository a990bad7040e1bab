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
		"there is one, P(company default), the 5 % quantiles of the minimum cash (before equity calls, revolver\n"+
		"draws and raises) and of the minimum liquidity (cash + undrawn revolver + uncalled commitment) and the\n"+
		"mean dilution:\n\n"); err != nil {
		return err
	}
	var t Table
	for _, r := range fundingRows(res.Funding) {
		t.Row(r...)
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

// fundingRows returns the cells of the funding table, its header first.
func fundingRows(fs []sim.FundingSummary) [][]string {
	rows := [][]string{{"strategy", "project mean", "equity mean ± s.e.", "equity P5", "levered IRR P50", "financing", "P(gap)", "gap", "P(default)", "min cash P5", "min liq. P5", "dilution"}}
	for _, f := range fs {
		rows = append(rows, []string{f.Name, MUSD(f.ProjectMean, 2), MUSD(f.Equity.Mean, 2) + " ± " + MUSD(f.Equity.Stderr, 2), MUSD(f.Equity.Quantiles.P5, 1),
			irrCell(f.LeveredIRR), signedMUSD(f.FinancingValue), Pct(f.ProbFundingGap), MUSD(f.GapMean, 1),
			Pct(f.ProbDefault), MUSD(f.MinCash.P5, 1), MUSD(f.MinLiquidity.P5, 1), MUSD(f.MeanDilution, 1)})
	}
	return rows
}

// fundingYearRows returns the cells of the per-year table, its header
// first: per strategy a row of CFaR, of P(breach) and of P(default).
func fundingYearRows(fs []sim.FundingSummary) [][]string {
	years := len(fs[0].CFaRByYear)
	head := []string{"strategy", "figure"}
	for y := range years {
		head = append(head, fmt.Sprintf("y%d", y+1))
	}
	rows := [][]string{head}
	for _, f := range fs {
		cfar, breach, def := []string{f.Name, "CFaR"}, []string{"", "P(breach)"}, []string{"", "P(default)"}
		for y := range years {
			cfar = append(cfar, MUSD(f.CFaRByYear[y], 1))
			breach = append(breach, Pct(f.ProbBreachByYear[y]))
			def = append(def, Pct(f.ProbDefaultByYear[y]))
		}
		rows = append(rows, cfar, breach, def)
	}
	return rows
}

// fundingYears writes the per-year table.
func fundingYears(w io.Writer, fs []sim.FundingSummary) error {
	t := Table{Left: 2}
	for _, r := range fundingYearRows(fs) {
		t.Row(r...)
	}
	return t.Write(w)
}

// fundingSection is the run page's section of the funding tables.
func fundingSection(res *sim.Result) Section {
	rows, years := fundingRows(res.Funding), fundingYearRows(res.Funding)
	return Section{ID: "funding", Heading: "Funding risk",
		Text: []string{"Per strategy with a capital structure, in M USD: equity NPV beside project NPV, the levered IRR's median, " +
			"the financing's value (equity − project on the same paths), P(funding gap: new equity at a discount or default) and the mean gap " +
			"when there is one, P(company default), the 5 % quantiles of the minimum cash (before equity calls, revolver draws and raises) " +
			"and of the minimum liquidity (cash + undrawn revolver + uncalled commitment) " +
			"and the mean dilution; then, by year, the cash-flow-at-risk (5 % quantile of the year's free cash flow), P(covenant breach) " +
			"and P(default by the year's end)."},
		Tables: []HTMLTable{{ID: "funding-table", Header: rows[0], Rows: rows[1:]},
			{ID: "funding-years", Header: years[0], Rows: years[1:], Left: 2}}}
}
