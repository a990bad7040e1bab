package dist

import (
	"math"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// Φ is the standard normal distribution function.
func stdPhi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// TestZigguratTables checks the tables against Marsaglia and Tsang (2000):
// r = 3.442619855899 and v = 9.91256303526217e-3 for 128 layers, every
// layer of area v, and the base strip's area v = r·f(r) + ∫_r^∞ f.
func TestZigguratTables(t *testing.T) {
	mctest.WithinRel(t, "r", zig.r, 3.442619855899, 1e-12)
	mctest.WithinRel(t, "v", zig.v, 9.91256303526217e-3, 1e-11)
	f := func(x float64) float64 { return math.Exp(-0.5 * x * x) }
	mctest.WithinRel(t, "base strip area", zig.x[0]*f(zig.r), zig.v, 1e-14)
	mctest.WithinRel(t, "base strip rectangle + tail", zig.r*f(zig.r)+math.Sqrt(math.Pi/2)*math.Erfc(zig.r/math.Sqrt2), zig.v, 1e-14)
	for i := 1; i < zigLayers; i++ {
		area := zig.x[i] * (zig.f[i+1] - zig.f[i])
		if math.Abs(area-zig.v) > 1e-11*zig.v {
			t.Errorf("layer %d: area %.17g, want v = %.17g", i, area, zig.v)
		}
		if !(zig.x[i+1] < zig.x[i]) {
			t.Errorf("layer %d: boundaries %g, %g not decreasing", i, zig.x[i], zig.x[i+1])
		}
		mctest.WithinRel(t, "f table", zig.f[i], f(zig.x[i]), 1e-15)
	}
	if zig.x[zigLayers] != 0 || zig.f[zigLayers] != 1 || zig.inner[zigLayers-1] != 0 {
		t.Errorf("top layer: x_N = %g, f(x_N) = %g, inner = %g; want 0, 1, 0", zig.x[zigLayers], zig.f[zigLayers], zig.inner[zigLayers-1])
	}
}

// normDraws returns n draws of Norm from a fresh stream.
func normDraws(n int, seed, path uint64, mirror bool) []float64 {
	r := New(seed, path)
	r.SetMirror(mirror)
	zs := make([]float64, n)
	for i := range zs {
		zs[i] = r.Norm()
	}
	return zs
}

// TestNormMoments checks the first four moments against 0, 1, 0, 3 within
// 4.5 standard errors (the sample's own for mean and variance; the
// normal's √(6/n) and √(24/n) for skewness and kurtosis).
func TestNormMoments(t *testing.T) {
	const n = 1_000_000
	zs := normDraws(n, 101, 0, false)
	m, se := mctest.MeanSE(zs)
	mctest.WithinSE(t, "mean", m, 0, se, 4.5)
	v, vse := mctest.VarSE(zs)
	mctest.WithinSE(t, "variance", v, 1, vse, 4.5)
	var m3, m4 float64
	for _, z := range zs {
		d := z - m
		m3 += d * d * d
		m4 += d * d * d * d
	}
	m3 /= n
	m4 /= n
	mctest.WithinSE(t, "skewness", m3/math.Pow(v, 1.5), 0, math.Sqrt(6.0/n), 4.5)
	mctest.WithinSE(t, "kurtosis", m4/(v*v), 3, math.Sqrt(24.0/n), 4.5)
}

// TestNormKS compares the empirical distribution of 200,000 draws, plain
// and mirrored, with Φ (Kolmogorov–Smirnov at level 1e-4).
func TestNormKS(t *testing.T) {
	const n = 200_000
	for _, mirror := range []bool{false, true} {
		zs := normDraws(n, 102, 3, mirror)
		slices.Sort(zs)
		var d float64
		for i, z := range zs {
			p := stdPhi(z)
			d = max(d, math.Abs(float64(i+1)/n-p), math.Abs(p-float64(i)/n))
		}
		if crit := mctest.KSCritical(n, 1e-4); d > crit {
			t.Errorf("mirror %v: KS distance %.5f > critical %.5f", mirror, d, crit)
		}
	}
}

// TestNormTails checks the frequencies of |z| beyond 3 and 4 and of each
// sign beyond 3 against the normal's, within 4.5 binomial standard errors.
func TestNormTails(t *testing.T) {
	const n = 4_000_000
	r := New(103, 0)
	var beyond3, beyond4, up3 float64
	for range n {
		z := r.Norm()
		a := math.Abs(z)
		if a > 3 {
			beyond3++
			if z > 0 {
				up3++
			}
		}
		if a > 4 {
			beyond4++
		}
	}
	for _, c := range []struct {
		name  string
		count float64
		p     float64
	}{
		{"P(|Z| > 3)", beyond3, math.Erfc(3 / math.Sqrt2)},
		{"P(|Z| > 4)", beyond4, math.Erfc(4 / math.Sqrt2)},
		{"P(Z > 3)", up3, 0.5 * math.Erfc(3/math.Sqrt2)},
	} {
		mctest.WithinSE(t, c.name, c.count/n, c.p, math.Sqrt(c.p*(1-c.p)/n), 4.5)
	}
}

// TestNormLayersChiSquare bins |z| by the ziggurat's own boundaries, one bin
// per layer (the base strip's tail beyond r is the last bin), and compares
// the counts with the normal's probabilities by a chi-square test at level
// 1e-4: a wrong table, wedge test or tail method shows in its layer's bin.
// It also checks the tail beyond r, which only the base strip produces:
// its frequency and its conditional mean E[|Z| | |Z| > r] = φ(r)/(1 − Φ(r)).
func TestNormLayersChiSquare(t *testing.T) {
	const n = 2_000_000
	var counts [zigLayers]float64
	var tailSum float64
	r := New(104, 0)
	for range n {
		a := math.Abs(r.Norm())
		if a >= zig.r {
			counts[0]++
			tailSum += a
			continue
		}
		// Layer i ≥ 1 holds x_{i+1} ≤ |z| < x_i.
		i := 1
		for a < zig.x[i+1] {
			i++
		}
		counts[i]++
	}
	var chi2 float64
	for i := range zigLayers {
		lo, hi := zig.x[min(i+1, zigLayers)], zig.x[i]
		p := math.Erfc(lo/math.Sqrt2) - math.Erfc(hi/math.Sqrt2)
		if i == 0 {
			p = math.Erfc(zig.r / math.Sqrt2)
		}
		e := n * p
		chi2 += (counts[i] - e) * (counts[i] - e) / e
	}
	// Wilson–Hilferty's approximation of the chi-square quantile, with the
	// normal quantile 3.719 of level 1e-4.
	k := float64(zigLayers - 1)
	crit := k * math.Pow(1-2/(9*k)+3.719*math.Sqrt(2/(9*k)), 3)
	if chi2 > crit {
		t.Errorf("chi-square over the layers = %.1f > %.1f (%g degrees of freedom)", chi2, crit, k)
	}
	pTail := math.Erfc(zig.r / math.Sqrt2)
	mctest.WithinSE(t, "P(|Z| ≥ r)", counts[0]/n, pTail, math.Sqrt(pTail*(1-pTail)/n), 4.5)
	// Conditional law beyond r: mean φ(r)/Q(r); its variance is
	// 1 + r·m − m² with m that mean (the truncated normal's).
	m := math.Exp(-0.5*zig.r*zig.r) / math.Sqrt(2*math.Pi) / (0.5 * math.Erfc(zig.r/math.Sqrt2))
	sd := math.Sqrt(1 + zig.r*m - m*m)
	mctest.WithinSE(t, "E[|Z| | |Z| ≥ r]", tailSum/counts[0], m, sd/math.Sqrt(counts[0]), 4.5)
}

// TestNormMirrorExactOnEveryPath draws many normals plain and mirrored, so
// that the wedge and tail paths are taken often, and checks that every
// mirrored draw is exactly the negated plain one and that the two streams
// stay in step (they consume the same words).
func TestNormMirrorExactOnEveryPath(t *testing.T) {
	plain, mirror := New(105, 9), New(105, 9)
	mirror.SetMirror(true)
	slow := 0
	for i := range 500_000 {
		z, w := plain.Norm(), mirror.Norm()
		if z != -w {
			t.Fatalf("draw %d: %v and %v are not negatives", i, z, w)
		}
		if math.Abs(z) >= zig.r*0.9 {
			slow++
		}
	}
	if x, y := plain.Uint64(), mirror.Uint64(); x != ^y {
		t.Fatalf("streams out of step after the normals: words %x and %x", x, y)
	}
	if slow < 100 {
		t.Fatalf("only %d draws near the tail: the test did not reach the slow paths", slow)
	}
}
