// Command frontier sweeps the share of the site converted to AI hosting
// (0 = pure mining, 1 = full AI; by default 0, 0.1, …, 1), runs every share
// on the same paths, prints each one's mean NPV and ES 95 % with their
// standard errors, marks the shares no other share beats on both, and draws
// the risk–return frontier.
//
//	go run ./examples/frontier
//	go run ./examples/frontier -fractions 0,0.25,0.5,0.75,1 -scenario examples/scenarios/gpu-glut.json
//	go run ./examples/frontier -json frontier.json -csv frontier.csv -html frontier.html
//	go run ./examples/frontier -samples frontier.parquet   # every path's NPV, IRR, payback per share
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

// defaultPaths: eleven hybrids share each market path, so a path costs
// little more than one of the quickstart's; 20,000 paths take about 7 s
// of CPU, 3.6 s on two free cores.
const defaultPaths = 20_000

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("frontier", "[flags]",
		"Sweeps the hybrid's converted share from pure mining to full AI on the same\n"+
			"paths, prints mean NPV and ES 95 % per share and draws the risk–return frontier.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	fracs := c.Flags.String("fractions", "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1", "comma-separated converted `shares`, each in [0, 1]")
	out := c.Flags.String("out", "out", "`directory` for frontier.png (created if missing)")
	explainAt := c.Flags.Float64("explain", 0.5, "`share` whose NPV and ES 95 % are attributed to cash-flow components beside pure mining and full AI on the same paths\n(a second run of three strategies); -1 skips it")
	var sw cli.Sweep
	c.AddSweepFlags(&sw)
	c.AddSweepSamplesFlag(&sw, "hybrid 0%, hybrid 10%, …, one per share")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	fractions, err := parseFractions(*fracs)
	if err == nil && *explainAt != -1 && !(*explainAt >= 0 && *explainAt <= 1) {
		err = fmt.Errorf("-explain = %g: a share in [0, 1], or -1 to skip", *explainAt)
	}
	if err == nil {
		err = sw.Validate()
	}
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	cfg, err := s.Config()
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	sc, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	var outs cli.Outputs
	defer outs.Abort()
	if err := outs.Pictures("-out", *out, "frontier.png"); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := sw.Declare(&outs); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := checkMemory(s, &sc, len(fractions), cfg, sw.SamplesMemory(cfg.Paths, len(fractions))); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}

	progress, end := c.Progress("frontier")
	cfg.Progress = progress
	var ss sim.SweepSamples
	pts, err := cli.Do(ctx, "run", func() ([]sim.FrontierPoint, error) {
		return sim.Frontier(ctx, &sc, fractions, cfg, sw.SamplesOption(&ss))
	})
	end()
	if err != nil {
		return c.Fail(ctx, err)
	}

	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(&sc, cfg, pts) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	io.WriteString(stdout, text)
	if *explainAt != -1 {
		ex, err := cli.Do(ctx, "explain", func() (string, error) {
			ex, err := explain(ctx, &sc, *explainAt, cfg)
			if err != nil {
				return "", err
			}
			return ex.table()
		})
		if err != nil {
			return c.Fail(ctx, err)
		}
		io.WriteString(stdout, ex)
	}

	pic := picture(fmt.Sprintf("Risk–return frontier of the hybrid — scenario %q, %s paths", sc.Name, thousands(cfg.Paths)), pts)
	data, table, page := outputs(&sc, cfg, pts, pic)
	written, err := write(ctx, &outs, *out, pic, sw, &ss, data, table, page)
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintln(stdout)
	for _, p := range written {
		fmt.Fprintln(stdout, "wrote", p)
	}
	return cli.ExitOK
}

// write writes the picture to dir, stages the sweep's files (data,
// table, page) and the samples ss, and commits them all.
func write(ctx context.Context, outs *cli.Outputs, dir string, pic report.Picture, sw cli.Sweep, ss *sim.SweepSamples,
	data results, table cli.SweepTable, page report.Page) ([]string, error) {
	if err := outs.WritePictures(ctx, dir, []report.Picture{pic}); err != nil {
		return nil, err
	}
	if err := sw.Stage(ctx, outs, data, table, page); err != nil {
		return nil, err
	}
	if err := sw.StageSamples(ctx, outs, ss); err != nil {
		return nil, err
	}
	return outs.Commit(ctx)
}

// picture returns the frontier chart of pts under title.
func picture(title string, pts []sim.FrontierPoint) report.Picture {
	return report.Picture{File: "frontier.png", Make: func() (*plot.Plot, error) {
		fp := make([]plots.FrontierPoint, len(pts))
		for i, p := range pts {
			fp[i] = plots.FrontierPoint{Label: label(p.Fraction), MeanNPVUSD: p.Summary.Mean, ES95USD: p.Summary.ES95,
				MeanCI95USD: p.Summary.MeanCI95, ES95CI95USD: p.Summary.ES95CI95}
		}
		pl, err := plots.Frontier(fp)
		if err != nil {
			return nil, err
		}
		pl.Title.Text = title
		return pl, nil
	}}
}

// checkMemory refuses a sweep that would not fit in memory: one run of
// every fraction as a strategy, without bands (sim.RunMemory), the ES
// influence values and sorted copy of each fraction's NPVs (16 bytes per
// path each), and extra bytes (the -samples table).
func checkMemory(s cli.Sim, sc *model.Scenario, fractions int, cfg sim.Config, extra int64) error {
	steps, err := cli.Steps(sc)
	if err != nil {
		return err
	}
	cfg.Bands = &sim.BandSet{}
	return s.CheckMemory(sim.RunMemory(steps, fractions, cfg) + 16*int64(fractions)*int64(cfg.Paths) + extra)
}

// summary returns the table of the frontier's points.
func summary(sc *model.Scenario, cfg sim.Config, pts []sim.FrontierPoint) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q: the hybrid converting a share of the site, %d shares on the same %d paths (seed %d)\n",
		sc.Name, len(pts), cfg.Paths, cfg.Seed)
	fmt.Fprintln(&b, "NPV in M USD; ES 95 % is the mean loss of the worst 5 % of paths; efficient: no other share has")
	fmt.Fprintln(&b, "a higher mean and a lower ES 95 %. vs blend: the share's mean less the blend of the ends'")
	fmt.Fprintln(&b, "means, (1 − share)·pure mining + share·full AI (0 if the site were a blend; shown when both ends run).")
	fmt.Fprintln(&b)
	var t report.Table
	t.Row("share converted", "mean ± s.e.", "vs blend", "ES 95% ± s.e.", "VaR 95%", "P50", "P(loss)", "efficient")
	lo, hi := -1, -1
	for i, p := range pts {
		switch p.Fraction {
		case 0:
			lo = i
		case 1:
			hi = i
		}
	}
	for i, p := range pts {
		gap := "—"
		if lo >= 0 && hi >= 0 {
			f := p.Fraction
			gap = report.MUSD(p.Summary.Mean-(1-f)*pts[lo].Summary.Mean-f*pts[hi].Summary.Mean, 2)
		}
		eff := "yes"
		if dominated(pts, i) {
			eff = "no"
		}
		su := p.Summary
		t.Row(label(p.Fraction), report.MUSD(su.Mean, 2)+" ± "+report.MUSD(su.Stderr, 2), gap, report.MUSD(su.ES95, 2)+" ± "+report.MUSD(p.ES95Stderr, 2),
			report.MUSD(su.VaR95, 1), report.MUSD(su.Quantiles.P50, 1), report.Pct(su.ProbLoss), eff)
	}
	if err := t.Write(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// parseFractions parses a comma-separated list of shares in [0, 1].
func parseFractions(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("-fractions: %q is not a share in [0, 1]", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// label names a share: "30 %", with pure mining and full AI named at the
// ends.
func label(f float64) string {
	pct := strconv.FormatFloat(math.Round(100*f*1e9)/1e9, 'f', -1, 64) + " %"
	switch f {
	case 0:
		return pct + " (pure mining)"
	case 1:
		return pct + " (full AI)"
	}
	return pct
}

// dominated reports whether another point has a mean at least as high and
// an ES 95 % at least as low as point i, one of them strictly.
func dominated(pts []sim.FrontierPoint, i int) bool {
	a := pts[i].Summary
	for j, p := range pts {
		b := p.Summary
		if j != i && b.Mean >= a.Mean && b.ES95 <= a.ES95 && (b.Mean > a.Mean || b.ES95 < a.ES95) {
			return true
		}
	}
	return false
}

// thousands formats n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
