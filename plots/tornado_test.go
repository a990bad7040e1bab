package plots

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// tornadoCases are tornado charts whose labels are easy to get wrong:
// short bars beside long ones, bars on both sides, on one side only, bars
// that do not move, a negative base, many rows with long labels, and the
// figures of the default scenario's sensitivity run (whose labels crowded
// the base line).
func tornadoCases() map[string]struct {
	base float64
	bars []TornadoBar
} {
	type tc = struct {
		base float64
		bars []TornadoBar
	}
	fixBase, fix := fixtureTornado()
	cases := map[string]tc{
		"fixture": {fixBase, fix},
		"short bars": {120e6, []TornadoBar{
			{Input: "long", LowLabel: "a", HighLabel: "b", LowValueUSD: 40e6, HighValueUSD: 260e6},
			{Input: "short both ways", LowLabel: "0.11", HighLabel: "0.33", LowValueUSD: 119.4e6, HighValueUSD: 120.5e6},
			{Input: "shorter", LowLabel: "0.002", HighLabel: "0.005", LowValueUSD: 119.97e6, HighValueUSD: 120.03e6},
			{Input: "short, one side", LowLabel: "11", HighLabel: "8", LowValueUSD: 118e6, HighValueUSD: 119e6},
		}},
		"both sides": {0, []TornadoBar{
			{Input: "up low, down high", LowLabel: "lo", HighLabel: "hi", LowValueUSD: 30e6, HighValueUSD: -45e6},
			{Input: "down low, up high", LowLabel: "lo", HighLabel: "hi", LowValueUSD: -20e6, HighValueUSD: 25e6},
			{Input: "small", LowLabel: "lo", HighLabel: "hi", LowValueUSD: -2e6, HighValueUSD: 1e6},
		}},
		"all right of base": {50e6, []TornadoBar{
			{Input: "a", LowLabel: "1.70 USD/h", HighLabel: "3.00 USD/h", LowValueUSD: 60e6, HighValueUSD: 140e6},
			{Input: "b", LowLabel: "8 %", HighLabel: "14 %", LowValueUSD: 90e6, HighValueUSD: 51e6},
			{Input: "c", LowLabel: "x", HighLabel: "y", LowValueUSD: 55e6, HighValueUSD: 50.2e6},
		}},
		"all left of base": {50e6, []TornadoBar{
			{Input: "a", LowLabel: "1.70 USD/h", HighLabel: "3.00 USD/h", LowValueUSD: 40e6, HighValueUSD: -30e6},
			{Input: "b", LowLabel: "8 %", HighLabel: "14 %", LowValueUSD: 10e6, HighValueUSD: 49e6},
			{Input: "c", LowLabel: "x", HighLabel: "y", LowValueUSD: 45e6, HighValueUSD: 49.8e6},
		}},
		"zero swings": {10e6, []TornadoBar{
			{Input: "moves", LowLabel: "lo", HighLabel: "hi", LowValueUSD: 2e6, HighValueUSD: 22e6},
			{Input: "high only", LowLabel: "lo", HighLabel: "hi", LowValueUSD: 10e6, HighValueUSD: 14e6},
			{Input: "low only", LowLabel: "lo", HighLabel: "hi", LowValueUSD: 7e6, HighValueUSD: 10e6},
			{Input: "none", LowLabel: "lo", HighLabel: "hi", LowValueUSD: 10e6, HighValueUSD: 10e6},
		}},
		"negative base": {-60e6, []TornadoBar{
			{Input: "a", LowLabel: "35 %", HighLabel: "65 %", LowValueUSD: -40e6, HighValueUSD: -95e6},
			{Input: "b", LowLabel: "0", HighLabel: "30", LowValueUSD: -61e6, HighValueUSD: 5e6},
		}},
		"default scenario": {122.43e6, []TornadoBar{
			{Input: "discount rate (per year)", LowLabel: "0.07", HighLabel: "0.15", LowValueUSD: 231.97e6, HighValueUSD: 44.33e6},
			{Input: "capex per MW (M USD per MW IT)", LowLabel: "8", HighLabel: "11", LowValueUSD: 159.54e6, HighValueUSD: 48.21e6},
			{Input: "mean build time (months)", LowLabel: "8", HighLabel: "24", LowValueUSD: 149.84e6, HighValueUSD: 66.36e6},
			{Input: "AI capacity pipeline (GW per year)", LowLabel: "0", HighLabel: "30", LowValueUSD: 135.72e6, HighValueUSD: 98.00e6},
			{Input: "BTC drift (per year)", LowLabel: "-0.16", HighLabel: "0.24", LowValueUSD: 110.18e6, HighValueUSD: 140.61e6},
			{Input: "power price (USD/MWh)", LowLabel: "25", HighLabel: "50", LowValueUSD: 136.45e6, HighValueUSD: 107.98e6},
			{Input: "GPU rent decay (log per year)", LowLabel: "0.11", HighLabel: "0.33", LowValueUSD: 121.38e6, HighValueUSD: 123.54e6},
			{Input: "BTC volatility (per √year)", LowLabel: "0.378", HighLabel: "0.619", LowValueUSD: 122.06e6, HighValueUSD: 122.87e6},
			{Input: "tenant default, hyperscaler (per year)", LowLabel: "0.002", HighLabel: "0.005", LowValueUSD: 122.36e6, HighValueUSD: 122.46e6},
		}},
	}
	var many []TornadoBar
	for k := range 12 {
		d := float64(k+1) * 4e6
		many = append(many, TornadoBar{
			Input:    fmt.Sprintf("input number %d with a long name", k),
			LowLabel: fmt.Sprintf("%d USD/MWh", 20+k), HighLabel: fmt.Sprintf("%d USD/MWh", 40+k),
			LowValueUSD: 300e6 - d*float64(k%3), HighValueUSD: 300e6 + d*float64((k+1)%2),
		})
	}
	cases["many rows, long labels"] = tc{300e6, many}
	// Every row spans the width, and rows are too thin for the legend to
	// fit beside one bar: no corner is free.
	var wide []TornadoBar
	for k := range 10 {
		d := 100e6 - float64(k)*1e6
		if k%2 == 1 {
			d = -d
		}
		wide = append(wide, TornadoBar{Input: fmt.Sprintf("input %d", k), LowLabel: "lo", HighLabel: "hi", LowValueUSD: -d, HighValueUSD: d})
	}
	cases["every corner taken"] = tc{0, wide}
	return cases
}

// TestTornadoLabels draws each case at the default size, and at a smaller
// one, and checks what the picture shows: every bar's label is beyond its
// outer end on the side away from the base line (for a bar that moves),
// at least labelPad clear of its bar and of the base line, meets no other
// bar, no other text and no legend entry, and lies inside the picture; the
// legend meets no bar and no base line.
func TestTornadoLabels(t *testing.T) {
	for name, c := range tornadoCases() {
		for _, size := range []struct{ w, h vg.Length }{{DefaultWidth, DefaultHeight}, {DefaultWidth * 0.7, DefaultHeight * 0.7}} {
			t.Run(fmt.Sprintf("%s/%.0fx%.0f", name, size.w.Dots(96), size.h.Dots(96)), func(t *testing.T) {
				p, tb, err := tornado("t", c.base, c.bars)
				if err != nil {
					t.Fatal(err)
				}
				checkTornadoScene(t, p, tb, c.base/usdPerM, size.w, size.h, size.w == DefaultWidth)
			})
		}
	}
}

func checkTornadoScene(t *testing.T, p *plot.Plot, tb *tornadoBars, base float64, w, h vg.Length, checkLegend bool) {
	t.Helper()
	s := newScene(w, h)
	p.Draw(draw.New(s))
	dc := p.DataCanvas(draw.New(newScene(w, h)))
	items := tb.layout(dc, p)
	tx, _ := p.Transforms(&dc)
	xb := tx(base)
	const eps = 1e-6

	// The base line as drawn: the dashed stroke running the data area's
	// height.
	var baseLines []sceneShape
	for _, st := range s.strokes {
		if st.dashed && st.r.Max.Y-st.r.Min.Y > (dc.Max.Y-dc.Min.Y)*0.9 {
			baseLines = append(baseLines, st)
		}
	}
	if len(baseLines) != 1 || math.Abs(float64(baseLines[0].r.Min.X-xb)) > eps {
		t.Fatalf("base lines drawn %+v, want one at x = %v", baseLines, xb)
	}
	bl := baseLines[0]
	baseHalf := bl.width / 2

	// Every bar is drawn, in its colour, and every label where the layout
	// says.
	isBar := func(f sceneShape) bool {
		for _, it := range items {
			if f.r == it.bar {
				return true
			}
		}
		return false
	}
	for _, it := range items {
		want := tornadoHigh
		if it.low {
			want = tornadoLow
		}
		found := false
		for _, f := range s.fills {
			if f.r == it.bar && sameColor(f.col, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("row %d (low %v): bar %v not drawn", it.row, it.low, it.bar)
		}
		if len(s.text(it.lbl)) == 0 {
			t.Errorf("label %q not drawn", it.lbl)
		}
	}
	labelTexts := map[string]bool{}
	for _, it := range items {
		labelTexts[it.lbl] = true
	}
	for _, it := range items {
		r := tb.rows[it.row]
		v := r.HighValueUSD / usdPerM
		if it.low {
			v = r.LowValueUSD / usdPerM
		}
		name := fmt.Sprintf("label %q", it.lbl)
		// The text as drawn: where laid out (text.Style's rectangle puts
		// centred text a point or two lower than it is drawn).
		drawn := false
		for _, tx := range s.text(it.lbl) {
			if math.Abs(float64(tx.r.Min.X-it.box.Min.X)) < eps && math.Abs(float64(tx.r.Min.Y-it.box.Min.Y)) < 3 {
				it.box, drawn = tx.r, true
			}
		}
		if !drawn {
			t.Errorf("%s: not drawn at its laid-out place %v", name, it.box)
			continue
		}
		// Away from the base line, beyond the bar's outer end.
		switch {
		case v < base && it.side != -1, v > base && it.side != 1:
			t.Errorf("%s: value %v, base %v, but label on side %d", name, v, base, it.side)
		}
		if it.side < 0 {
			if d := it.bar.Min.X - it.box.Max.X; d < labelPad-eps {
				t.Errorf("%s: %v points from its bar's left end, want ≥ %v", name, d, labelPad)
			}
			if d := xb - baseHalf - it.box.Max.X; d < labelPad-eps {
				t.Errorf("%s: %v points left of the base line, want ≥ %v", name, d, labelPad)
			}
		} else {
			if d := it.box.Min.X - it.bar.Max.X; d < labelPad-eps {
				t.Errorf("%s: %v points from its bar's right end, want ≥ %v", name, d, labelPad)
			}
			if d := it.box.Min.X - (xb + baseHalf); d < labelPad-eps {
				t.Errorf("%s: %v points right of the base line, want ≥ %v", name, d, labelPad)
			}
		}
		// Clear of every other bar.
		for _, o := range items {
			if o.row == it.row && o.low == it.low {
				continue
			}
			if g := gap(it.box, o.bar); g < vg.Points(1) {
				t.Errorf("%s: %v points from the bar of row %d (low %v)", name, g, o.row, o.low)
			}
		}
		// Inside the picture.
		if !inside(it.box, vg.Rectangle{Max: vg.Point{X: w, Y: h}}) {
			t.Errorf("%s at %v leaves the %v × %v picture", name, it.box, w, h)
		}
	}
	// No text meets another: labels, tick labels, axis labels, title,
	// legend (whose lines' ascent and descent overlap by a point: the
	// slack).
	isLegend := func(txt string) bool {
		switch txt {
		case "input at its low value", "input at its high value", "base: " + fmtSig(base) + " M USD":
			return true
		}
		return false
	}
	for _, pr := range s.overlapping(textSlack) {
		// The legend's corner is chosen at the default size only.
		if !checkLegend && (isLegend(pr[0].s) || isLegend(pr[1].s)) {
			continue
		}
		t.Errorf("texts %q at %v and %q at %v overlap", pr[0].s, pr[0].r, pr[1].s, pr[1].r)
	}
	if !checkLegend {
		return
	}
	// The legend (its texts and swatches) meets no bar, label or base
	// line.
	var legend []vg.Rectangle
	for _, tx := range s.texts {
		if isLegend(tx.s) {
			legend = append(legend, tx.r)
		}
	}
	for _, f := range s.fills {
		if (sameColor(f.col, tornadoLow) || sameColor(f.col, tornadoHigh)) && !isBar(f) {
			legend = append(legend, f.r)
		}
	}
	if len(legend) != 5 {
		t.Fatalf("%d legend texts and swatches, want 5", len(legend))
	}
	baseRect := vg.Rectangle{Min: vg.Point{X: xb - baseHalf, Y: bl.r.Min.Y}, Max: vg.Point{X: xb + baseHalf, Y: bl.r.Max.Y}}
	for _, l := range legend {
		for _, it := range items {
			if overlaps(l, it.bar) || overlaps(l, it.box) {
				t.Errorf("legend entry at %v meets row %d (low %v): bar %v, label %q at %v", l, it.row, it.low, it.bar, it.lbl, it.box)
			}
		}
		if overlaps(l, baseRect) {
			t.Errorf("legend entry at %v meets the base line at x = %v", l, xb)
		}
	}
}

// TestTornadoSides checks the side of each label of rows that do not move
// at one or both ends.
func TestTornadoSides(t *testing.T) {
	tb := &tornadoBars{base: 10}
	cases := []struct {
		low, high       float64 // M USD
		lowSide, hiSide int
	}{
		{5, 15, -1, 1},
		{15, 5, 1, -1},
		{12, 14, 1, 1},
		{8, 6, -1, -1},
		{10, 14, -1, 1}, // the low end does not move: left, the high bar going right
		{10, 6, 1, -1},
		{14, 10, 1, -1},
		{6, 10, -1, 1},
		{10, 10, -1, 1},
	}
	for _, c := range cases {
		r := TornadoBar{LowValueUSD: c.low * usdPerM, HighValueUSD: c.high * usdPerM}
		if got := tb.side(r, true); got != c.lowSide {
			t.Errorf("low %v high %v: low label on side %d, want %d", c.low, c.high, got, c.lowSide)
		}
		if got := tb.side(r, false); got != c.hiSide {
			t.Errorf("low %v high %v: high label on side %d, want %d", c.low, c.high, got, c.hiSide)
		}
	}
}
