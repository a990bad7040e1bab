package dist

import (
	"math"
	"math/bits"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// netChecker counts, per dimension, the points of a block of 2^m in each
// interval [k/2^m, (k+1)/2^m).
type netChecker struct {
	m    int
	seen [][]bool
}

func newNetChecker(dim, m int) *netChecker {
	c := &netChecker{m: m, seen: make([][]bool, dim)}
	for d := range c.seen {
		c.seen[d] = make([]bool, 1<<m)
	}
	return c
}

// add records coordinate d with interval index k, failing on a second
// point in the same interval.
func (c *netChecker) add(t *testing.T, what string, d, k int) {
	if c.seen[d][k] {
		t.Fatalf("%s, dimension %d, 2^%d points: two points in [%d/2^%d, %d/2^%d)", what, d+1, c.m, k, c.m, k+1, c.m)
	}
	c.seen[d][k] = true
}

// netCheck draws the block of 2^m points starting at start (a multiple of
// 2^m) from s, as 32-bit fractions (NextUint32) and as floats (Next), and
// checks that every dimension puts exactly one point in each interval
// [k/2^m, (k+1)/2^m).
func netCheck(t *testing.T, s *Sobol, m int, start uint64) {
	t.Helper()
	u := make([]uint32, s.Dim())
	x := make([]float64, s.Dim())
	cu, cf := newNetChecker(s.Dim(), m), newNetChecker(s.Dim(), m)
	fl := s.Clone()
	s.SkipTo(start)
	fl.SkipTo(start)
	for range 1 << m {
		s.NextUint32(u)
		fl.Next(x)
		for d := range u {
			cu.add(t, "uint32", d, int(uint64(u[d])>>(32-m)))
			cf.add(t, "float64", d, int(math.Floor(x[d]*float64(int(1)<<m))))
		}
	}
}

// TestScrambledSobolKeepsNets checks the (0, m, 1)-net property that an
// Owen scramble preserves: in every one-dimensional projection, the 2^m
// points of a block starting at a multiple of 2^m fall one in each
// interval [k/2^m, (k+1)/2^m). All 21,201 dimensions for m ≤ 8 and for a
// block not at 0; the first 64 dimensions for m up to 16 and the last 16
// (through the scrambled coordinates computed from the direction numbers
// and keys) for m = 16; three seeds.
func TestScrambledSobolKeepsNets(t *testing.T) {
	base, err := NewSobol(SobolMaxDim)
	require.NoError(t, err)
	big := base.WithScramble(1)
	for m := 0; m <= 8; m++ {
		netCheck(t, big, m, 0)
	}
	netCheck(t, big, 6, 5<<6)
	for _, seed := range []uint64{1, 2, 0xdeadbeef} {
		s, err := NewScrambledSobol(64, seed)
		require.NoError(t, err)
		for _, m := range []int{10, 13, 16} {
			netCheck(t, s, m, 0)
		}
		netCheck(t, s, 12, 3<<12)
		all := base.WithScramble(seed)
		const m = 16
		const first = SobolMaxDim - 16
		c, cf := newNetChecker(16, m), newNetChecker(16, m)
		for d := first; d < SobolMaxDim; d++ {
			var x uint32 // point n's coordinate, bit-reversed, stepped in Gray-code order
			for n := range 1 << m {
				if n > 0 {
					x ^= all.dirs[bits.TrailingZeros(uint(n))*SobolMaxDim+d]
				}
				c.add(t, "direct, from dimension 21186,", d-first, int(owenScramble(bits.Reverse32(x), uint32(all.keys[d]))>>(32-m)))
				cf.add(t, "direct float, from dimension 21186,", d-first, int(math.Floor(scrambledUniform(x, all.keys[d])*(1<<m))))
			}
		}
	}
}

// TestScrambledSobolIsUniform checks that a scrambled point is uniform on
// the unit interval over the randomization: point 0 (the origin before
// scrambling) and point 5, in dimensions 1, 2, 3 and 600 over 4,000 seeds
// (scrambled by WithScramble, as NewScrambledSobol does), pass a
// Kolmogorov–Smirnov test at the 0.1 % level, and lie strictly in (0, 1).
func TestScrambledSobolIsUniform(t *testing.T) {
	ks := func(xs []float64) float64 {
		slices.Sort(xs)
		var d float64
		n := float64(len(xs))
		for i, x := range xs {
			d = max(d, math.Abs(x-float64(i)/n), math.Abs(x-float64(i+1)/n))
		}
		return d
	}
	for _, c := range []struct{ dim, d, seeds int }{{3, 0, 4000}, {3, 1, 4000}, {3, 2, 4000}, {600, 599, 4000}} {
		for _, n := range []uint64{0, 5} {
			xs := make([]float64, c.seeds)
			p := make([]float64, c.dim)
			base, err := NewSobol(c.dim)
			require.NoError(t, err)
			for seed := range c.seeds {
				s := base.WithScramble(uint64(seed))
				s.SkipTo(n)
				s.Next(p)
				require.True(t, p[c.d] > 0 && p[c.d] < 1, "in (0, 1): %v", p[c.d])
				xs[seed] = p[c.d]
			}
			require.Less(t, ks(xs), mctest.KSCritical(c.seeds, 0.001), "point %d, dimension %d", n, c.d+1)
		}
	}
}

// TestScrambledSobolSeeds checks that one seed always gives the same
// points, that another gives different ones, and that a scrambled point's
// float is its 32-bit value followed by lower digits.
func TestScrambledSobolSeeds(t *testing.T) {
	a, _ := NewScrambledSobol(10, 42)
	b, _ := NewScrambledSobol(10, 42)
	c, _ := NewScrambledSobol(10, 43)
	require.True(t, a.Scrambled())
	x, y, z := make([]float64, 10), make([]float64, 10), make([]float64, 10)
	u := make([]uint32, 10)
	same := 0
	for range 100 {
		w := a.Clone()
		a.Next(x)
		b.Next(y)
		c.Next(z)
		w.NextUint32(u)
		require.Equal(t, x, y)
		for d := range x {
			if x[d] == z[d] {
				same++
			}
			require.Equal(t, u[d], uint32(x[d]*(1<<32)), "leading digits")
		}
	}
	require.Zero(t, same, "another seed, another scrambling")
}

// productIntegrand is f(x) = Π_{i=1..10} (1 + (x_i − ½)/i), whose integral
// over the unit cube is 1 and whose variance under uniform x is
// Π (1 + 1/(12 i²)) − 1.
func productIntegrand(x []float64) float64 {
	f := 1.0
	for i, xi := range x[:10] {
		f *= 1 + (xi-0.5)/float64(i+1)
	}
	return f
}

// TestScrambledSobolIntegrationError checks the convergence rate of
// randomized QMC on a smooth integrand with a known value: the root mean
// square error over 32 independent scramblings of the estimate from n =
// 2^6 … 2^14 points falls like n^−α with α (a least-squares fit on log–log
// scale) above 1, where Monte Carlo gives ½; Owen's theory for scrambled
// nets of smooth integrands gives α = 3/2 up to logarithms (Owen,
// "Scrambled net variance for integrals of smooth functions", Ann. Statist.
// 25, 1997). At n = 2^14 the error must also be at least 30 times below
// the Monte Carlo standard error σ/√n.
func TestScrambledSobolIntegrationError(t *testing.T) {
	const reps, mLo, mHi = 32, 6, 14
	sigma2 := 1.0
	for i := 1; i <= 10; i++ {
		sigma2 *= 1 + 1/(12*float64(i*i))
	}
	sigma2--
	var lx, ly []float64
	var last float64
	for m := mLo; m <= mHi; m++ {
		n := 1 << m
		var sq float64
		x := make([]float64, 10)
		for r := range uint64(reps) {
			s, err := NewScrambledSobol(10, 1000+r)
			require.NoError(t, err)
			var sum float64
			for range n {
				s.Next(x)
				sum += productIntegrand(x)
			}
			e := sum/float64(n) - 1
			sq += e * e
		}
		rmse := math.Sqrt(sq / reps)
		lx = append(lx, math.Log(float64(n)))
		ly = append(ly, math.Log(rmse))
		last = rmse
		t.Logf("n = %6d: RMSE %.3g (Monte Carlo σ/√n %.3g)", n, rmse, math.Sqrt(sigma2/float64(n)))
	}
	slope := fitSlope(lx, ly)
	t.Logf("RMSE ∝ n^%.2f", slope)
	require.Less(t, slope, -1.0, "error must fall faster than 1/n")
	require.Greater(t, slope, -2.5, "implausibly fast")
	require.Less(t, last*30, math.Sqrt(sigma2/(1<<mHi)))
}

// fitSlope returns the least-squares slope of y on x.
func fitSlope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(x))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}
