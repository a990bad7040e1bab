package plots

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/sim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata from the current code")

// goldenCases renders every picture of the package from the fixtures.
func goldenCases(t *testing.T) map[string]func() (*plot.Plot, error) {
	t.Helper()
	res := fixtureResult(t)
	base, bars := fixtureTornado()
	cases := map[string]func() (*plot.Plot, error){
		"npv_distribution": func() (*plot.Plot, error) { return NPVDistribution(res) },
		"npv_cdf":          func() (*plot.Plot, error) { return NPVCDF(res) },
		"fan_btc_price":    func() (*plot.Plot, error) { return BTCPriceFan(res) },
		"fan_hashprice":    func() (*plot.Plot, error) { return HashpriceFan(res) },
		"fan_gpu_rent":     func() (*plot.Plot, error) { return GPURentFan(res) },
		"fan_cash_single":  func() (*plot.Plot, error) { return CashFan(res, "pure mining") },
		"frontier":         func() (*plot.Plot, error) { return Frontier(fixtureFrontier()) },
		"tornado":          func() (*plot.Plot, error) { return Tornado("Hybrid 50 %: sensitivity of the mean NPV", base, bars) },
	}
	// Tails far beyond the body: the NPV axes are cut on both sides.
	tails := fixtureTails(t, true, true)
	cases["npv_distribution_tails"] = func() (*plot.Plot, error) { return NPVDistribution(tails) }
	cases["npv_cdf_tails"] = func() (*plot.Plot, error) { return NPVCDF(tails) }
	// Halvings close together (labels must stack), a share that rounds
	// to 100 % and one below 1 %, another start year, a fixed range.
	cases["fan_close_halvings"] = func() (*plot.Plot, error) {
		b := fixtureBands()
		b.Halvings = []sim.HalvingBand{
			{Number: 1, ShareReached: 1, P5Years: 1.9, P50Years: 2.0, P95Years: 2.1},
			{Number: 2, ShareReached: 0.997, P5Years: 2.2, P50Years: 2.4, P95Years: 2.6},
			{Number: 3, ShareReached: 0.004, P5Years: 9.8, P50Years: 9.9, P95Years: 9.95},
		}
		return FanChart(b, b.Of(market.SeriesHashprice), FanSpec{
			Title: "Hashprice, halvings close together", YLabel: "USD per PH/s per day",
			Color: StrategyColor(3), Halvings: true, StartYear: 2030, YMin: 0, YMax: 100,
		})
	}
	cases["npv_histogram"] = func() (*plot.Plot, error) { return NPVHistogram(res, "full AI colocation") }
	cases["fan_cash_terminal"] = func() (*plot.Plot, error) {
		r := fixtureResult(t)
		c := &r.Bands.CumulativeCashUSD[1]
		last := len(c.P50) - 1
		for k, q := range []*[]float64{&c.P5, &c.P25, &c.P50, &c.P75, &c.P95} {
			(*q)[last] += 900e6 + 150e6*float64(k-2) // a terminal value far above the fan
		}
		r.Bands.CumulativeCashUSD[1].Name = fixtureFourNames[1]
		return CashFan(r, fixtureFourNames[1])
	}
	cases["rank_tornado"] = func() (*plot.Plot, error) {
		return RankTornado("What drives full AI colocation's NPV", 2000, fixtureRank())
	}
	cases["driver_scatter"] = func() (*plot.Plot, error) {
		x, npv, tail := fixtureScatter()
		return DriverScatter("full AI colocation: NPV against capex overrun", "capex overrun, × nominal", x, npv, tail, -0.57)
	}
	cases["waterfall"] = func() (*plot.Plot, error) {
		return Waterfall("full AI colocation: mean NPV by cash-flow component", "mean NPV", fixtureWaterfall())
	}
	cases["convergence"] = func() (*plot.Plot, error) {
		return Convergence("full AI colocation: convergence", fixtureConvergence())
	}
	cases["stress"] = func() (*plot.Plot, error) { return Stress("Stress scenarios: mean NPV against ES95", fixtureStress()) }
	four := fixtureFour(t)
	cases["npv_histogram_long_name"] = func() (*plot.Plot, error) {
		r := fixtureFour(t)
		r.Strategies[3].Name = "full AI GPU cloud, unrated neocloud contract, with a name far longer than any legend can hold <&>"
		return NPVHistogram(r, r.Strategies[3].Name)
	}
	cases["npv_distribution_four"] = func() (*plot.Plot, error) { return NPVDistribution(four) }
	cases["npv_cdf_four"] = func() (*plot.Plot, error) { return NPVCDF(four) }
	for j := range fixtureNames {
		cases[fmt.Sprintf("fan_cash_%d", j)] = func() (*plot.Plot, error) {
			ps, err := CashFans(res)
			if err != nil {
				return nil, err
			}
			return ps[j], nil
		}
	}
	return cases
}

// renderPNG draws p at the default size and returns the PNG bytes.
func renderPNG(t *testing.T, p *plot.Plot) []byte {
	t.Helper()
	w, err := p.WriterTo(DefaultWidth, DefaultHeight, "png")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goldenDelta is cmpimg's per-pixel tolerance: the largest perceptual (YIQ)
// colour distance between a pixel and its golden counterpart, as a share of
// the distance between black and white. It absorbs anti-aliasing that a
// different floating-point unit may shift by a level or two, not a moved line
// or label, nor a change of the lightest shade used (a 5–95 % band is 30
// levels from white).
const goldenDelta = 0.02

// imagesMatch reports whether two PNGs match within goldenDelta, using
// gonum/plot's own image comparison.
func imagesMatch(got, want []byte) (bool, error) {
	return cmpimg.EqualApprox("png", got, want, goldenDelta)
}

// diffRegion returns the smallest rectangle holding every pixel that differs
// between two PNGs (for the failure message), or an error if either does not
// decode.
func diffRegion(got, want []byte) (image.Rectangle, error) {
	a, err := decodeRGBA(got)
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("decoding the new image: %w", err)
	}
	b, err := decodeRGBA(want)
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("decoding the golden image: %w", err)
	}
	if a.Bounds() != b.Bounds() {
		return image.Rectangle{}, fmt.Errorf("size %v, golden %v", a.Bounds(), b.Bounds())
	}
	return cmpimg.Diff(image.NewRGBA(a.Bounds()), a, b), nil
}

// decodeRGBA decodes a PNG into an *image.RGBA with its origin at (0, 0).
func decodeRGBA(b []byte) (*image.RGBA, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if rgba, ok := img.(*image.RGBA); ok && rgba.Bounds().Min == (image.Point{}) {
		return rgba, nil
	}
	r := image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy())
	rgba := image.NewRGBA(r)
	draw.Draw(rgba, r, img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

// checkGolden compares got with testdata/<name>.png (rewriting it with
// -update); on a mismatch it writes the new picture beside the test's
// temporary files and names it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	ok, err := imagesMatch(got, want)
	if err == nil && ok {
		return
	}
	dir := filepath.Join(os.TempDir(), "pivotrisk-plots-golden")
	out := filepath.Join(dir, name+".png")
	if e := os.MkdirAll(dir, 0o755); e == nil {
		_ = os.WriteFile(out, got, 0o644)
	}
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	region, err := diffRegion(got, want)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	t.Errorf("%s: differs from %s in the region %v; the new picture is %s (if it is right, rerun with -update)",
		name, path, region, out)
}

func TestGolden(t *testing.T) {
	for name, f := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			p, err := f()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, renderPNG(t, p))
		})
	}
}

// TestGoldenCanFail checks that the comparison sees real changes: pictures
// of slightly altered data, or a restyled one, must differ from the golden
// images, and a picture must match itself.
func TestGoldenCanFail(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "npv_distribution.png"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := imagesMatch(want, want); err != nil || !ok {
		t.Fatalf("an image differs from itself: %v", err)
	}

	shifted := fixtureResult(t)
	for i := range shifted.NPV[1] {
		shifted.NPV[1][i] += 5e6 // the hybrid gains 5 M USD on every path
	}
	recoloured, err := NPVDistribution(fixtureResult(t))
	if err != nil {
		t.Fatal(err)
	}
	recoloured.Title.Text = "NPV distribution"
	moved, err := NPVDistribution(shifted)
	if err != nil {
		t.Fatal(err)
	}
	base, bars := fixtureTornado()
	bars[0].LowValueUSD += 2e6
	tornado, err := Tornado("Hybrid 50 %: sensitivity of the mean NPV", base, bars)
	if err != nil {
		t.Fatal(err)
	}
	goldTornado, err := os.ReadFile(filepath.Join("testdata", "tornado.png"))
	if err != nil {
		t.Fatal(err)
	}
	// A cut tail reaching 50 M USD further changes only the note under
	// the axis.
	further := fixtureTails(t, true, true)
	far := 0
	for i, x := range further.NPV[2] {
		if x > further.NPV[2][far] {
			far = i
		}
	}
	further.NPV[2][far] += 50e6
	longerTail, err := NPVDistribution(further)
	if err != nil {
		t.Fatal(err)
	}
	goldTails, err := os.ReadFile(filepath.Join("testdata", "npv_distribution_tails.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  []byte
		want []byte
	}{
		{"hybrid shifted by 5 M USD", renderPNG(t, moved), want},
		{"title changed", renderPNG(t, recoloured), want},
		{"one tornado bar 2 M USD longer", renderPNG(t, tornado), goldTornado},
		{"a cut tail 50 M USD longer", renderPNG(t, longerTail), goldTails},
	} {
		ok, err := imagesMatch(c.got, c.want)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Errorf("%s: the comparison does not see the change", c.name)
		}
	}
}
