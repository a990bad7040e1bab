package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Sweep are the output flags of a sweep program (frontier, stress,
// tornado): -json (its results as JSON), -csv (its table, one row per
// point, amounts in USD at full precision) and -html (a self-contained
// HTML page of its table and picture); and, for a program that adds it
// (AddSweepSamplesFlag), -samples (every run's per-path figures, CSV or
// Parquet by extension).
type Sweep struct {
	JSON, CSV, HTML, Samples string
}

// AddSweepFlags defines -json, -csv and -html.
func (c *Cmd) AddSweepFlags(s *Sweep) {
	fs := c.Flags
	fs.StringVar(&s.JSON, "json", "", "also write the results as JSON to this `file`")
	fs.StringVar(&s.CSV, "csv", "", "also write the table as CSV (amounts in USD, full precision) to this `file`")
	fs.StringVar(&s.HTML, "html", "", "also write a self-contained HTML page of the table and picture to this `file`")
}

// AddSweepSamplesFlag defines -samples; runs says how the sweep's runs
// are named (e.g. "hybrid 0%, hybrid 10%, …").
func (c *Cmd) AddSweepSamplesFlag(s *Sweep, runs string) {
	c.Flags.StringVar(&s.Samples, "samples", "", "also write each path's NPV, IRR and payback in every run to this `file`: .csv or .parquet;\n"+
		"columns path, pair, then npv_usd.RUN, irr_per_year.RUN, payback_months.RUN (NPV only with\n-npv-only) for each RUN: "+runs)
}

// Validate checks the flags: -samples must end in .csv or .parquet.
func (s *Sweep) Validate() error {
	if s.Samples == "" {
		return nil
	}
	return (&Report{Samples: s.Samples}).Validate()
}

// Declare declares the flags' files in outs and checks, before the sweep,
// that they can be written.
func (s *Sweep) Declare(outs *Outputs) error {
	for _, f := range []struct{ flag, path string }{{"-json", s.JSON}, {"-csv", s.CSV}, {"-html", s.HTML}, {"-samples", s.Samples}} {
		if f.path == "" {
			continue
		}
		if err := outs.File(f.flag, f.path); err != nil {
			return err
		}
	}
	return nil
}

// SweepTable is a sweep's machine-readable table: a header and rows of
// cells (numbers written in full, 'g' format).
type SweepTable struct {
	Header []string
	Rows   [][]string
}

// SamplesOption returns the option that makes the sweep keep its runs'
// samples in *dst when -samples is given, nil otherwise.
func (s *Sweep) SamplesOption(dst *sim.SweepSamples) sim.SweepOption {
	if s.Samples == "" {
		return nil
	}
	return sim.WithSamples(dst)
}

// SamplesMemory returns the bytes the -samples table adds for a sweep of
// runs runs over paths paths: the path and pair columns and the encoded
// file (up to about 80 bytes a run per path), 0 without -samples.
func (s *Sweep) SamplesMemory(paths, runs int) int64 {
	if s.Samples == "" {
		return 0
	}
	return int64(paths) * (16 + 80*int64(runs))
}

// StageSamples stages the -samples file of the sweep's samples ss, if
// asked for.
func (s *Sweep) StageSamples(ctx context.Context, outs *Outputs, ss *sim.SweepSamples) error {
	if s.Samples == "" {
		return nil
	}
	t, err := report.NewSweepSamples(ss)
	if err != nil {
		return err
	}
	return StageSamples(ctx, outs, s.Samples, t)
}

// Stage stages the files asked for: data as indented JSON, table as CSV,
// page as HTML.
func (s *Sweep) Stage(ctx context.Context, outs *Outputs, data any, table SweepTable, page report.Page) error {
	if s.JSON != "" {
		if err := outs.Write(s.JSON, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(data)
		}); err != nil {
			return err
		}
	}
	if s.CSV != "" {
		if err := outs.Write(s.CSV, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			if err := cw.Write(table.Header); err != nil {
				return err
			}
			if err := cw.WriteAll(table.Rows); err != nil {
				return err
			}
			return cw.Error()
		}); err != nil {
			return err
		}
	}
	if s.HTML != "" {
		return outs.Write(s.HTML, func(w io.Writer) error { return page.WriteHTML(ctx, w) })
	}
	return nil
}
