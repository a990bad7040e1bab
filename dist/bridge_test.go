package dist

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// bridgeMatrix returns the matrix of the linear map z ↦ out (out from
// Path or Increments), column k the image of the k-th unit vector.
func bridgeMatrix(b *BrownianBridge, increments bool) [][]float64 {
	n := b.Steps()
	cols := make([][]float64, n)
	z := make([]float64, n)
	for k := range n {
		clear(z)
		z[k] = 1
		cols[k] = make([]float64, n)
		if increments {
			b.Increments(cols[k], z)
		} else {
			b.Path(cols[k], z)
		}
	}
	return cols
}

// TestBrownianBridgeCovariance checks that the bridge reproduces the exact
// law of Brownian motion on the grid: with A the linear map of Path,
// A·Aᵀ = min(t_i, t_j) (Glasserman 2004, §3.1), and with B that of
// Increments, B·Bᵀ = I, on uniform grids of several lengths (powers of two
// and not), an uneven grid and one with steps from 10⁻⁴ to 10.
func TestBrownianBridgeCovariance(t *testing.T) {
	grids := map[string][]float64{
		"uneven": {0.1, 0.25, 0.3, 1, 1.7, 2, 2.05, 3.5, 4, 9},
		"scales": {1e-4, 2e-4, 0.01, 0.5, 0.5001, 3, 13},
	}
	for _, n := range []int{1, 2, 3, 5, 8, 13, 64, 120} {
		g := make([]float64, n)
		for i := range g {
			g[i] = float64(i+1) / 12
		}
		grids["monthly "+strconv.Itoa(n)] = g
	}
	for name, times := range grids {
		b, err := NewBrownianBridge(times)
		require.NoError(t, err, name)
		n := len(times)
		a := bridgeMatrix(b, false)
		inc := bridgeMatrix(b, true)
		scale := times[n-1]
		for i := range n {
			for j := range n {
				var cov, id float64
				for k := range n {
					cov += a[k][i] * a[k][j]
					id += inc[k][i] * inc[k][j]
				}
				if d := math.Abs(cov - min(times[i], times[j])); d > 1e-13*scale*float64(n) {
					t.Fatalf("%s: Cov(W(t_%d), W(t_%d)) = %.17g, want %.17g", name, i+1, j+1, cov, min(times[i], times[j]))
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if d := math.Abs(id - want); d > 1e-12*float64(n) {
					t.Fatalf("%s: Cov(increment %d, increment %d) = %.17g, want %g", name, i+1, j+1, id, want)
				}
			}
		}
	}
}

// TestBrownianBridgeOrder checks the construction order: the end point,
// then the middle, then the quarters, breadth first, for 8 and 5 steps,
// and that each order is a permutation for 120 steps.
func TestBrownianBridgeOrder(t *testing.T) {
	b8, err := NewUniformBrownianBridge(8)
	require.NoError(t, err)
	require.Equal(t, []int{7, 3, 1, 5, 0, 2, 4, 6}, b8.Order())
	b5, err := NewUniformBrownianBridge(5)
	require.NoError(t, err)
	require.Equal(t, []int{4, 1, 0, 2, 3}, b5.Order())
	b120, err := NewUniformBrownianBridge(120)
	require.NoError(t, err)
	seen := make([]bool, 120)
	for _, i := range b120.Order() {
		require.False(t, seen[i])
		seen[i] = true
	}
	require.Equal(t, []int{119, 59, 29, 89}, b120.Order()[:4])
}

// TestBrownianBridgeEndPoint checks that the first input alone sets the end
// point, W(t_N) = √t_N·z_1, whatever the others, and that the
// standardized increments add back up to it.
func TestBrownianBridgeEndPoint(t *testing.T) {
	times := []float64{0.5, 1, 1.25, 2, 3}
	b, err := NewBrownianBridge(times)
	require.NoError(t, err)
	r := New(3, 0)
	z := make([]float64, 5)
	w := make([]float64, 5)
	dz := make([]float64, 5)
	for range 100 {
		for i := range z {
			z[i] = r.Norm()
		}
		b.Path(w, z)
		require.Equal(t, math.Sqrt(3)*z[0], w[4])
		b.Increments(dz, z)
		var sum, prev float64
		for i, x := range dz {
			sum += x * math.Sqrt(times[i]-prev)
			prev = times[i]
		}
		require.InDelta(t, w[4], sum, 1e-12)
	}
}

// TestBrownianBridgeRejectsBadGrid checks the errors for an empty grid, a
// first time ≤ 0, a time not after the previous one, NaN and infinity.
func TestBrownianBridgeRejectsBadGrid(t *testing.T) {
	for _, c := range []struct {
		times []float64
		field string
	}{
		{nil, "len(times)"},
		{[]float64{0, 1}, "times[0]"},
		{[]float64{-1}, "times[0]"},
		{[]float64{1, 2, 2}, "times[2]"},
		{[]float64{1, 0.5}, "times[1]"},
		{[]float64{1, math.NaN()}, "times[1]"},
		{[]float64{1, math.Inf(1)}, "times[1]"},
	} {
		_, err := NewBrownianBridge(c.times)
		require.Error(t, err)
		require.Contains(t, err.Error(), c.field)
	}
	_, err := NewUniformBrownianBridge(0)
	require.ErrorContains(t, err, "steps")
	b, _ := NewUniformBrownianBridge(4)
	require.Panics(t, func() { b.Path(make([]float64, 3), make([]float64, 4)) })
	require.Panics(t, func() { b.Increments(make([]float64, 4), make([]float64, 5)) })
}

// TestBrownianBridgeDoesNotAllocate checks Path and Increments.
func TestBrownianBridgeDoesNotAllocate(t *testing.T) {
	b, err := NewUniformBrownianBridge(120)
	require.NoError(t, err)
	z, dst := make([]float64, 120), make([]float64, 120)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		b.Path(dst, z)
		b.Increments(dst, z)
	}))
}
