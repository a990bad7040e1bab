// Command realoption asks when, and how much, to convert: it values the
// option to convert the site to AI capacity at any quarter, as a rule
// fitted by least-squares Monte Carlo decides (model.KindRealOption), for
// one block and for four blocks converted one a quarter at most, beside
// the fixed strategies on the same paths: never (pure mining), now, at
// fixed months, and four blocks one a quarter from now. It prints the
// risk table, the value of flexibility with paired standard errors, when
// the option converts, and its exercise boundary, and draws the boundary,
// the timing and maps of the exercise region into ./out. Like quickstart
// it writes on request the HTML report (-html, with a section on the
// options), every path's results (-samples) and the analysis (-analysis).
//
//	go run ./examples/realoption
//	go run ./examples/realoption -business colocation -paths 40000 -html options.html
//
// The rules are fitted on calibration paths of a seed derived from -seed
// (sim.OptionCalibrationSeed) and priced on the run's own paths, so their
// values carry no foresight. Outputs are checked before the run and
// written as one set; Ctrl-C stops any phase at once.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

// defaultPaths is the pricing paths of the default run, as many as the
// calibration paths of each rule.
const defaultPaths = 20_000

// mapMonths are the months of the exercise-region maps.
var mapMonths = report.OptionMapMonths

// options are the program's choices besides the simulation flags.
type options struct {
	business         string
	blocks           int
	decisionMonths   float64
	calibrationPaths int
	out, jsonPath    string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("realoption", "[flags]",
		"Values the option to convert the site to AI capacity when a fitted rule says\n"+
			"so (least-squares Monte Carlo), in one block and in staged blocks, against\n"+
			"never, now and fixed dates on the same paths.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	var o options
	c.Flags.StringVar(&o.business, "business", "gpuCloud", "what the converted MW become: `gpuCloud` or colocation")
	c.Flags.IntVar(&o.blocks, "blocks", 4, "`blocks` of the staged option, converted one a decision at most, in [2, 120]")
	c.Flags.Float64Var(&o.decisionMonths, "decision-months", 3, "`months` between decisions, a whole number of the scenario's steps")
	c.Flags.IntVar(&o.calibrationPaths, "calibration-paths", 20_000, "calibration `paths` of each rule, even, in [1000, 10000000]")
	c.Flags.StringVar(&o.out, "out", "out", "`directory` for the PNG pictures (created if missing)")
	c.Flags.StringVar(&o.jsonPath, "json", "", "also write the result (with the options' fits and timing) as JSON to this `file`")
	var rep cli.Report
	c.AddReportFlags(&rep)
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	cfg, err := s.Config()
	if err == nil {
		err = rep.Validate()
	}
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	sc, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	if err := setStrategies(&sc, o); err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	var outs cli.Outputs
	defer outs.Abort()
	err = checkOutputs(&outs, &sc, o)
	if err == nil {
		err = rep.Declare(&outs)
	}
	if err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	need, err := cli.RunMemory(&sc, cfg)
	if err == nil {
		err = s.CheckMemory(need + sim.OptionMemory(&sc, cfg) + rep.Memory(cfg.Paths, len(sc.Strategies)))
	}
	if err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := rep.Observe(&sc, &cfg); err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	progress, end := c.Progress("fitting and simulating")
	cfg.Progress = progress
	res, err := cli.Do(ctx, "run", func() (*sim.Result, error) { return sim.Run(ctx, &sc, cfg) })
	end()
	if err != nil {
		return c.Fail(ctx, err)
	}
	if !rep.KeepsPaths() {
		cli.KeepNPVOnly(res)
	}
	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(&sc, res) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	io.WriteString(stdout, text)
	return write(ctx, c, &outs, res, o, &rep)
}

// setStrategies replaces the scenario's strategies by the program's: the
// two real options on o's business and their benchmarks.
func setStrategies(sc *model.Scenario, o options) error {
	var terms site.ContractTerms
	switch o.business {
	case "gpuCloud":
		terms = site.DefaultGPUCloud()
	case "colocation":
		terms = site.DefaultLease()
	default:
		return fmt.Errorf("-business %q: must be gpuCloud or colocation", o.business)
	}
	if o.blocks < 2 || o.blocks > 120 {
		return fmt.Errorf("-blocks %d: must be in [2, 120]", o.blocks)
	}
	if n := o.calibrationPaths; n < 1000 || n > model.MaxCalibrationPaths || n%2 != 0 {
		return fmt.Errorf("-calibration-paths %d: must be even and in [1000, %d]", n, model.MaxCalibrationPaths)
	}
	env := site.Env{DtYears: sc.Finance.DtYears(), Steps: sc.Finance.Steps()}
	if _, err := site.DecisionSteps(env, o.decisionMonths, 0); err != nil {
		return fmt.Errorf("-decision-months %g: %v", o.decisionMonths, strings.TrimPrefix(err.Error(), fmt.Sprintf("decisionMonths = %g: ", o.decisionMonths)))
	}
	opt := model.DefaultRealOption()
	opt.DecisionMonths, opt.CalibrationPaths = o.decisionMonths, o.calibrationPaths
	one := model.NewRealOption(1, 1, terms, opt)
	opt.MaxBlocksPerDecision = 1
	staged := model.NewRealOption(1, o.blocks, terms, opt)
	now, never := one.Benchmarks()
	stagedNow, _ := staged.Benchmarks()
	now.Label, never.Label = "convert now", "never (pure mining)"
	stagedNow.Label = fmt.Sprintf("%d blocks, one every %g months from now", o.blocks, o.decisionMonths)
	sc.Strategies = []model.StrategySpec{never, now}
	for _, m := range []float64{12, 24, 48} {
		at := now
		at.StartMonths, at.Label = m, fmt.Sprintf("convert at month %g", m)
		sc.Strategies = append(sc.Strategies, at)
	}
	sc.Strategies = append(sc.Strategies, one, stagedNow, staged)
	sc.Custom = nil
	if err := sc.Validate(); err != nil {
		return errors.New(strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return nil
}

// checkOutputs declares the pictures in o.out and the JSON file (if any)
// and checks, before the run, that they can be written.
func checkOutputs(outs *cli.Outputs, sc *model.Scenario, o options) error {
	files := append(report.PictureFiles(sc.StrategyNames()), report.OptionPictureFiles(sc, mapMonths...)...)
	if err := outs.Pictures("-out", o.out, files...); err != nil {
		return err
	}
	if o.jsonPath != "" {
		return outs.File("-json", o.jsonPath)
	}
	return nil
}

// summary returns the text printed after the run: the risk table and the
// differences from pure mining (report.Print), then each option's fit,
// value, timing and boundary (report.OptionTables, yearly rows).
func summary(sc *model.Scenario, res *sim.Result) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q, each option fitted on its own calibration paths and priced on the run's:\n", sc.Name)
	if err := report.Print(&b, res); err != nil {
		return "", err
	}
	step := 1
	if len(res.Options) > 0 && len(res.Options[0].DecisionMonths) > 1 {
		step = max(1, int(12/(res.Options[0].DecisionMonths[1]-res.Options[0].DecisionMonths[0])+0.5))
	}
	if err := report.OptionTables(&b, res, step); err != nil {
		return "", err
	}
	return b.String(), nil
}

// write draws and writes the pictures and the JSON as one set, and lists
// the files written.
func write(ctx context.Context, c *cli.Cmd, outs *cli.Outputs, res *sim.Result, o options, rep *cli.Report) int {
	pics := append(report.ResultPictures(res), report.OptionPictures(res, mapMonths...)...)
	err := outs.WritePictures(ctx, o.out, pics)
	if err == nil && o.jsonPath != "" {
		err = outs.Write(o.jsonPath, res.WriteJSON)
	}
	if err == nil {
		err = rep.Stage(ctx, outs, res)
	}
	var written []string
	if err == nil {
		written, err = outs.Commit(ctx)
	}
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintln(c.Stdout)
	for _, p := range written {
		fmt.Fprintln(c.Stdout, "wrote", p)
	}
	return cli.ExitOK
}
