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
