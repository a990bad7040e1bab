package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/report/parquetout"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Report are the flags of a run's report and data: -html (the HTML
// report), -samples (the per-path table, CSV or Parquet by extension),
// -analysis (drivers, attribution and convergence as JSON) and
// -band-paths (the paths the fan charts are drawn from).
type Report struct {
	HTML, Samples, Analysis string
	BandPaths               int
	// Drivers and Attribution are the run's observers, set by Observe
	// when an output needs them.
	Drivers     *sim.Drivers
	Attribution *sim.Attribution
}

// AddReportFlags defines -html, -samples, -analysis and -band-paths.
func (c *Cmd) AddReportFlags(r *Report) {
	fs := c.Flags
	fs.StringVar(&r.HTML, "html", "", "also write a self-contained HTML report (tables, pictures, drivers, attribution) to this `file`")
	fs.StringVar(&r.Samples, "samples", "", "also write every path's NPV, IRR, payback and drivers to this `file`: .csv or .parquet")
	fs.StringVar(&r.Analysis, "analysis", "", "also write the drivers' rank correlations, the NPV by cash-flow component and the\nconvergence of the mean and ES 95 % as JSON to this `file`")
	fs.IntVar(&r.BandPaths, "band-paths", 0, fmt.Sprintf("paths the fan charts' bands are taken from, in [0, %d]; 0 means %d", sim.MaxBandPaths, sim.DefaultBandPaths))
}

// Validate checks the flags: -samples must end in .csv or .parquet,
// -band-paths be in range.
func (r *Report) Validate() error {
	if r.BandPaths < 0 || r.BandPaths > sim.MaxBandPaths {
		return fmt.Errorf("-band-paths %d: must be in [0, %d]", r.BandPaths, sim.MaxBandPaths)
	}
	if r.Samples != "" {
		switch strings.ToLower(filepath.Ext(r.Samples)) {
		case ".csv", ".parquet":
		default:
			return fmt.Errorf("-samples %s: must end in .csv or .parquet", r.Samples)
		}
	}
	return nil
}

// Declare declares the flags' files in outs and checks, before the run,
// that they can be written.
func (r *Report) Declare(outs *Outputs) error {
	for _, f := range []struct{ flag, path string }{{"-html", r.HTML}, {"-samples", r.Samples}, {"-analysis", r.Analysis}} {
		if f.path == "" {
			continue
		}
		if err := outs.File(f.flag, f.path); err != nil {
			return err
		}
	}
	return nil
}

// Wanted reports whether an output needs the per-path observers.
func (r *Report) Wanted() bool { return r.HTML != "" || r.Samples != "" || r.Analysis != "" }

// KeepsPaths reports whether the per-path IRR and payback samples are
// written (-samples), which the program must then keep.
func (r *Report) KeepsPaths() bool { return r.Samples != "" }

// Observe sets cfg.BandPaths and, when an output needs them, adds the
// drivers and attribution observers to cfg for a run of sc.
func (r *Report) Observe(sc *model.Scenario, cfg *sim.Config) error {
	cfg.BandPaths = r.BandPaths
	if !r.Wanted() {
		return nil
	}
	plan, err := model.NewPlan(sc)
	if err != nil {
		return err
	}
	if r.Drivers, err = sim.NewDrivers(plan, cfg.Seed, sim.DriverSpec{}); err != nil {
		return err
	}
	r.Attribution = sim.NewAttribution(plan)
	cfg.Observers = append(cfg.Observers, r.Drivers, r.Attribution)
	return nil
}

// Memory returns the bytes the observers keep for a run of paths paths
// of strategies strategies (when an output needs them): 80 per strategy
// and about 8 per driver, per path, with room for the table written.
func (r *Report) Memory(paths, strategies int) int64 {
	if !r.Wanted() {
		return 0
	}
	return int64(paths) * int64(80*strategies+8*(12+4*strategies)) * 2
}

// Stage stages the report's files in outs after the run: the analysis,
// the HTML page and the per-path table, each in a phase that Ctrl-C stops
// at once.
func (r *Report) Stage(ctx context.Context, outs *Outputs, res *sim.Result) error {
	if !r.Wanted() {
		return nil
	}
	an, err := Do(ctx, "analysis", func() (*report.Analysis, error) { return report.Analyze(ctx, res, r.Drivers, r.Attribution) })
	if err != nil {
		return err
	}
	if r.Analysis != "" {
		if err := outs.Write(r.Analysis, an.WriteJSON); err != nil {
			return err
		}
	}
	if r.HTML != "" {
		page, err := report.RunPage(res, an, r.Drivers)
		if err != nil {
			return err
		}
		if err := outs.Write(r.HTML, func(w io.Writer) error { return page.WriteHTML(ctx, w) }); err != nil {
			return err
		}
	}
	if r.Samples != "" {
		s, err := report.NewSamples(res, r.Drivers)
		if err != nil {
			return err
		}
		if err := StageSamples(ctx, outs, r.Samples, s); err != nil {
			return err
		}
	}
	return nil
}

// StageSamples stages the per-path table s at path, as Parquet if path
// ends in .parquet, else as CSV, encoded in a phase that Ctrl-C stops at
// once.
func StageSamples(ctx context.Context, outs *Outputs, path string, s *report.Samples) error {
	write := s.WriteCSV
	if strings.EqualFold(filepath.Ext(path), ".parquet") {
		write = func(w io.Writer) error { return parquetout.Write(w, s) }
	}
	b, err := Do(ctx, "samples", func() ([]byte, error) {
		var buf bytes.Buffer
		err := write(&buf)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	return outs.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
