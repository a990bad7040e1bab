package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Table is a text table with left-aligned leading columns (the names) and
// right-aligned others (text/tabwriter), for numbers that line up on their
// last digit.
type Table struct {
	// Left is the number of leading columns aligned left; 0 means 1.
	Left int

	rows [][]string
}

// Row adds a row of cells; a row of no cells is an empty line that keeps
// the columns of the rows around it aligned.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Write writes the table to w.
func (t *Table) Write(w io.Writer) error {
	left := max(t.Left, 1)
	widths := make([]int, left)
	cols := 0
	for _, r := range t.rows {
		for i := 0; i < len(r) && i < left; i++ {
			widths[i] = max(widths[i], len([]rune(r[i])))
		}
		cols = max(cols, len(r))
	}
	// Right alignment pads every cell on its left, the first one too; the
	// lines are written to a buffer and that first padding cut off.
	const pad = 2
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, pad, ' ', tabwriter.AlignRight)
	for _, r := range t.rows {
		if len(r) == 0 {
			// Empty cells, not an empty line, which would end
			// tabwriter's column block.
			r = make([]string, cols)
		}
		for i, cell := range r {
			if i < left {
				// Pad the leading columns to one width each so that
				// right alignment leaves them flush left.
				cell = fmt.Sprintf("%-*s", widths[i], cell)
			}
			fmt.Fprint(tw, cell, "\t")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		line = strings.TrimRight(strings.TrimPrefix(line, strings.Repeat(" ", pad)), " ")
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}
