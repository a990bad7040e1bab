package plots

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TestStrategyLabels: short names are kept, long ones are cut to at most
// maxLabelRunes runes with their number, spelled out in the key, control
// characters become spaces, and the labels stay distinct.
func TestStrategyLabels(t *testing.T) {
	long := strings.Repeat("full AI GPU cloud with an unrated neocloud ", 4)
	names := []string{"pure mining", long, long + "x", "tab\there\nnewline"}
	labels, key := strategyLabels(names)
	require.Equal(t, "pure mining", labels[0])
	require.Equal(t, "tab here newline", labels[3])
	seen := map[string]bool{}
	for _, l := range labels {
		require.LessOrEqual(t, utf8.RuneCountInString(l), maxLabelRunes)
		require.False(t, seen[l], "label %q twice", l)
		seen[l] = true
	}
	require.True(t, strings.HasSuffix(labels[1], "… [2]"), labels[1])
	require.True(t, strings.HasPrefix(key[0], "[2] full AI"), key[0])
	for _, k := range key {
		require.LessOrEqual(t, utf8.RuneCountInString(k), keyLineRunes)
	}
}

// TestLegendTableAboveData: with four strategies of long names, the
// density's legend is a table wholly above the data area, within the
// picture, so it covers no data (the gpu-glut case).
func TestLegendTableAboveData(t *testing.T) {
	p, table, err := npvDistribution(fixtureFour(t))
	require.NoError(t, err)
	require.NotNil(t, table, "no legend table")
	require.Zero(t, p.Legend.Rectangle(draw.Canvas{}).Size().X, "the in-plot legend is empty")
	page := draw.Canvas{Canvas: nopCanvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: DefaultWidth, Y: DefaultHeight}}}
	data := p.DataCanvas(page)
	box := table.box(data)
	require.GreaterOrEqual(t, box.Min.Y, data.Max.Y, "the table starts above the data area")
	require.LessOrEqual(t, box.Max.X, page.Max.X)
	title := p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y
	require.LessOrEqual(t, box.Max.Y, page.Max.Y-title, "the table stays below the title")
}
