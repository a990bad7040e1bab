// Command merge puts together the partial results of a run's shards
// (examples/shard) into the run's result: it checks that they belong to
// one run (the same scenario, by SHA-256, seed, path count and options,
// and library version) and cover its paths exactly once, naming any
// shard missing, given twice or of another run; then it prints the risk
// table and the differences from the first strategy, and writes the
// result as JSON (-json) and the standard pictures (-out, with samples).
// The result equals the run made in one piece, bit for bit.
//
//	go run ./examples/merge -json result.json shard-*.partial
//
// The scenario is the one the shards ran, read from the partials; a
// -scenario file must be that same scenario.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("merge", "[flags] PARTIAL...",
		"Merges the partial results of a run's shards (examples/shard) into its result.", stdout, stderr)
	scPath := c.Flags.String("scenario", "", "scenario `file` the shards ran (default: the scenario the partials hold)")
	jsonPath := c.Flags.String("json", "", "write the result (summaries, comparisons, bands) as JSON to this `file`")
	out := c.Flags.String("out", "", "`directory` for the standard pictures (partials with samples only)")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	files := c.Flags.Args()
	if len(files) == 0 {
		return c.Failf(cli.ExitUsage, "no partial files given (see -h)")
	}
	var outs cli.Outputs
	defer outs.Abort()
	if *jsonPath != "" {
		if err := outs.File("-json", *jsonPath); err != nil {
			return c.Failf(cli.ExitFail, "%v", err)
		}
	}
	parts, err := cli.Do(ctx, "read", func() ([]*sim.Partial, error) { return readAll(files) })
	if err != nil {
		return c.Fail(ctx, err)
	}
	if *out != "" {
		if !parts[0].Samples {
			return c.Failf(cli.ExitUsage, "-out %s: the partials are compact (no samples to draw the NPV distribution from)", *out)
		}
		if err := outs.Pictures("-out", *out, report.PictureFiles(parts[0].Names)...); err != nil {
			return c.Failf(cli.ExitFail, "%v", err)
		}
	}
	sc := *parts[0].Scenario
	if *scPath != "" {
		if sc, err = cli.LoadScenario(ctx, *scPath); err != nil {
			return c.FailLoad(ctx, err)
		}
	}
	res, err := cli.Do(ctx, "merge", func() (*sim.Result, error) {
		m, err := sim.MergePartials(parts...)
		if err != nil {
			return nil, nameFiles(err, files)
		}
		return m.Result(ctx, &sc)
	})
	if err != nil {
		return c.Fail(ctx, err)
	}
	fmt.Fprintf(stdout, "merged %d partials: %d paths of scenario %q: %s\n", len(parts), res.Run.Paths, sc.Name, strings.Join(res.StrategyNames(), ", "))
	if res.Run.Quantiles != "" {
		fmt.Fprintf(stdout, "quantiles beyond the kept tails from sketches: within %.3g %% of the exact ones, rank error ≤ %.3g\n",
			100*sim.SketchRelError, res.Run.SketchRankError)
	}
	if err := printTables(stdout, res); err != nil {
		return c.Fail(ctx, err)
	}
	if *out != "" {
		err = outs.WritePictures(ctx, *out, report.ResultPictures(res))
	}
	if err == nil && *jsonPath != "" {
		err = outs.Write(*jsonPath, res.WriteJSON)
	}
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

// printTables prints the run line and the tables: report.Print with
// samples; without them (compact partials) the risk table only, as the
// differences' ES needs every path's pair.
func printTables(w io.Writer, res *sim.Result) error {
	if len(res.NPV) > 0 {
		return report.Print(w, res)
	}
	fmt.Fprintln(w, report.RunLine(res))
	fmt.Fprint(w, "NPV in M USD; VaR and ES are losses (positive = money lost in the worst 5 %):\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "strategy\tmean ± s.e.\tP5\tP50\tP95\tVaR 95%%\tES 95%%\tP(loss)\tP(beats %s)\t\n", res.Strategies[0].Name)
	for j, s := range res.Strategies {
		beats := "—"
		if j > 0 {
			beats = fmt.Sprintf("%.1f%%", 100*res.Comparisons[j-1].ProbAGreater)
		}
		fmt.Fprintf(tw, "%s\t%.2f ± %.2f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f%%\t%s\t\n", s.Name, s.Mean/1e6, s.Stderr/1e6,
			s.Quantiles.P5/1e6, s.Quantiles.P50/1e6, s.Quantiles.P95/1e6, s.VaR95/1e6, s.ES95/1e6, 100*s.ProbLoss, beats)
	}
	return tw.Flush()
}

// readAll reads the partial files, naming the file of an error.
func readAll(files []string) ([]*sim.Partial, error) {
	parts := make([]*sim.Partial, len(files))
	for i, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		parts[i], err = sim.ReadPartial(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return parts, nil
}

// nameFiles replaces "partial i" in a merge error by the file's name.
func nameFiles(err error, files []string) error {
	msg := err.Error()
	for i := len(files) - 1; i >= 0; i-- {
		msg = strings.ReplaceAll(msg, fmt.Sprintf("partial %d", i), fmt.Sprintf("partial %d (%s)", i, files[i]))
	}
	return fmt.Errorf("%s", msg)
}
