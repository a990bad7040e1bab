package report

import (
	"fmt"
	"io"

	"github.com/pivotrisk/pivotrisk/sim"
)

// RunLine describes a run in one line: its paths (and whether they come in
// antithetic pairs or from randomized QMC replicates), steps per path, seed, workers, wall time in seconds
// and speed in paths per second.
func RunLine(res *sim.Result) string {
	anti := ""
	switch {
	case res.Config.Antithetic:
		anti = " (antithetic pairs)"
	case res.Config.Sampling == sim.RQMC:
		anti = fmt.Sprintf(" (randomized QMC, %d Sobol scramblings; standard errors from their spread)", res.Config.Replicates)
	}
	return fmt.Sprintf("%d paths%s of %d steps, seed %d, %d workers: %.1f s, %.0f paths/s",
		res.Run.Paths, anti, res.Run.Steps, res.Config.Seed, res.Run.Workers, res.Run.WallSeconds, res.Run.PathsPerSecond)
}

// Print writes what the quickstart program prints after its run: the run
// line (RunLine), then the tables (PrintTables).
func Print(w io.Writer, res *sim.Result) error {
	if err := checkSamples(res); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, RunLine(res)); err != nil {
		return err
	}
	return PrintTables(w, res)
}

// PrintTables writes a line saying how to read the figures (NPV in M USD,
// VaR and ES as losses), an empty line and the risk table (RiskTable),
// then, if res has more than one strategy, an empty line and the paired
// differences from the baseline (DiffTable), and, if a strategy has a
// capital structure, an empty line and the funding tables (FundingTables). res must hold its NPV
// samples, as a Result of sim.Run does.
func PrintTables(w io.Writer, res *sim.Result) error {
	if err := checkSamples(res); err != nil {
		return err
	}
	if _, err := fmt.Fprint(w, "NPV in M USD; VaR and ES are losses (positive = money lost in the worst 5 %):\n\n"); err != nil {
		return err
	}
	if err := RiskTable(w, res); err != nil {
		return err
	}
	if len(res.Strategies) >= 2 {
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		if err := DiffTable(w, res); err != nil {
			return err
		}
	}
	if len(res.Funding) == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	return FundingTables(w, res)
}

// seSuffix returns what a table's "± s.e." header adds for res: nothing
// for pseudo-random paths, the replicates for RQMC, whose standard errors
// are their spread.
func seSuffix(res *sim.Result) string {
	if r := res.Config.Pairing().Replicates(); r > 0 {
		return fmt.Sprintf(" (%d RQMC replicates)", r)
	}
	return ""
}
