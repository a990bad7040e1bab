// Command tornado runs a one-at-a-time sensitivity study of one strategy:
// each input of model.TornadoInputs (BTC drift and volatility, GPU rent
// decay, the AI capacity pipeline, tenant default intensity, build time,
// capex per MW, power price, discount rate) moved to its low and its high
// value, every run on the same paths, and prints how the strategy's mean
// NPV (or ES) swings, with the paired standard error of each swing, and
// draws the tornado chart.
//
//	go run ./examples/tornado
//	go run ./examples/tornado -strategy "full AI colocation" -measure es95
//	go run ./examples/tornado -json tornado.json -csv tornado.csv -html tornado.html
//	go run ./examples/tornado -samples tornado.parquet   # every path's NPV, IRR, payback per run
package main

import (
	"context"
	"fmt"
	"io"
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

// defaultPaths: a study is 1 + 2 × (9 or 10) runs of one strategy; 6,000
// paths each take about 15 s of CPU, 7.5 s on two free cores.
const defaultPaths = 6_000

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("tornado", "[flags]",
		"Moves each main input of a scenario to its low and high value, one at a\n"+
			"time on the same paths, and prints and draws how one strategy's figure swings.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	strategy := c.Flags.String("strategy", "", "the strategy to study (its `name` in the table); empty means the scenario's first hybrid")
	measureName := c.Flags.String("measure", "mean", "the `figure` to study: mean (mean NPV), es95 or es99 (expected shortfall)")
	out := c.Flags.String("out", "out", "`directory` for tornado.png (created if missing)")
	var sw cli.Sweep
	c.AddSweepFlags(&sw)
	c.AddSweepSamplesFlag(&sw, "base, then INPUT=low and INPUT=high for each\ninput (\"BTC volatility=high\")")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	measure, err := sim.ParseMeasure(*measureName)
	if err != nil || measure.Unit() != "USD" {
		return c.Failf(cli.ExitUsage, "-measure %q: must be mean, es95 or es99", *measureName)
	}
	cfg, err := s.Config()
	if err == nil {
		err = sw.Validate()
	}
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	sc, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	name := *strategy
	if name == "" {
		name = firstHybrid(&sc)
	}
	one, err := sc.Only(name)
	if err != nil {
		return c.Failf(cli.ExitUsage, "-strategy: %v", err)
	}
	inputs := model.TornadoInputs(one)
	var outs cli.Outputs
	defer outs.Abort()
	if err := outs.Pictures("-out", *out, "tornado.png"); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := sw.Declare(&outs); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := checkMemory(s, &one, cfg, keptMemory(sw, cfg, 1+2*len(inputs))); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}

	progress, end := c.Progress("tornado")
	cfg.Progress = progress
	var ss sim.SweepSamples
	rows, err := cli.Do(ctx, "run", func() ([]sim.TornadoRow, error) {
		return sim.Tornado(ctx, &sc, name, inputs, cfg, measure, sw.SamplesOption(&ss))
	})
	end()
	if err != nil {
		return c.Fail(ctx, err)
	}

	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(&sc, name, measure, len(inputs), cfg, rows) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	io.WriteString(stdout, text)

	pic := picture(fmt.Sprintf("%s of %s — scenario %q, %s paths per run", measure, name, sc.Name, thousands(cfg.Paths)), rows)
	data, table, page := outputs(&sc, name, measure, cfg, rows, pic)
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

// picture returns the tornado chart of rows under title.
func picture(title string, rows []sim.TornadoRow) report.Picture {
	return report.Picture{File: "tornado.png", Make: func() (*plot.Plot, error) {
		bars := make([]plots.TornadoBar, len(rows))
		for i, r := range rows {
			bars[i] = plots.TornadoBar{Input: r.Input + " (" + r.Unit + ")", LowLabel: num(r.Low), HighLabel: num(r.High),
				LowValueUSD: r.AtLow, HighValueUSD: r.AtHigh}
		}
		return plots.Tornado(title, rows[0].AtBase, bars)
	}}
}

// checkMemory refuses a study that would not fit in memory. Its runs are
// of one strategy (one, without bands) and follow each other; at most
// one run (sim.RunMemory) is live with five NPV-sized slices of the study
// (the base NPVs and their influence values, one side's influence values,
// the sorted copy and influence values of the run just done), 40 bytes
// per path; the earlier runs are garbage, which the collector, at its
// default GOGC, lets grow to as much as what is live; and kept, the
// bytes the -samples outputs hold (keptMemory).
func checkMemory(s cli.Sim, one *model.Scenario, cfg sim.Config, kept int64) error {
	need, err := cli.RunMemory(one, sweepConfig(cfg))
	if err != nil {
		return err
	}
	return s.CheckMemory(2 * (need + 40*int64(cfg.Paths) + kept))
}

// keptMemory returns the bytes -samples holds for a study of runs runs:
// every run's samples (8 bytes per path with -npv-only, else 24) and the
// table written; 0 without -samples.
func keptMemory(sw cli.Sweep, cfg sim.Config, runs int) int64 {
	if sw.Samples == "" {
		return 0
	}
	per := int64(24)
	if cfg.NPVSamplesOnly {
		per = 8
	}
	return per*int64(runs)*int64(cfg.Paths) + sw.SamplesMemory(cfg.Paths, runs)
}

// sweepConfig returns cfg as a sweep runs it: without bands.
func sweepConfig(cfg sim.Config) sim.Config {
	cfg.Bands = &sim.BandSet{}
	return cfg
}

// summary returns the text printed after the study: what ran, the table of
// the inputs' swings and the sources of their ranges.
func summary(sc *model.Scenario, name string, measure sim.Measure, inputs int, cfg sim.Config, rows []sim.TornadoRow) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q, strategy %q: %s, %d runs of %d paths on the same random numbers (seed %d)\n",
		sc.Name, name, measure, 1+2*inputs, cfg.Paths, cfg.Seed)
	fmt.Fprintf(&b, "%s in M USD with each input at its low and high value, the others at base; the swing is\n", measure)
	fmt.Fprintln(&b, "high − low, ± its paired standard error (a swing inside ±2 s.e. is not told apart from 0).")
	fmt.Fprintln(&b)
	var t report.Table
	t.Row("input", "unit", "low", "base", "high", "at low", "at base", "at high", "swing ± s.e.")
	for _, r := range rows {
		t.Row(r.Input, r.Unit, num(r.Low), num(r.Base), num(r.High),
			report.MUSD(r.AtLow, 2), report.MUSD(r.AtBase, 2), report.MUSD(r.AtHigh, 2),
			fmt.Sprintf("%+.2f ± %.2f", r.Swing/1e6, r.SwingStderr/1e6))
	}
	if err := t.Write(&b); err != nil {
		return "", err
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "where the low and high values come from:")
	for _, r := range rows {
		fmt.Fprintf(&b, "  %s: %s\n", r.Input, r.Source)
	}
	return b.String(), nil
}

// firstHybrid returns the name of the scenario's first hybrid strategy, or
// of its first strategy if it has no hybrid.
func firstHybrid(sc *model.Scenario) string {
	for _, sp := range sc.Strategies {
		if sp.Kind == model.KindHybrid {
			return sp.Name()
		}
	}
	return sc.StrategyNames()[0]
}

// num formats an input value with three significant digits.
func num(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// thousands formats n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
