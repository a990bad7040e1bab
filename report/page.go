package report

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/phase"
	"github.com/pivotrisk/pivotrisk/plots"
)

// Page is a self-contained HTML document: a title, lines of provenance,
// and sections of text, tables and pictures, the pictures drawn as inline
// SVG. It needs nothing from the network to open (no script, no external
// style sheet or font) and prints one picture per page width. RunPage
// makes the page of a run; a program makes its own for a sweep.
type Page struct {
	// Title heads the page.
	Title string
	// Facts are "label: value" lines of provenance under the title (seed,
	// paths, version, scenario hash, …).
	Facts []Fact
	// Sections follow, in order.
	Sections []Section
}

// Fact is one line of a Page's provenance.
type Fact struct{ Label, Value string }

// Section is a part of a Page: a heading, paragraphs, tables, then
// pictures, and optionally a preformatted block (a configuration).
type Section struct {
	// ID is the section's HTML id (letters, digits and '-'); empty for
	// none.
	ID      string
	Heading string
	Text    []string
	Tables  []HTMLTable
	Figures []Picture
	Pre     string
}

// HTMLTable is a table of a Page: a header row and rows of cells, the
// first Left columns (at least one) aligned left as names, the others
// right as figures.
type HTMLTable struct {
	ID      string
	Caption string
	Header  []string
	Rows    [][]string
	Left    int
}

//go:embed page.html.tmpl
var pageTemplate string

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"left": func(t HTMLTable, i int) bool { return i < max(t.Left, 1) },
}).Parse(pageTemplate))

// figure is a Picture drawn for the template.
type figure struct {
	File string
	SVG  template.HTML
}

// WriteHTML draws every picture of page as SVG (each in a phase that
// Ctrl-C stops at once: ctx) and writes the page to w. The SVG is
// gonum/plot's, whose text is escaped; every other text of the page is
// escaped by html/template, so a strategy name such as "<b>" shows as
// typed.
func (page Page) WriteHTML(ctx context.Context, w io.Writer) error {
	type section struct {
		Section
		Figs []figure
	}
	data := struct {
		Page
		Secs []section
	}{Page: page}
	for _, s := range page.Sections {
		sec := section{Section: s}
		for _, pic := range s.Figures {
			svg, err := phase.Do(ctx, "picture", pic.SVG)
			if err != nil {
				return err
			}
			sec.Figs = append(sec.Figs, figure{File: pic.File, SVG: template.HTML(svg)})
		}
		data.Secs = append(data.Secs, sec)
	}
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, data); err != nil {
		return fmt.Errorf("report: writing the HTML page: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// SVG draws the picture as SVG of plots.DefaultWidth ×
// plots.DefaultHeight, without the XML prologue (for inline use in HTML).
// Errors name the file.
func (pic Picture) SVG() (string, error) {
	p, err := pic.Make()
	if err != nil {
		return "", fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	wt, err := p.WriterTo(plots.DefaultWidth, plots.DefaultHeight, "svg")
	if err != nil {
		return "", fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	s := buf.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return s, nil
}
