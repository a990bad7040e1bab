package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// MUSD formats a USD amount in millions with the given decimals.
func MUSD(usd float64, decimals int) string {
	return fmt.Sprintf("%.*f", decimals, usd/1e6)
}

// Pct formats a share as a percentage with one decimal.
func Pct(share float64) string {
	return fmt.Sprintf("%.1f%%", 100*share)
}

// Table is a text table with left-aligned leading columns (the names) and
// right-aligned others (text/tabwriter), for numbers that line up on their
// last digit.
type Table struct {
	// Left is the number of leading columns aligned left; 0 means 1.
	Left int

	rows [][]string
}

// Row adds a row of cells; a row of no cells is an empty line that keeps
// the columns of the rows around it aligned.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Write writes the table to w.
func (t *Table) Write(w io.Writer) error {
	left := max(t.Left, 1)
	widths := make([]int, left)
	cols := 0
	for _, r := range t.rows {
		for i := 0; i < len(r) && i < left; i++ {
			widths[i] = max(widths[i], len([]rune(r[i])))
		}
		cols = max(cols, len(r))
	}
	// Right alignment pads every cell on its left, the first one too; the
	// lines are written to a buffer and that first padding cut off.
	const pad = 2
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, pad, ' ', tabwriter.AlignRight)
	for _, r := range t.rows {
		if len(r) == 0 {
			// Empty cells, not an empty line, which would end
			// tabwriter's column block.
			r = make([]string, cols)
		}
		for i, cell := range r {
			if i < left {
				// Pad the leading columns to one width each so that
				// right alignment leaves them flush left.
				cell = fmt.Sprintf("%-*s", widths[i], cell)
			}
			fmt.Fprint(tw, cell, "\t")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		line = strings.TrimRight(strings.TrimPrefix(line, strings.Repeat(" ", pad)), " ")
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Baseline returns the index of the strategy of res that others are
// compared with, and its name: the first pure-mining strategy, or the
// first strategy if there is none.
func Baseline(res *sim.Result) (int, string) {
	for j, sp := range res.Scenario.Strategies {
		if sp.Kind == model.KindPureMining {
			return j, res.Strategies[j].Name
		}
	}
	return 0, res.Strategies[0].Name
}

// RiskTable writes one row per strategy of res: mean NPV ± its standard
// error, the 5th, 50th and 95th percentiles, VaR 95 % and ES 95 % (losses
// as positive numbers), all in M USD, the probability of a loss, and the
// probability of beating the baseline strategy (Baseline) on the same path.
func RiskTable(w io.Writer, res *sim.Result) error {
	b, bname := Baseline(res)
	var t Table
	t.Row("strategy", "mean ± s.e.", "P5", "P50", "P95", "VaR 95%", "ES 95%", "P(loss)", "P(beats "+bname+")")
	for j, s := range res.Strategies {
		beats := "—"
		if j != b {
			c, err := sim.Compare(res.NPV[j], res.NPV[b])
			if err != nil {
				return err
			}
			beats = Pct(c.ProbAGreater)
		}
		q := s.Quantiles
		t.Row(s.Name, MUSD(s.Mean, 2)+" ± "+MUSD(s.Stderr, 2), MUSD(q.P5, 1), MUSD(q.P50, 1), MUSD(q.P95, 1),
			MUSD(s.VaR95, 1), MUSD(s.ES95, 1), Pct(s.ProbLoss), beats)
	}
	return t.Write(w)
}

// DiffTable writes, for every strategy but the baseline (Baseline), its
// difference from the baseline path by path: the mean NPV difference and
// the ES 95 % difference, each ± its paired standard error
// (sim.Measure.Diff), in M USD. Because both strategies see the same
// market, these errors are far smaller than the strategies' own.
func DiffTable(w io.Writer, res *sim.Result) error {
	b, bname := Baseline(res)
	var t Table
	t.Row("vs "+bname+" (same paths)", "Δ mean ± s.e.", "Δ ES 95% ± s.e.")
	for j, s := range res.Strategies {
		if j == b {
			continue
		}
		dm, sm, err := sim.MeasureMean.Diff(res.NPV[j], res.NPV[b], res.Config.Antithetic)
		if err != nil {
			return err
		}
		de, se, err := sim.MeasureES95.Diff(res.NPV[j], res.NPV[b], res.Config.Antithetic)
		if err != nil {
			return err
		}
		t.Row(s.Name, signed(dm)+" ± "+MUSD(sm, 2), signed(de)+" ± "+MUSD(se, 2))
	}
	return t.Write(w)
}

// signed formats a USD difference in M USD with two decimals and a sign.
func signed(usd float64) string {
	return fmt.Sprintf("%+.2f", usd/1e6)
}

// RunLine describes a run in one line: paths, antithetic, seed, workers,
// wall time and speed.
func RunLine(res *sim.Result) string {
	anti := ""
	if res.Config.Antithetic {
		anti = " (antithetic pairs)"
	}
	return fmt.Sprintf("%d paths%s of %d steps, seed %d, %d workers: %.1f s, %.0f paths/s",
		res.Run.Paths, anti, res.Run.Steps, res.Config.Seed, res.Run.Workers, res.Run.WallSeconds, res.Run.PathsPerSecond)
}
