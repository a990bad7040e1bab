package report

import (
	"io"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Baseline returns the index of the strategy of res that the others are
// compared with, and its name: the first pure-mining strategy, or the
// first strategy if there is none (or res does not say which strategies
// mine, as a hand-made Result may not). It returns −1 and "" if res has no
// strategy.
func Baseline(res *sim.Result) (int, string) {
	if res == nil || len(res.Strategies) == 0 {
		return -1, ""
	}
	if res.Scenario != nil {
		for j, sp := range res.Scenario.Strategies {
			if sp.Kind == model.KindPureMining && j < len(res.Strategies) {
				return j, res.Strategies[j].Name
			}
		}
	}
	return 0, res.Strategies[0].Name
}

// RiskTable writes one row per strategy of res: mean NPV ± its standard
// error (the header names the replicates under RQMC), the 5th, 50th and 95th percentiles, VaR 95 % and ES 95 % (losses
// as positive numbers), all in M USD, the probability of a loss, and the
// probability of beating the baseline strategy (Baseline) on the same
// path. res must hold its NPV samples, as a Result of sim.Run does.
func RiskTable(w io.Writer, res *sim.Result) error {
	rows, err := riskRows(res)
	if err != nil {
		return err
	}
	var t Table
	for _, r := range rows {
		t.Row(r...)
	}
	return t.Write(w)
}

// riskRows returns the cells of RiskTable, its header first.
func riskRows(res *sim.Result) ([][]string, error) {
	if err := checkSamples(res); err != nil {
		return nil, err
	}
	b, bname := Baseline(res)
	rows := [][]string{{"strategy", "mean ± s.e." + seSuffix(res), "P5", "P50", "P95", "VaR 95%", "ES 95%", "P(loss)", "P(beats " + bname + ")"}}
	for j, s := range res.Strategies {
		beats := "—"
		if j != b {
			c, err := sim.Compare(res.NPV[j], res.NPV[b])
			if err != nil {
				return nil, err
			}
			beats = Pct(c.ProbAGreater)
		}
		q := s.Quantiles
		rows = append(rows, []string{s.Name, MUSD(s.Mean, 2) + " ± " + MUSD(s.Stderr, 2), MUSD(q.P5, 1), MUSD(q.P50, 1), MUSD(q.P95, 1),
			MUSD(s.VaR95, 1), MUSD(s.ES95, 1), Pct(s.ProbLoss), beats})
	}
	return rows, nil
}
