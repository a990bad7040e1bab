// Command stress runs named stress scenarios side by side with a base
// scenario (the default one), all on the same seed and paths, and prints
// how each strategy's mean NPV and ES 95 % move from the base, with the
// paired standard error of each move; then, for the scenarios that give
// strategies a capital structure (financed, tight-funding), the funding
// table: equity beside project NPV, levered IRR, funding gaps, defaults,
// minimum liquidity, cash-flow-at-risk and covenant breaches.
//
//	go run ./examples/stress                      # every examples/scenarios/*.json but default.json
//	go run ./examples/stress examples/scenarios/btc-crash.json examples/scenarios/gpu-glut.json
//	go run ./examples/stress -json stress.json -csv stress.csv -html stress.html -samples stress.parquet
//
// A strategy of a stress scenario is compared with the base strategy of
// the same name or, failing that, with the first base strategy of the same
// kind, business and converted share (so "full AI colocation to a rated
// neocloud" in gpu-glut moves from the base's "full AI colocation"); a
// strategy with no counterpart is listed on its own.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

func main() { os.Exit(cli.Main(run)) }

// defaultPaths: eight scenarios of three or four strategies; 10,000 paths
// each take about 10 s of CPU, 5 s on two free cores.
const defaultPaths = 10_000

// study is one scenario's run.
type study struct {
	file string
	sc   model.Scenario
	res  *sim.Result
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli.New("stress", "[flags] [scenario.json ...]",
		"Runs stress scenarios beside a base scenario on the same paths and prints how\n"+
			"each strategy's mean NPV and ES 95 % move. Without files it runs every\n"+
			"*.json of -dir except default.json.", stdout, stderr)
	var s cli.Sim
	c.AddSimFlags(&s, defaultPaths)
	c.Flags.Lookup("scenario").Usage = "base scenario `file`; empty runs the default scenario"
	dir := c.Flags.String("dir", filepath.Join("examples", "scenarios"), "`directory` of stress scenarios, used when no files are given")
	var sw cli.Sweep
	c.AddSweepFlags(&sw)
	samplesPath := c.Flags.String("samples", "", "also write every path's NPV of each scenario's strategies to this `file`: .csv or .parquet")
	if code, ok := c.Parse(args); !ok {
		return code
	}
	cfg, err := s.Config()
	if err != nil {
		return c.Failf(cli.ExitUsage, "%v", err)
	}
	files := c.Flags.Args()
	if len(files) == 0 {
		if files, err = stressFiles(*dir); err != nil {
			return c.Failf(cli.ExitUsage, "%v", err)
		}
	}
	base, err := cli.LoadScenario(ctx, s.Scenario)
	if err != nil {
		return c.FailLoad(ctx, err)
	}
	studies := []study{{file: s.Scenario, sc: base}}
	for _, f := range files {
		sc, err := cli.LoadScenario(ctx, f)
		if err != nil {
			return c.FailLoad(ctx, err)
		}
		studies = append(studies, study{file: f, sc: sc})
	}
	if err := checkMemory(s, studies, cfg); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	var outs cli.Outputs
	defer outs.Abort()
	if err := sw.Declare(&outs); err != nil {
		return c.Failf(cli.ExitFail, "%v", err)
	}
	if *samplesPath != "" {
		if err := (&cli.Report{Samples: *samplesPath}).Validate(); err != nil {
			return c.Failf(cli.ExitUsage, "%v", err)
		}
		if err := outs.File("-samples", *samplesPath); err != nil {
			return c.Failf(cli.ExitFail, "%v", err)
		}
	}

	for i := range studies {
		st := &studies[i]
		progress, end := c.Progress(st.sc.Name)
		cfg.Progress = progress
		st.res, err = cli.Do(ctx, "run", func() (*sim.Result, error) { return sim.Run(ctx, &st.sc, cfg) })
		end()
		if err != nil {
			if ctx.Err() != nil {
				return c.Fail(ctx, err)
			}
			return c.Failf(cli.ExitFail, "scenario %q: %v", st.sc.Name, err)
		}
		cli.KeepNPVOnly(st.res) // the comparison reads only the NPVs
	}

	text, err := cli.Do(ctx, "tables", func() (string, error) { return summary(studies, cfg) })
	if err != nil {
		if ctx.Err() != nil {
			return c.Fail(ctx, err)
		}
		return c.Failf(cli.ExitFail, "%v", err)
	}
	io.WriteString(stdout, text)

	data, table, page, err := outputs(studies, cfg)
	if err == nil {
		err = sw.Stage(ctx, &outs, data, table, page)
	}
	if err == nil && *samplesPath != "" {
		var s *report.Samples
		if s, err = samples(studies); err == nil {
			err = cli.StageSamples(ctx, &outs, *samplesPath, s)
		}
	}
	var written []string
	if err == nil {
		written, err = outs.Commit(ctx)
	}
	if err != nil {
		return c.Fail(ctx, err)
	}
	if len(written) > 0 {
		fmt.Fprintln(stdout)
	}
	for _, p := range written {
		fmt.Fprintln(stdout, "wrote", p)
	}
	return cli.ExitOK
}

// checkMemory refuses runs that would not fit in memory together: every
// scenario's run is kept for the comparison, so the need is the sum of
// their sim.RunMemory.
func checkMemory(s cli.Sim, studies []study, cfg sim.Config) error {
	var need int64
	for i := range studies {
		n, err := cli.RunMemory(&studies[i].sc, cfg)
		if err != nil {
			return err
		}
		need += n
	}
	return s.CheckMemory(need)
}

// summary returns the text printed after the runs: the scenarios, the
// comparison table and, if a scenario finances a strategy, the funding
// table.
func summary(studies []study, cfg sim.Config) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d scenarios on the same %d paths (seed %d); base %q.\n", len(studies), cfg.Paths, cfg.Seed, studies[0].sc.Name)
	for _, st := range studies[1:] {
		fmt.Fprintf(&b, "  %-18s %s\n", st.sc.Name, firstSentence(st.sc.Description))
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "NPV in M USD. Δ is the move from the base strategy on the same paths, ± its paired standard error;")
	fmt.Fprintln(&b, "a stress strategy named differently is compared with the base strategy of its kind and share.")
	fmt.Fprintln(&b)
	if err := table(&b, studies); err != nil {
		return "", err
	}
	if err := fundingTable(&b, studies); err != nil {
		return "", err
	}
	return b.String(), nil
}

// stressFiles lists the *.json files of dir except default.json, sorted.
func stressFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		if filepath.Base(f) != "default.json" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no stress scenarios (*.json) in %q: run from the repository root, or pass -dir or files", dir)
	}
	return out, nil
}

// counterpart returns the index of the base strategy that strategy j of
// st is compared with, or −1.
func counterpart(base, st *study, j int) int {
	name := st.res.Strategies[j].Name
	for i, s := range base.res.Strategies {
		if s.Name == name {
			return i
		}
	}
	if j >= len(st.sc.Strategies) {
		return -1 // a custom strategy
	}
	sp := st.sc.Strategies[j]
	for i, bp := range base.sc.Strategies {
		if bp.Kind == sp.Kind && bp.Business() == sp.Business() && bp.Fraction == sp.Fraction {
			return i
		}
	}
	return -1
}

// table writes the comparison: per base strategy, its base row and its
// counterparts in each stress scenario; then the strategies without one.
func table(w io.Writer, studies []study) error {
	base := &studies[0]
	t := report.Table{Left: 2}
	t.Row("strategy", "scenario", "mean", "Δ mean ± s.e.", "ES 95%", "Δ ES 95% ± s.e.", "P(loss)")
	row := func(st *study, j int, ref []float64) error {
		s := st.res.Strategies[j]
		dm, de := "—", "—"
		if ref != nil {
			m, sm, err := sim.MeasureMean.DiffPairing(st.res.NPV[j], ref, st.res.Config.Pairing())
			if err != nil {
				return err
			}
			e, se, err := sim.MeasureES95.DiffPairing(st.res.NPV[j], ref, st.res.Config.Pairing())
			if err != nil {
				return err
			}
			dm = fmt.Sprintf("%+.2f ± %.2f", m/1e6, sm/1e6)
			de = fmt.Sprintf("%+.2f ± %.2f", e/1e6, se/1e6)
		}
		t.Row(s.Name, st.sc.Name, report.MUSD(s.Mean, 2), dm, report.MUSD(s.ES95, 2), de, report.Pct(s.ProbLoss))
		return nil
	}
	matched := make([][]bool, len(studies))
	for k := range studies {
		matched[k] = make([]bool, len(studies[k].res.Strategies))
	}
	for i := range base.res.Strategies {
		if i > 0 {
			t.Row()
		}
		if err := row(base, i, nil); err != nil {
			return err
		}
		for k := 1; k < len(studies); k++ {
			st := &studies[k]
			for j := range st.res.Strategies {
				if !matched[k][j] && counterpart(base, st, j) == i {
					matched[k][j] = true
					if err := row(st, j, base.res.NPV[i]); err != nil {
						return err
					}
				}
			}
		}
	}
	first := true
	for k := 1; k < len(studies); k++ {
		st := &studies[k]
		for j := range st.res.Strategies {
			if matched[k][j] {
				continue
			}
			if first {
				t.Row()
				first = false
			}
			if err := row(st, j, nil); err != nil {
				return err
			}
		}
	}
	return t.Write(w)
}

// firstSentence returns the text up to its first ". " or ": ", at most
// about 100 characters.
func firstSentence(s string) string {
	for _, sep := range []string{". ", ": "} {
		if i := strings.Index(s, sep); i >= 0 {
			s = s[:i]
		}
	}
	if r := []rune(s); len(r) > 100 {
		s = string(r[:99]) + "…"
	}
	return s
}
