package plots

import (
	"image/color"

	xfont "golang.org/x/image/font"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendTable is a picture's legend drawn as a table above the data area,
// between the title and the data, in room it reserves by widening the
// title's padding: it can never cover data, however many rows it has. A
// row is a thumbnail (a line or glyph as drawn), a name written left and
// figures written right-aligned under their column headers; lines of a
// key (the full names of abbreviated strategies) may follow the rows.
type legendTable struct {
	header []string // column headers over the figures; "" for the name column
	rows   []legendRow
	key    []string
	text   text.Style
	bold   text.Style
}

// legendRow is one row of a legendTable.
type legendRow struct {
	thumbs []plot.Thumbnailer
	cells  []string // the name, then the figures
	note   bool     // one cell of text spanning the columns
}

// Geometry of a legendTable, in points: the thumbnail's width, the gap
// between columns, the space between the table and the data area, and a
// row's height as a multiple of the text's height.
const (
	tableThumb  = 30
	tableGap    = 16
	tableMargin = 8
	tableRowH   = 1.3
)

// newLegendTable returns an empty legendTable with the package's legend
// font and the given column headers (the name column's first).
func newLegendTable(header ...string) *legendTable {
	t := &legendTable{header: header, text: textStyle(legendSize, color.Black), bold: textStyle(legendSize, color.Black)}
	t.bold.Font.Weight = xfont.WeightBold
	return t
}

// add adds a row.
func (t *legendTable) add(cells []string, thumbs ...plot.Thumbnailer) {
	t.rows = append(t.rows, legendRow{thumbs: thumbs, cells: cells})
}

// addNote adds a row of one text spanning the columns, after a thumbnail.
func (t *legendTable) addNote(note string, thumbs ...plot.Thumbnailer) {
	t.rows = append(t.rows, legendRow{thumbs: thumbs, cells: []string{note}, note: true})
}

// rowHeight returns the height of one row.
func (t *legendTable) rowHeight() vg.Length {
	return vg.Length(tableRowH) * t.text.Height("Mg")
}

// lines returns the number of lines the table takes: the header (if any),
// the rows and the key.
func (t *legendTable) lines() int {
	n := len(t.rows) + len(t.key)
	if len(t.header) > 0 {
		n++
	}
	return n
}

// height returns the table's height, without its margins.
func (t *legendTable) height() vg.Length { return vg.Length(t.lines()) * t.rowHeight() }

// widths returns the width of each column of cells (the thumbnail not
// included).
func (t *legendTable) widths() []vg.Length {
	var w []vg.Length
	grow := func(cells []string, sty text.Style) {
		for i, c := range cells {
			if i >= len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], sty.Width(c))
		}
	}
	grow(t.header, t.bold)
	for _, r := range t.rows {
		if !r.note {
			grow(r.cells, t.text)
		}
	}
	return w
}

// install adds the table to p and reserves its room above the data area.
func (t *legendTable) install(p *plot.Plot) {
	p.Title.Padding += t.height() + 2*tableMargin
	p.Add(t)
}

// Plot implements plot.Plotter: the table, from the left edge of the data
// area, its last line tableMargin above it.
func (t *legendTable) Plot(c draw.Canvas, _ *plot.Plot) {
	h := t.rowHeight()
	w := t.widths()
	y := c.Max.Y + tableMargin + t.height() - h // bottom of the first line
	x0 := c.Min.X + vg.Points(tableThumb) + vg.Points(6)
	// colX returns the left edge of column i.
	colX := func(i int) vg.Length {
		x := x0
		for k := 0; k < i; k++ {
			x += w[k] + vg.Points(tableGap)
		}
		return x
	}
	cell := func(sty text.Style, i int, s string, y vg.Length) {
		sty.YAlign = draw.YBottom
		pt := vg.Point{X: colX(i), Y: y + h*0.15}
		if i > 0 {
			sty.XAlign = draw.XRight
			pt.X += w[i]
		}
		c.FillText(sty, pt, s)
	}
	if len(t.header) > 0 {
		for i, s := range t.header {
			cell(t.bold, i, s, y)
		}
		y -= h
	}
	for _, r := range t.rows {
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: c.Min.X, Y: y + h*0.1}, Max: vg.Point{X: c.Min.X + vg.Points(tableThumb), Y: y + h*0.9}}}
		for _, th := range r.thumbs {
			th.Thumbnail(&icon)
		}
		for i, s := range r.cells {
			if r.note {
				sty := t.text
				sty.YAlign = draw.YBottom
				c.FillText(sty, vg.Point{X: x0, Y: y + h*0.15}, s)
				break
			}
			cell(t.text, i, s, y)
		}
		y -= h
	}
	for _, k := range t.key {
		sty := t.text
		sty.YAlign = draw.YBottom
		c.FillText(sty, vg.Point{X: c.Min.X, Y: y + h*0.15}, k)
		y -= h
	}
}

// box returns the rectangle the table covers above the data canvas c.
func (t *legendTable) box(c draw.Canvas) vg.Rectangle {
	w := t.widths()
	right := c.Min.X + vg.Points(tableThumb+6)
	for _, x := range w {
		right += x + vg.Points(tableGap)
	}
	for _, k := range t.key {
		right = max(right, c.Min.X+t.text.Width(k))
	}
	for _, r := range t.rows {
		if r.note {
			right = max(right, c.Min.X+vg.Points(tableThumb+6)+t.text.Width(r.cells[0]))
		}
	}
	return vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Max.Y + tableMargin}, Max: vg.Point{X: right, Y: c.Max.Y + tableMargin + t.height()}}
}
