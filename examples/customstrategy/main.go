// Command customstrategy runs a strategy written outside the library,
// LeaseBeatsMining (strategy.go: mine, and convert the site to AI
// colocation in phases, each once a lease has out-earned mining by a
// margin for some months), beside the scenario's built-in strategies
// through model.Scenario.Custom, on the same paths, and prints the same
// risk table as the quickstart. It then replays some paths with
// model.Simulator to report how many phases started, and when.
//
//	go run ./examples/customstrategy
//	go run ./examples/customstrategy -premium 1 -for-months 3 -phases 2 -share 0.5
//	go run ./examples/customstrategy -html report.html -samples paths.csv
//
// -html, -samples, -analysis and -band-paths write the same report and
// per-path data as the quickstart's (the custom strategy has no
// conversion drivers: they are read from built-in strategies only).
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

// defaultPaths: four strategies on 20,000 paths (and the replay) take
// about 4.5 s of CPU, 2.5 s on two free cores.
const defaultPaths = 20_000

// replayPaths is how many paths are replayed to describe the trigger.
const replayPaths = 2000

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("customstrategy", "[flags]",
		"Runs a user-written strategy (mine; convert the site to colocation in phases,\n"+
			"each once leasing out-earns mining by a margin) beside the built-in ones on the\n"+
			"same paths.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	lb := LeaseBeatsMining{Conversion: site.DefaultConversion(), Lease: site.DefaultLease()}
	c.Flags.Float64Var(&lb.Share, "share", 1, "share of the site's MW that may convert, in (0, 1]")
	c.Flags.IntVar(&lb.Phases, "phases", 4, "equal `phases` the share converts in, one at a time, in [1, 120]")
	// At the start the default lease nets about 131 USD per MWh of the
	// site's power against mining's 47 (2.8 times): 2 asks for three
	// times mining's margin, which the paths reach as hashprice falls.
	c.Flags.Float64Var(&lb.Premium, "premium", 2, "`margin` by which the lease must out-earn mining (2: three times as much), ≥ 0")
	c.Flags.Float64Var(&lb.ForMonths, "for-months", 6, "`months` in a row the lease must win before a phase starts, ≥ 0")
	var rep cli.Report
	c.AddReportFlags(&rep)
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	switch {
	case !(lb.Share > 0 && lb.Share <= 1):
		return c.Failf(cli.ExitUsage, "-share %g: must be in (0, 1]", lb.Share)
	case lb.Phases < 1 || lb.Phases > 120:
		return c.Failf(cli.ExitUsage, "-phases %d: must be in [1, 120]", lb.Phases)
	case !(lb.Premium >= 0) || math.IsInf(lb.Premium, 0):
		return c.Failf(cli.ExitUsage, "-premium %g: must be ≥ 0 and finite", lb.Premium)
	case !(lb.ForMonths >= 0) || math.IsInf(lb.ForMonths, 0):
		return c.Failf(cli.ExitUsage, "-for-months %g: must be ≥ 0 and finite", lb.ForMonths)
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
	sc.Custom = append(sc.Custom, lb)
	var outs cli.Outputs
	defer outs.Abort()
	need, err := cli.RunMemory(&sc, cfg)
	if err == nil {
		err = s.CheckMemory(need + rep.Memory(cfg.Paths, len(sc.StrategyNames())))
	}
	if err == nil {
		err = rep.Declare(&outs)
	}
	if err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if err := rep.Observe(&sc, &cfg); err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}

	progress, end := c.Progress("simulating")
	cfg.Progress = progress
	res, err := cli.Do(ctx, "run", func() (*sim.Result, error) { return sim.Run(ctx, &sc, cfg) })
	end()
	if err != nil {
		return c.Fail(ctx, err)
	}
	if !rep.KeepsPaths() {
		cli.KeepNPVOnly(res) // the tables read only the NPVs
	}

	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(&sc, lb, res) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	io.WriteString(stdout, text)

	n := min(replayPaths, cfg.Paths)
	starts, err := cli.Do(ctx, "replay", func() ([][]float64, error) {
		return replay(ctx, &sc, len(sc.Strategies)+len(sc.Custom)-1, cfg, n)
	})
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "phases started on the first %d paths (replayed with model.Simulator):\n", n)
	for i, st := range starts {
		fmt.Fprintln(stdout, phaseLine(i+1, st, n))
	}
	err = rep.Stage(ctx, &outs, res)
	var written []string
	if err == nil {
		written, err = outs.Commit(ctx)
	}
	if err != nil {
		return c.Fail(ctx, err)
	}
	for _, p := range written {
		fmt.Fprintln(stdout, "wrote", p)
	}
	return cli.ExitOK
}

// phaseLine describes when phase k started on the n paths replayed, st
// holding the start times (years) of those where it did.
func phaseLine(k int, st []float64, n int) string {
	if len(st) == 0 {
		return fmt.Sprintf("  phase %d: never", k)
	}
	slices.Sort(st)
	return fmt.Sprintf("  phase %d: on %s of the paths, after a median of %.0f months (5–95 %%: %.0f–%.0f)",
		k, report.Pct(float64(len(st))/float64(n)), 12*sim.Quantile(st, 0.5), 12*sim.Quantile(st, 0.05), 12*sim.Quantile(st, 0.95))
}

// summary returns the text printed after the run: the scenario and the
// custom strategy, then the run, the risk table and the differences from
// pure mining (report.Print).
func summary(sc *model.Scenario, lb LeaseBeatsMining, res *sim.Result) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q with a custom strategy: %s\n", sc.Name, lb.Name())
	if err := report.Print(&b, res); err != nil {
		return "", err
	}
	return b.String(), nil
}

// replay steps the first n paths of the run cfg describes through a
// model.Simulator, on this goroutine, and returns for each converting
// parcel of the strategy at index j the times (years) at which its
// construction started, on the paths where it did. A path depends only on
// (seed, index), so these are the run's own paths.
func replay(ctx context.Context, sc *model.Scenario, j int, cfg sim.Config, n int) ([][]float64, error) {
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	path, err := plan.NewSimulator()
	if err != nil {
		return nil, err
	}
	q, err := cfg.QMC(plan) // nil unless -sampling qmc
	if err != nil {
		return nil, err
	}
	var qp *model.QMCPath
	if q != nil {
		qp = q.NewPath()
	}
	var starts [][]float64
	for i := range n {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		idx := cfg.FirstPath + uint64(i)
		if cfg.Antithetic && idx%2 == 1 {
			path.Reset(cfg.Seed, idx-1, true) // the mirror of path idx−1
		} else {
			path.Reset(cfg.Seed, idx, false)
		}
		if qp != nil {
			qp.Reset(idx)
		}
		for k := 1; k <= plan.Steps(); k++ {
			if qp != nil {
				path.StepShocks(qp.Shocks(k))
			} else {
				path.Step()
			}
		}
		pr, ok := path.Runner(j).(*site.PivotRunner)
		if !ok {
			return nil, fmt.Errorf("strategy %d is not a site.Pivot", j)
		}
		for k, p := range pr.Parcels() {
			if !p.Converts() {
				continue
			}
			if k >= len(starts) {
				starts = append(starts, nil)
			}
			if p.Build.Started() {
				starts[k] = append(starts[k], p.Build.StartYears())
			}
		}
	}
	return starts, nil
}
