package plots

import (
	"context"
	"slices"
	"testing"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestFromRun draws every picture of a real seeded run of the default
// scenario (400 paths, all of them band paths) and checks each comes out
// with its strategies, and only those, in their palette colours: the
// golden tests pin the drawing on hand-built data, this one that a Result
// from sim.Run is read as documented. It checks no numbers, which move as
// the model is calibrated.
func TestFromRun(t *testing.T) {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 2026, BandPaths: 400, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.Strategies)
	cash, err := CashFans(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(cash) != n {
		t.Fatalf("%d cash fans for %d strategies", len(cash), n)
	}
	pictures := []struct {
		name   string
		p      func() (*plot.Plot, error)
		colors []int // strategy colours that must appear
	}{
		{"NPVDistribution", func() (*plot.Plot, error) { return NPVDistribution(res) }, []int{0, 1, 2}},
		{"NPVCDF", func() (*plot.Plot, error) { return NPVCDF(res) }, []int{0, 1, 2}},
		{"BTCPriceFan", func() (*plot.Plot, error) { return BTCPriceFan(res) }, nil},
		{"HashpriceFan", func() (*plot.Plot, error) { return HashpriceFan(res) }, nil},
		{"GPURentFan", func() (*plot.Plot, error) { return GPURentFan(res) }, nil},
		{"CashFan", func() (*plot.Plot, error) { return CashFan(res, res.Strategies[1].Name) }, []int{1}},
	}
	for j := range cash {
		pictures = append(pictures, struct {
			name   string
			p      func() (*plot.Plot, error)
			colors []int
		}{"CashFans/" + res.Strategies[j].Name, func() (*plot.Plot, error) { return cash[j], nil }, []int{j}})
	}
	for _, pc := range pictures {
		p, err := pc.p()
		if err != nil {
			t.Errorf("%s: %v", pc.name, err)
			continue
		}
		img, err := decodeRGBA(renderPNG(t, p))
		if err != nil {
			t.Fatal(err)
		}
		counts := make([]int, n)
		nonWhite := 0
		for i := 0; i < len(img.Pix); i += 4 {
			r, g, bl := img.Pix[i], img.Pix[i+1], img.Pix[i+2]
			if r < 250 || g < 250 || bl < 250 {
				nonWhite++
			}
			for j := range n {
				if c := StrategyColor(j); r == c.R && g == c.G && bl == c.B {
					counts[j]++
				}
			}
		}
		b := img.Bounds()
		if nonWhite < b.Dx()*b.Dy()/100 {
			t.Errorf("%s: only %d pixels are not white", pc.name, nonWhite)
		}
		for j := range n {
			// A line 2.2 points wide is about 3 pixels, so a curve across
			// part of the picture has hundreds of pixels of its colour; a
			// strategy not drawn has none (each picture keeps to its
			// strategies' colours).
			switch drawn := slices.Contains(pc.colors, j); {
			case drawn && counts[j] < 200:
				t.Errorf("%s: %d pixels of strategy %d's colour, want ≥ 200", pc.name, counts[j], j)
			case !drawn && counts[j] > 0:
				t.Errorf("%s: %d pixels of strategy %d's colour, want none", pc.name, counts[j], j)
			}
		}
	}
}
