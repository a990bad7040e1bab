// Command customstrategy runs a strategy written outside the library,
// RentRebound (strategy.go: mine, and convert half the site to AI
// colocation once the GPU rent recovers above a threshold), beside the
// scenario's built-in strategies through model.Scenario.Custom, on the same
// paths, and prints the same risk table as the quickstart. It then replays
// some paths with model.Simulator to report how often, and when, the trigger
// fired.
//
//	go run ./examples/customstrategy
//	go run ./examples/customstrategy -rent-above 2.2 -for-months 6 -share 0.3
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
		"Runs a user-written strategy (mine; convert part of the site once the GPU\n"+
			"rent recovers above a threshold) beside the built-in ones on the same paths.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	rr := RentRebound{Conversion: site.DefaultConversion(), Lease: site.DefaultLease()}
	c.Flags.Float64Var(&rr.Share, "share", 0.5, "share of the site's MW that converts, in (0, 1]")
	// The default start rent is 2.35 USD/GPU-hour (CALIBRATION.md §E, March
	// 2026) and the median path falls from there: 2.5 asks for a rebound.
	c.Flags.Float64Var(&rr.RentAboveUSDPerHour, "rent-above", 2.5, "GPU rent `threshold`, USD per GPU-hour")
	c.Flags.Float64Var(&rr.ForMonths, "for-months", 3, "`months` in a row the rent must stay above the threshold")
	c.Flags.Float64Var(&rr.LatestMonths, "latest-months", 60, "last `month` the conversion may start")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	if c.Flags.NArg() > 0 {
		return c.Failf(cli.ExitUsage, "unexpected argument %q (flags only; see -h)", c.Flags.Arg(0))
	}
	switch {
	case !(rr.Share > 0 && rr.Share <= 1):
		return c.Failf(cli.ExitUsage, "-share %g: must be in (0, 1]", rr.Share)
	case !(rr.RentAboveUSDPerHour > 0) || math.IsInf(rr.RentAboveUSDPerHour, 0):
		return c.Failf(cli.ExitUsage, "-rent-above %g: must be > 0", rr.RentAboveUSDPerHour)
	case !(rr.ForMonths >= 0) || math.IsInf(rr.ForMonths, 0):
		return c.Failf(cli.ExitUsage, "-for-months %g: must be ≥ 0", rr.ForMonths)
	case !(rr.LatestMonths >= 0) || math.IsInf(rr.LatestMonths, 0):
		return c.Failf(cli.ExitUsage, "-latest-months %g: must be ≥ 0", rr.LatestMonths)
	}
	cfg, err := s.Config()
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	sc, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	sc.Custom = append(sc.Custom, rr)
	need, err := cli.RunMemory(&sc, cfg)
	if err == nil {
		err = s.CheckMemory(need)
	}
	if err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}

	progress, end := c.Progress("simulating")
	cfg.Progress = progress
	res, err := cli.Do(ctx, "run", func() (*sim.Result, error) { return sim.Run(ctx, &sc, cfg) })
	end()
	if err != nil {
		return c.Fail(ctx, err)
	}
	cli.KeepNPVOnly(res) // the tables read only the NPVs

	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(&sc, rr, res) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	io.WriteString(stdout, text)

	n := min(replayPaths, cfg.Paths)
	fired, err := cli.Do(ctx, "replay", func() ([]float64, error) {
		return replay(ctx, &sc, len(sc.Strategies)+len(sc.Custom)-1, cfg, n)
	})
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, triggerLine(fired, n))
	return cli.ExitOK
}

// triggerLine describes when the trigger fired on the n paths replayed,
// fired holding the times (years) of those where it did.
func triggerLine(fired []float64, n int) string {
	if len(fired) == 0 {
		return fmt.Sprintf("the trigger fired on none of the first %d paths (replayed with model.Simulator)", n)
	}
	slices.Sort(fired)
	return fmt.Sprintf("the trigger fired on %s of the first %d paths (replayed with model.Simulator), after a median of %.0f months (5–95 %%: %.0f–%.0f)",
		report.Pct(float64(len(fired))/float64(n)), n, 12*sim.Quantile(fired, 0.5), 12*sim.Quantile(fired, 0.05), 12*sim.Quantile(fired, 0.95))
}

// summary returns the text printed after the run: the scenario and the
// custom strategy, then the run, the risk table and the differences from
// pure mining (report.Print).
func summary(sc *model.Scenario, rr RentRebound, res *sim.Result) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q with a custom strategy: %s\n", sc.Name, rr.Name())
	if err := report.Print(&b, res); err != nil {
		return "", err
	}
	return b.String(), nil
}

// replay steps the first n paths of the run cfg describes through a
// model.Simulator, on this goroutine, and returns the times (years) at which
// the RentRebound strategy at index j fired, for the paths where it did. A
// path depends only on (seed, index), so these are the run's own paths.
func replay(ctx context.Context, sc *model.Scenario, j int, cfg sim.Config, n int) ([]float64, error) {
	plan, err := model.NewPlan(sc)
	if err != nil {
		return nil, err
	}
	path, err := plan.NewSimulator()
	if err != nil {
		return nil, err
	}
	var fired []float64
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
		for range plan.Steps() {
			path.Step()
		}
		if pr, ok := path.Runner(j).(*site.PivotRunner); ok {
			if p, ok := pr.Policy().(*rentRebound); ok && !math.IsInf(p.firedYears, 1) {
				fired = append(fired, p.firedYears)
			}
		}
	}
	return fired, nil
}
