package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestStreamDeterministic(t *testing.T) {
	for _, c := range []struct{ seed, path uint64 }{{0, 0}, {1, 0}, {42, 7}, {math.MaxUint64, math.MaxUint64}} {
		a, b := New(c.seed, c.path), New(c.seed, c.path)
		std := NewStream(c.seed, c.path)
		for i := 0; i < 1000; i++ {
			x, y, z := a.Uint64(), b.Uint64(), std.Uint64()
			if x != y || x != z {
				t.Fatalf("seed %d path %d draw %d: New gives %d and %d, NewStream gives %d", c.seed, c.path, i, x, y, z)
			}
		}
	}
}

func TestStreamResetMatchesNew(t *testing.T) {
	r := New(1, 1)
	for i := 0; i < 10; i++ {
		r.Norm()
	}
	r.SetMirror(true)
	r.Reset(9, 3)
	if r.Mirrored() {
		t.Fatal("Reset left mirror mode on")
	}
	fresh := New(9, 3)
	for i := 0; i < 100; i++ {
		if x, y := r.Norm(), fresh.Norm(); x != y {
			t.Fatalf("draw %d after Reset = %v, fresh stream = %v", i, x, y)
		}
	}
}

func TestStreamSeedsDistinct(t *testing.T) {
	seen := make(map[[2]uint64]uint64)
	for p := uint64(0); p < 100000; p++ {
		hi, lo := StreamSeed(123, p)
		if q, ok := seen[[2]uint64{hi, lo}]; ok {
			t.Fatalf("paths %d and %d share seed words", q, p)
		}
		seen[[2]uint64{hi, lo}] = p
	}
}

// TestNeighbourStreamsUncorrelated checks that the first n normals of paths i
// and i+1 (and of seeds s and s+1) have sample correlation within 4/√n of zero
// for many pairs.
func TestNeighbourStreamsUncorrelated(t *testing.T) {
	const n = 10000
	bound := 4 / math.Sqrt(n)
	a, b := make([]float64, n), make([]float64, n)
	fill := func(dst []float64, seed, path uint64) {
		r := New(seed, path)
		for i := range dst {
			dst[i] = r.Norm()
		}
	}
	pairs := 0
	for seed := uint64(0); seed < 4; seed++ {
		for p := uint64(0); p < 50; p++ {
			fill(a, seed, p)
			fill(b, seed, p+1)
			if c := corr(a, b); math.Abs(c) > bound {
				t.Errorf("seed %d: paths %d and %d have correlation %.4f, bound %.4f", seed, p, p+1, c, bound)
			}
			fill(b, seed+1, p)
			if c := corr(a, b); math.Abs(c) > bound {
				t.Errorf("path %d: seeds %d and %d have correlation %.4f, bound %.4f", p, seed, seed+1, c, bound)
			}
			pairs += 2
		}
	}
	if pairs < 400 {
		t.Fatalf("checked only %d pairs", pairs)
	}
}

func TestSubstreamIndependent(t *testing.T) {
	const n = 10000
	a, b := make([]float64, n), make([]float64, n)
	for k := uint64(0); k < 20; k++ {
		r1, r2 := New(7, k), New(Substream(7, 0), k)
		for i := range a {
			a[i], b[i] = r1.Norm(), r2.Norm()
		}
		if c := corr(a, b); math.Abs(c) > 4/math.Sqrt(n) {
			t.Errorf("path %d: stream and substream correlation %.4f", k, c)
		}
	}
	if Substream(7, 0) == Substream(7, 1) || Substream(7, 0) == Substream(8, 0) {
		t.Fatal("substreams collide")
	}
}

func corr(a, b []float64) float64 {
	ma, _ := mctest.MeanSE(a)
	mb, _ := mctest.MeanSE(b)
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	return sab / math.Sqrt(saa*sbb)
}

func TestMirrorIsExact(t *testing.T) {
	plain, mirror := New(5, 11), New(5, 11)
	mirror.SetMirror(true)
	for i := 0; i < 20000; i++ {
		switch i % 4 {
		case 0:
			if u, v := plain.Uniform(), mirror.Uniform(); u+v != 1 || u <= 0 || u >= 1 {
				t.Fatalf("draw %d: uniforms %v and %v are not mirror images in (0,1)", i, u, v)
			}
		case 1:
			if z, w := plain.Norm(), mirror.Norm(); z != -w {
				t.Fatalf("draw %d: normals %v and %v are not negatives", i, z, w)
			}
		case 2:
			if x, y := plain.Uint64(), mirror.Uint64(); x != ^y {
				t.Fatalf("draw %d: words %x and %x are not complements", i, x, y)
			}
		case 3:
			e, f := plain.Exp(), mirror.Exp()
			// −log u and −log(1−u) with the same u: 1 = e^{−e} + e^{−f}.
			mctest.WithinAbs(t, "exp(-e)+exp(-f)", math.Exp(-e)+math.Exp(-f), 1, 1e-15)
		}
	}
}

func TestUniformMoments(t *testing.T) {
	r := New(3, 0)
	const n = 200000
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.Uniform()
	}
	m, se := mctest.MeanSE(xs)
	mctest.WithinSE(t, "uniform mean", m, 0.5, se, 4)
	v, vse := mctest.VarSE(xs)
	mctest.WithinSE(t, "uniform variance", v, 1.0/12, vse, 4)
}

func TestNormAndExpMoments(t *testing.T) {
	const n = 200000
	for _, mirror := range []bool{false, true} {
		r := New(4, 2)
		r.SetMirror(mirror)
		zs, es := make([]float64, n), make([]float64, n)
		for i := range zs {
			zs[i] = r.Norm()
			es[i] = r.Exp()
		}
		m, se := mctest.MeanSE(zs)
		mctest.WithinSE(t, "normal mean", m, 0, se, 4)
		v, vse := mctest.VarSE(zs)
		mctest.WithinSE(t, "normal variance", v, 1, vse, 4)
		m, se = mctest.MeanSE(es)
		mctest.WithinSE(t, "exponential mean", m, 1, se, 4)
		v, vse = mctest.VarSE(es)
		mctest.WithinSE(t, "exponential variance", v, 1, vse, 4)
	}
}

func TestPoissonMoments(t *testing.T) {
	const n = 200000
	for _, mean := range []float64{0.05, 0.25, 1, 5, 11.9, 12.5, 30, 1000, 1e7} {
		r := New(6, uint64(mean*100))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(r.Poisson(mean))
		}
		m, se := mctest.MeanSE(xs)
		mctest.WithinSE(t, "Poisson mean", m, mean, se, 4.5)
		v, vse := mctest.VarSE(xs)
		mctest.WithinSE(t, "Poisson variance", v, mean, vse, 4.5)
	}
}

func TestPoissonPMFSmallMean(t *testing.T) {
	// The inversion branch must give the exact probabilities; check P(0..3)
	// against e^{-m} m^k / k! within binomial standard errors.
	const n = 400000
	mean := 1.7
	r := New(8, 8)
	counts := make([]float64, 4)
	for i := 0; i < n; i++ {
		if k := r.Poisson(mean); k < 4 {
			counts[k]++
		}
	}
	p := math.Exp(-mean)
	for k := 0; k < 4; k++ {
		if k > 0 {
			p *= mean / float64(k)
		}
		mctest.WithinSE(t, "Poisson pmf", counts[k]/n, p, math.Sqrt(p*(1-p)/n), 4.5)
	}
}

func TestPoissonEdgeCases(t *testing.T) {
	r := New(0, 0)
	for _, c := range []struct {
		mean float64
		want int64
	}{{0, 0}, {-1, 0}, {math.NaN(), 0}, {math.Inf(-1), 0}, {math.Inf(1), math.MaxInt64}} {
		if got := r.Poisson(c.mean); got != c.want {
			t.Errorf("Poisson(%v) = %d, want %d", c.mean, got, c.want)
		}
	}
	if x := r.Poisson(1e15); math.Abs(float64(x)-1e15) > 10*math.Sqrt(1e15) {
		t.Errorf("Poisson(1e15) = %d, too far from its mean", x)
	}
}

func TestGammaMoments(t *testing.T) {
	const n = 200000
	for _, shape := range []float64{0.05, 0.5, 1, 2.5, 40} {
		r := New(9, uint64(shape*100))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.Gamma(shape)
		}
		m, se := mctest.MeanSE(xs)
		mctest.WithinSE(t, "gamma mean", m, shape, se, 4.5)
		v, vse := mctest.VarSE(xs)
		mctest.WithinSE(t, "gamma variance", v, shape, vse, 4.5)
	}
	r := New(0, 0)
	for _, bad := range []float64{0, -1, math.NaN()} {
		if g := r.Gamma(bad); g != 0 {
			t.Errorf("Gamma(%v) = %v, want 0", bad, g)
		}
	}
}

func TestStdSharesStream(t *testing.T) {
	a, b := New(2, 2), New(2, 2)
	a.SetMirror(true)
	b.SetMirror(true)
	std := a.Std()
	for i := 0; i < 100; i++ {
		if x, y := std.Uint64(), b.Uint64(); x != y {
			t.Fatalf("Std draw %d = %x, stream draw %x", i, x, y)
		}
	}
	if a.Std() != std {
		t.Fatal("Std is not cached")
	}
}

func TestDrawsDoNotAllocate(t *testing.T) {
	r := New(1, 2)
	allocs := testing.AllocsPerRun(1000, func() {
		r.Reset(1, 2)
		r.SetMirror(true)
		_ = r.Uniform() + r.Norm() + r.Exp() + float64(r.Poisson(0.3)) + float64(r.Poisson(50)) + r.Gamma(0.7) + r.Gamma(3)
	})
	if allocs != 0 {
		t.Fatalf("a reset and a round of draws allocate %v times, want 0", allocs)
	}
}

var sink float64

func BenchmarkRand(b *testing.B) {
	r := New(1, 1)
	for _, bm := range []struct {
		name string
		f    func() float64
	}{
		{"Uniform", r.Uniform},
		{"Norm", r.Norm},
		{"Exp", r.Exp},
		{"Poisson0.25", func() float64 { return float64(r.Poisson(0.25)) }},
		{"Poisson100", func() float64 { return float64(r.Poisson(100)) }},
		{"Gamma2", func() float64 { return r.Gamma(2) }},
		{"Reset", func() float64 { r.Reset(3, 4); return 0 }},
		{"Fork", func() float64 { var sub Rand; r.Fork(&sub); return sub.Uniform() }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			var s float64
			for b.Loop() {
				s += bm.f()
			}
			sink = s
		})
	}
}
