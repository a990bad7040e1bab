package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

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

// TestForkConsumesOneWord checks that Fork takes exactly one word of its
// parent, that the child's words depend on that word alone, and that the
// child takes the parent's mirror mode.
func TestForkConsumesOneWord(t *testing.T) {
	for _, mirror := range []bool{false, true} {
		a, b := New(7, 3), New(7, 3)
		a.SetMirror(mirror)
		b.SetMirror(mirror)
		var child Rand
		a.Fork(&child)
		b.Uint64()
		for i := range 100 {
			if x, y := a.Uint64(), b.Uint64(); x != y {
				t.Fatalf("mirror %v: parent's word %d after a fork = %x, want %x (one word consumed)", mirror, i, x, y)
			}
		}
		if child.Mirrored() != mirror {
			t.Errorf("fork of a stream with mirror %v has mirror %v", mirror, child.Mirrored())
		}
	}
	// The child's seed comes from the raw word: a child of a stream seeded
	// the same way, forked at the same point, is the same stream.
	p, q := New(1, 1), New(1, 1)
	var c1, c2 Rand
	p.Norm()
	q.Norm()
	p.Fork(&c1)
	q.Fork(&c2)
	for i := range 100 {
		if x, y := c1.Uint64(), c2.Uint64(); x != y {
			t.Fatalf("word %d of equal forks: %x and %x", i, x, y)
		}
	}
}

// TestForkMirrorPairs checks that the fork of a mirrored stream is the
// mirror of the fork of the plain stream, through two levels of forks: its
// uniforms are 1 − u and its normals −z exactly.
func TestForkMirrorPairs(t *testing.T) {
	plain, mirror := New(9, 4), New(9, 4)
	mirror.SetMirror(true)
	var pc, mc, pg, mg Rand
	plain.Fork(&pc)
	mirror.Fork(&mc)
	pc.Fork(&pg)
	mc.Fork(&mg)
	for _, s := range [][2]*Rand{{&pc, &mc}, {&pg, &mg}} {
		for i := range 20_000 {
			if u, v := s[0].Uniform(), s[1].Uniform(); u+v != 1 {
				t.Fatalf("draw %d: uniforms %v and %v are not mirror images", i, u, v)
			}
			if z, w := s[0].Norm(), s[1].Norm(); z != -w {
				t.Fatalf("draw %d: normals %v and %v are not negatives", i, z, w)
			}
		}
	}
}

// TestForksUncorrelated checks that a fork's normals are uncorrelated with
// its parent's later normals and with a sibling fork's (sample correlation
// within 4/√n of zero).
func TestForksUncorrelated(t *testing.T) {
	const n = 20_000
	bound := 4 / math.Sqrt(n)
	for path := range uint64(20) {
		r := New(11, path)
		var c1, c2 Rand
		r.Fork(&c1)
		r.Fork(&c2)
		a, b, c := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			a[i], b[i], c[i] = r.Norm(), c1.Norm(), c2.Norm()
		}
		if x := corr(a, b); math.Abs(x) > bound {
			t.Errorf("path %d: parent and fork correlation %.4f", path, x)
		}
		if x := corr(b, c); math.Abs(x) > bound {
			t.Errorf("path %d: sibling forks correlation %.4f", path, x)
		}
	}
}

// TestForkAntitheticHalvesVariance checks on forked sub-streams that
// antithetic pairs still reduce variance: for the monotone payoff e^z the
// variance of a pair's mean is at most half the variance of one draw
// (Cov(f(Z), f(−Z)) ≤ 0 for monotone f), here by a clear margin, and the
// mean is right.
func TestForkAntitheticHalvesVariance(t *testing.T) {
	const n = 100_000
	single, pairs := make([]float64, n), make([]float64, n)
	plain, mirror := New(12, 0), New(12, 0)
	mirror.SetMirror(true)
	var pc, mc Rand
	for i := range n {
		// One fork per "step", as the market does.
		plain.Norm()
		mirror.Norm()
		plain.Fork(&pc)
		mirror.Fork(&mc)
		a, b := math.Exp(pc.Norm()), math.Exp(mc.Norm())
		single[i] = a
		pairs[i] = 0.5 * (a + b)
	}
	vs, _ := mctest.VarSE(single)
	vp, _ := mctest.VarSE(pairs)
	if !(vp < 0.5*vs) {
		t.Errorf("antithetic pair variance %.4f, single-draw variance %.4f: want < half", vp, vs)
	}
	m, se := mctest.MeanSE(pairs)
	mctest.WithinSE(t, "E[e^Z]", m, math.Exp(0.5), se, 4.5)
}

// TestForkDoesNotAllocate checks that forking into a Rand on the stack and
// drawing from it allocates nothing.
func TestForkDoesNotAllocate(t *testing.T) {
	r := New(1, 2)
	allocs := testing.AllocsPerRun(1000, func() {
		var sub Rand
		r.Fork(&sub)
		_ = sub.Norm() + sub.Uniform() + float64(sub.Poisson(0.3)) + sub.Gamma(2)
	})
	if allocs != 0 {
		t.Fatalf("a fork and draws from it allocate %v times, want 0", allocs)
	}
}
