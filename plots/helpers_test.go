package plots

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/pivotrisk/pivotrisk/dist"
)

// TestKDEPointMass: the estimate of a single sample on a grid node is the
// Gaussian kernel itself, exactly where binning puts all its weight on the
// node, and zero beyond the 5h cut.
func TestKDEPointMass(t *testing.T) {
	const g = 201
	lo, hi, h := -10.0, 10.0, 0.7
	delta := (hi - lo) / (g - 1)
	x0 := lo + 90*delta
	dens := kde([]float64{x0}, h, lo, hi, g)
	cut := int(math.Ceil(5 * h / delta)) // grid steps the kernel reaches
	for k, d := range dens {
		u := (lo + float64(k)*delta - x0) / h
		want := 0.0
		if k >= 90-cut && k <= 90+cut {
			want = math.Exp(-u*u/2) / (h * math.Sqrt(2*math.Pi))
		}
		if math.Abs(d-want) > 1e-15 {
			t.Fatalf("point %d: density %v, want %v", k, d, want)
		}
	}
}

// TestKDEAgainstDirectSum compares the binned estimate of a normal sample
// with the direct sum (1/nh)·Σφ((x−x_i)/h) at every grid point. Linear
// binning moves each sample's weight to its two neighbouring nodes, which
// changes the kernel's value at a grid point by at most ½·max|K”|·δ²/4
// with K” the kernel's second derivative, max |φ”|/h³ = 1/(h³√(2π)): the
// bound used, plus the mass beyond the 5h cut (φ(5)/h).
func TestKDEAgainstDirectSum(t *testing.T) {
	r := dist.New(7, 0)
	xs := make([]float64, 2000)
	for i := range xs {
		xs[i] = r.Norm()
	}
	sorted := slices.Sorted(slices.Values(xs))
	h := silverman(sorted)
	const g = 600
	lo, hi := sorted[0]-4*h, sorted[len(sorted)-1]+4*h
	delta := (hi - lo) / (g - 1)
	dens := kde(xs, h, lo, hi, g)
	bound := delta*delta/(8*h*h*h*math.Sqrt(2*math.Pi)) + math.Exp(-12.5)/(h*math.Sqrt(2*math.Pi))
	var integral float64
	for k, d := range dens {
		x := lo + float64(k)*delta
		var want float64
		for _, xi := range xs {
			u := (x - xi) / h
			want += math.Exp(-u*u/2) / (h * math.Sqrt(2*math.Pi))
		}
		want /= float64(len(xs))
		if math.Abs(d-want) > bound {
			t.Fatalf("at x = %v: binned %v, direct %v, differ by more than %v", x, d, want, bound)
		}
		integral += d * delta
	}
	if math.Abs(integral-1) > 1e-3 {
		t.Errorf("density integrates to %v, want 1", integral)
	}
}

// TestSilverman checks the rule of thumb on a hand-computed sample: 1..8
// has s = √6 = 2.449, type-1 quartiles x_(2) = 2 and x_(6) = 6, IQR/1.34 =
// 2.985, so h = 0.9·√6·8^(−1/5).
func TestSilverman(t *testing.T) {
	cases := []struct {
		name   string
		sorted []float64
		want   float64
	}{
		{"1..8", []float64{1, 2, 3, 4, 5, 6, 7, 8}, 0.9 * math.Sqrt(6) * math.Pow(8, -0.2)},
		// IQR/1.34 smaller than s: a heavy outlier inflates s only.
		{"outlier", []float64{0, 1, 2, 3, 4, 5, 6, 1000}, 0.9 * (4.0 / 1.34) * math.Pow(8, -0.2)},
		// IQR 0 (both quartiles are 0): s alone; mean 1, Σ(x−1)² = 7 + 49,
		// s = √(56/7) = √8.
		{"zero IQR", []float64{0, 0, 0, 0, 0, 0, 0, 8}, 0.9 * math.Sqrt(8) * math.Pow(8, -0.2)},
		{"constant", []float64{3, 3, 3}, 0},
		{"single", []float64{3}, 0},
	}
	for _, c := range cases {
		if got := silverman(c.sorted); math.Abs(got-c.want) > 1e-12*math.Max(1, c.want) {
			t.Errorf("%s: h = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestTailOfMatchesSim checks that the VaR, ES, mean and loss probability
// the NPV pictures quote are those of sim's Summary, to the bit.
func TestTailOfMatchesSim(t *testing.T) {
	res := fixtureResult(t)
	for j, s := range res.Strategies {
		st, err := tailOf(slices.Sorted(slices.Values(res.NPV[j])))
		if err != nil {
			t.Fatal(err)
		}
		if st.var95 != s.VaR95 || st.es95 != s.ES95 || st.probLoss != s.ProbLoss {
			t.Errorf("%s: VaR95 %v ES95 %v P(loss) %v, sim says %v %v %v", s.Name, st.var95, st.es95, st.probLoss, s.VaR95, s.ES95, s.ProbLoss)
		}
		if math.Abs(st.mean-s.Mean) > 1e-9*math.Abs(s.Mean) {
			t.Errorf("%s: mean %v, sim says %v", s.Name, st.mean, s.Mean)
		}
	}
}

func TestCDFPoints(t *testing.T) {
	small := []float64{-2e6, 1e6, 3e6, 5e6}
	got := cdfPoints(small)
	want := []struct{ x, y float64 }{{-2, 0}, {-2, 25}, {1, 50}, {3, 75}, {5, 100}}
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].X != w.x || got[i].Y != w.y {
			t.Errorf("point %d = %v, want %v", i, got[i], w)
		}
	}
	big := make([]float64, 10000)
	for i := range big {
		big[i] = float64(i) * 1e6
	}
	pts := cdfPoints(big)
	if len(pts) != 4001 {
		t.Fatalf("%d points, want 4001", len(pts))
	}
	for k := 1; k < len(pts); k++ {
		// Point k is the order statistic of rank round(2.5k), at its exact
		// probability.
		i := math.Round(2.5 * float64(k))
		if pts[k].X != i-1 || math.Abs(pts[k].Y-i/100) > 1e-12 {
			t.Fatalf("point %d = %v, want (%v, %v)", k, pts[k], i-1, i/100)
		}
	}
}

func tickLabels(ticks []plot.Tick) []string {
	var out []string
	for _, tk := range ticks {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestTickers(t *testing.T) {
	cases := []struct {
		name   string
		ticker plot.Ticker
		lo, hi float64
		want   []string
	}{
		{"money", linearTicks{}, -350, 870, []string{"\u2212200", "0", "200", "400", "600", "800"}},
		{"thousands", linearTicks{}, -1200, 2600, []string{"\u22121,000", "\u2212500", "0", "500", "1,000", "1,500", "2,000", "2,500"}},
		{"small", linearTicks{}, 0.3, 2.8, []string{"0.5", "1.0", "1.5", "2.0", "2.5"}},
		{"density", linearTicks{}, 0, 0.0105, []string{"0.000", "0.002", "0.004", "0.006", "0.008", "0.010"}},
		{"years", yearTicks{}, 2026, 2036, []string{"2026", "2027", "2028", "2029", "2030", "2031", "2032", "2033", "2034", "2035", "2036"}},
		{"decades", yearTicks{}, 2026, 2056, []string{"2030", "2035", "2040", "2045", "2050", "2055"}},
		{"log price", logTicks{}, 1500, 5e5, []string{"2 k", "5 k", "10 k", "20 k", "50 k", "100 k", "200 k", "500 k"}},
		{"log narrow", logTicks{}, 20, 70, []string{"20", "30", "40", "50", "60", "70"}},
		{"log wide", logTicks{}, 10, 1e8, []string{"10", "100", "1 k", "10 k", "100 k", "1 M", "10 M", "100 M"}},
	}
	for _, c := range cases {
		got := tickLabels(c.ticker.Ticks(c.lo, c.hi))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: labels %q, want %q", c.name, got, c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{fmtSig(52.41), "52.4"},
		{fmtSig(-4.881), "\u22124.88"},
		{fmtSig(119.4), "119"},
		{fmtSig(999.4), "999"},
		{fmtSig(999.5), "1,000"},
		{fmtSig(1138.2), "1,138"},
		{fmtSig(-1234567.8), "\u22121,234,568"},
		{fmtSig(0), "0"},
		{fmtSig(0.012345), "0.0123"},
		{fmtFixed(-0.0001, 1), "0.0"},
		{fmtFixed(-12.34, 1), "\u221212.3"},
		{fmtSuffix(1500), "1.5 k"},
		{fmtSuffix(2e6), "2 M"},
		{fmtSuffix(87000), "87 k"},
		{fmtSuffix(750), "750"},
		{fmtThousands(1234567), "1,234,567"},
		{fmtThousands(999), "999"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestPalette(t *testing.T) {
	p := Palette()
	for j := range 2 * len(p) {
		if StrategyColor(j) != p[j%len(p)] {
			t.Errorf("StrategyColor(%d) = %v, want %v", j, StrategyColor(j), p[j%len(p)])
		}
	}
	p[0].R ^= 0xFF
	if StrategyColor(0) == p[0] {
		t.Error("changing Palette's slice changed the strategy colours")
	}
	for i := range p {
		for k := range i {
			if Palette()[i] == Palette()[k] {
				t.Errorf("colours %d and %d are the same", i, k)
			}
		}
	}
}

func TestSegmentHitsRect(t *testing.T) {
	r := vg.Rectangle{Min: vg.Point{X: 0, Y: 0}, Max: vg.Point{X: 10, Y: 10}}
	cases := []struct {
		a, b vg.Point
		want bool
	}{
		{vg.Point{X: -5, Y: 5}, vg.Point{X: 15, Y: 5}, true},    // straight through
		{vg.Point{X: 2, Y: 2}, vg.Point{X: 3, Y: 3}, true},      // inside
		{vg.Point{X: -5, Y: -5}, vg.Point{X: -1, Y: 20}, false}, // passes left
		{vg.Point{X: -5, Y: 6}, vg.Point{X: 6, Y: 17}, false},   // passes over the top-left corner
		{vg.Point{X: -5, Y: 4}, vg.Point{X: 6, Y: 15}, true},    // clips the top-left corner
		{vg.Point{X: 11, Y: 0}, vg.Point{X: 11, Y: 10}, false},  // parallel, outside
	}
	for i, c := range cases {
		if got := segmentHitsRect(c.a, c.b, r); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

// TestSwingOrder checks the tornado's rows run from the smallest swing at
// the bottom to the largest at the top, ties in the given order from the
// top.
func TestSwingOrder(t *testing.T) {
	bars := []TornadoBar{
		{Input: "a", LowValueUSD: 90, HighValueUSD: 110}, // 20
		{Input: "b", LowValueUSD: 60, HighValueUSD: 100}, // 40
		{Input: "c", LowValueUSD: 95, HighValueUSD: 85},  // 15 (both below base)
		{Input: "d", LowValueUSD: 80, HighValueUSD: 100}, // 20, tie with a
	}
	p, err := Tornado("t", 100, bars)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		got = append(got, tk.Label)
	}
	if want := []string{"c", "d", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("rows bottom to top %q, want %q", got, want)
	}
}
