package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/pivotrisk/pivotrisk/report"
)

// Sweep are the output flags of a sweep program (frontier, stress,
// tornado): -json (its results as JSON), -csv (its table, one row per
// point, amounts in USD at full precision) and -html (a self-contained
// HTML page of its table and picture).
type Sweep struct {
	JSON, CSV, HTML string
}

// AddSweepFlags defines -json, -csv and -html.
func (c *Cmd) AddSweepFlags(s *Sweep) {
	fs := c.Flags
	fs.StringVar(&s.JSON, "json", "", "also write the results as JSON to this `file`")
	fs.StringVar(&s.CSV, "csv", "", "also write the table as CSV (amounts in USD, full precision) to this `file`")
	fs.StringVar(&s.HTML, "html", "", "also write a self-contained HTML page of the table and picture to this `file`")
}

// Declare declares the flags' files in outs and checks, before the sweep,
// that they can be written.
func (s *Sweep) Declare(outs *Outputs) error {
	for _, f := range []struct{ flag, path string }{{"-json", s.JSON}, {"-csv", s.CSV}, {"-html", s.HTML}} {
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
