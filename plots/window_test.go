package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/sim"
)

// TestNPVWindow checks the X window of the NPV pictures against its
// definition, on results with and without far tails: it holds the 0.1 %
// to 99.9 % quantiles of every strategy, 0 and every VaR95 and ES95
// marker; a side is cut only where a sample lies beyond it, and the axis
// label then counts exactly the samples beyond and names the extremes;
// both pictures use the window.
func TestNPVWindow(t *testing.T) {
	cases := []struct {
		name         string
		res          *sim.Result
		cutLo, cutHi bool
	}{
		{"no far tails", fixtureTails(t, false, false), false, false},
		{"both tails", fixtureTails(t, true, true), true, true},
		{"crash only", fixtureTails(t, true, false), true, false},
		{"windfall only", fixtureTails(t, false, true), false, true},
		{"1,000 paths", fixtureResult(t), false, false},
		{"constant", &sim.Result{Strategies: []sim.Summary{{Name: "flat"}}, NPV: [][]float64{{5e6, 5e6, 5e6, 5e6}}}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			names, npv, err := strategySamples(c.res)
			if err != nil {
				t.Fatal(err)
			}
			w, err := npvWindow(names, npv)
			if err != nil {
				t.Fatal(err)
			}
			must := []float64{0}
			var below, above, total int
			lo, hi := math.Inf(1), math.Inf(-1)
			for j, xs := range npv {
				s := sortedCopy(xs)
				v, _ := sim.SortedVaR(s, 0.95)
				es, _ := sim.SortedES(s, 0.95)
				must = append(must, sim.Quantile(s, 0.001), sim.Quantile(s, 0.999), -v, -es)
				for _, x := range xs {
					switch {
					case x < w.lo:
						below++
					case x > w.hi:
						above++
					}
				}
				total += len(xs)
				lo, hi = math.Min(lo, s[0]), math.Max(hi, s[len(s)-1])
				if w.h[j] <= 0 {
					t.Errorf("strategy %d: bandwidth %v", j, w.h[j])
				}
			}
			for _, x := range must {
				if x < w.lo || x > w.hi {
					t.Errorf("%v M USD outside the window [%v, %v]", x/usdPerM, w.lo/usdPerM, w.hi/usdPerM)
				}
			}
			if w.below != below || w.above != above || w.total != total {
				t.Errorf("counted %d below, %d above of %d; the samples have %d, %d of %d", w.below, w.above, w.total, below, above, total)
			}
			if (below > 0) != c.cutLo || (above > 0) != c.cutHi {
				t.Errorf("cut below %v above %v, want %v %v", below > 0, above > 0, c.cutLo, c.cutHi)
			}
			if w.min != lo || w.max != hi {
				t.Errorf("extremes %v, %v, want %v, %v", w.min, w.max, lo, hi)
			}
			label := w.axisLabel()
			lines := strings.Split(label, "\n")
			if lines[0] != "NPV, M USD (negative = loss)" {
				t.Errorf("label's first line %q", lines[0])
			}
			if !c.cutLo && !c.cutHi {
				if len(lines) != 1 {
					t.Errorf("label %q: a second line with nothing cut", label)
				}
			} else {
				var want []string
				if c.cutLo {
					want = append(want, fmt.Sprintf("%s down to %s", fmtThousands(below), fmtSig(lo/usdPerM)))
				}
				if c.cutHi {
					want = append(want, fmt.Sprintf("%s up to %s", fmtThousands(above), fmtSig(hi/usdPerM)))
				}
				want = append(want, "of "+fmtThousands(total)+" values")
				for _, s := range want {
					if len(lines) != 2 || !strings.Contains(lines[1], s) {
						t.Errorf("label %q does not say %q on its second line", label, s)
					}
				}
			}
			for name, f := range map[string]func(*sim.Result) (*plot.Plot, error){"density": NPVDistribution, "CDF": NPVCDF} {
				p, err := f(c.res)
				if err != nil {
					t.Fatal(err)
				}
				if p.X.Min != w.lo/usdPerM || p.X.Max != w.hi/usdPerM || p.X.Label.Text != label {
					t.Errorf("%s: X axis [%v, %v] %q, want [%v, %v] %q", name, p.X.Min, p.X.Max, p.X.Label.Text, w.lo/usdPerM, w.hi/usdPerM, label)
				}
			}
		})
	}
}

// TestNPVDensitiesUseAllSamples compares the densities drawn over a cut
// window with the direct kernel sum (1/nh)·Σφ((x−x_i)/h) over all n
// samples, the cut ones included, at every drawn point, within the bound
// of TestKDEAgainstDirectSum (binning and the kernel's 5h cut).
func TestNPVDensitiesUseAllSamples(t *testing.T) {
	res := fixtureTails(t, true, true)
	names, npv, err := strategySamples(res)
	if err != nil {
		t.Fatal(err)
	}
	w, err := npvWindow(names, npv)
	if err != nil {
		t.Fatal(err)
	}
	if w.below == 0 || w.above == 0 {
		t.Fatalf("the fixture's window cuts %d below and %d above; want both", w.below, w.above)
	}
	// The window as chosen, and one cutting through the body, where many
	// samples lie just beyond its edges.
	checkDensities(t, w, npv)
	mid := sortedCopy(npv[1])
	w.lo, w.hi = sim.Quantile(mid, 0.2), sim.Quantile(mid, 0.8)
	checkDensities(t, w, npv)
}

func checkDensities(t *testing.T, w *window, npv [][]float64) {
	t.Helper()
	delta := (w.hi - w.lo) / (kdePoints - 1)
	for j, xys := range w.densities() {
		h := w.h[j]
		bound := delta*delta/(8*h*h*h*math.Sqrt(2*math.Pi)) + math.Exp(-12.5)/(h*math.Sqrt(2*math.Pi))
		if len(xys) != kdePoints || math.Abs(xys[0].X-w.lo/usdPerM) > 1e-9 || math.Abs(xys[kdePoints-1].X-w.hi/usdPerM) > 1e-9 {
			t.Fatalf("strategy %d: %d points from %v to %v, want %d from %v to %v", j, len(xys), xys[0].X, xys[len(xys)-1].X, kdePoints, w.lo/usdPerM, w.hi/usdPerM)
		}
		for _, q := range xys {
			x := q.X * usdPerM
			var want float64
			for _, xi := range npv[j] {
				u := (x - xi) / h
				want += math.Exp(-u*u/2) / (h * math.Sqrt(2*math.Pi))
			}
			want /= float64(len(npv[j]))
			if got := q.Y / usdPerM; math.Abs(got-want) > bound {
				t.Fatalf("strategy %d at %v M USD: drawn density %v per USD, direct sum %v, differ by more than %v", j, q.X, got, want, bound)
			}
		}
	}
}

// TestKDELeavesOutValuesBeyondTheGrid checks that a value beyond the grid
// adds nothing to the estimate but still counts in its normalization: two
// values, one of them far beyond, give half the estimate of the other one
// alone, exactly.
func TestKDELeavesOutValuesBeyondTheGrid(t *testing.T) {
	const g = 101
	one := kde([]float64{0.3}, 0.5, -5, 5, g)
	for _, far := range []float64{-50, 5.0001, 1e9} {
		two := kde([]float64{0.3, far}, 0.5, -5, 5, g)
		for k := range one {
			if two[k] != one[k]/2 {
				t.Fatalf("value %v beyond the grid: point %d is %v, want %v", far, k, two[k], one[k]/2)
			}
		}
	}
}
