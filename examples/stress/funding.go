package main

import (
	"fmt"
	"io"
	"math"

	"github.com/pivotrisk/pivotrisk/report"
)

// fundingRow is one financed strategy of one scenario in -json: its
// project and equity NPV, levered IRR and liquidity figures (USD, shares).
type fundingRow struct {
	Scenario          string  `json:"scenario"`
	Strategy          string  `json:"strategy"`
	ProjectMeanUSD    float64 `json:"projectMeanUSD"`
	EquityMeanUSD     float64 `json:"equityMeanUSD"`
	EquityStderrUSD   float64 `json:"equityStderrUSD"`
	LeveredIRRMedian  float64 `json:"leveredIRRMedianPerYear"`
	ProbFundingGap    float64 `json:"probFundingGap"`
	GapMeanUSD        float64 `json:"gapMeanUSD"`
	ProbDefault       float64 `json:"probDefault"`
	MinCashP5USD      float64 `json:"minCashP5USD"`
	MinLiquidityP5USD float64 `json:"minLiquidityP5USD"`
	WorstCFaRUSD      float64 `json:"worstCFaRUSD"`
	MaxProbBreach     float64 `json:"maxProbCovenantBreach"`
}

// fundingRows returns a row per financed strategy of every study.
func fundingRows(studies []study) []fundingRow {
	var rows []fundingRow
	for _, st := range studies {
		for _, f := range st.res.Funding {
			r := fundingRow{Scenario: st.sc.Name, Strategy: f.Name, ProjectMeanUSD: f.ProjectMean,
				EquityMeanUSD: f.Equity.Mean, EquityStderrUSD: f.Equity.Stderr, LeveredIRRMedian: f.LeveredIRR.MedianPerYear,
				ProbFundingGap: f.ProbFundingGap, GapMeanUSD: f.GapMean, ProbDefault: f.ProbDefault,
				MinCashP5USD: f.MinCash.P5, MinLiquidityP5USD: f.MinLiquidity.P5, WorstCFaRUSD: math.Inf(1)}
			for y, c := range f.CFaRByYear {
				r.WorstCFaRUSD = math.Min(r.WorstCFaRUSD, c)
				r.MaxProbBreach = math.Max(r.MaxProbBreach, f.ProbBreachByYear[y])
			}
			if math.IsInf(r.WorstCFaRUSD, 1) {
				r.WorstCFaRUSD = 0
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// fundingTable writes the funding table of the scenarios whose strategies
// have a capital structure, nothing if none has.
func fundingTable(w io.Writer, studies []study) error {
	rows := fundingRows(studies)
	if len(rows) == 0 {
		return nil
	}
	fmt.Fprint(w, "\nFunding: the financed strategies' equity beside their project (M USD), levered IRR median,\n"+
		"P(funding gap), mean gap, P(company default), minimum liquidity P5, the worst year's CFaR and\n"+
		"the highest yearly P(covenant breach):\n\n")
	t := report.Table{Left: 2}
	t.Row("strategy", "scenario", "project mean", "equity mean ± s.e.", "levered IRR", "P(gap)", "gap", "P(default)", "min liq. P5", "worst CFaR", "max P(breach)")
	for _, r := range rows {
		irr := "—"
		if !math.IsNaN(r.LeveredIRRMedian) {
			irr = report.Pct(r.LeveredIRRMedian)
		}
		t.Row(r.Strategy, r.Scenario, report.MUSD(r.ProjectMeanUSD, 2), report.MUSD(r.EquityMeanUSD, 2)+" ± "+report.MUSD(r.EquityStderrUSD, 2),
			irr, report.Pct(r.ProbFundingGap), report.MUSD(r.GapMeanUSD, 1), report.Pct(r.ProbDefault),
			report.MUSD(r.MinLiquidityP5USD, 1), report.MUSD(r.WorstCFaRUSD, 1), report.Pct(r.MaxProbBreach))
	}
	return t.Write(w)
}
