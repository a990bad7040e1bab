package dist

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// testCorr is a 3×3 correlation matrix with one negative entry.
var testCorr = [][]float64{{1, 0.5, -0.3}, {0.5, 1, 0.2}, {-0.3, 0.2, 1}}

// monthly returns the grid 1/12, 2/12, …, n/12.
func monthly(n int) []float64 {
	g := make([]float64, n)
	for i := range g {
		g[i] = float64(i+1) / 12
	}
	return g
}

// TestQMCShocksPaddedIsCorrelatedFill checks that without the bridge a
// point of no coordinates, all padded from a stream, gives bit for bit the
// shocks Correlated.Fill draws step by step from a stream of the same seed:
// the correlation is applied exactly as Fill applies it.
func TestQMCShocksPaddedIsCorrelatedFill(t *testing.T) {
	corr, err := NewCorrelated(testCorr)
	require.NoError(t, err)
	q, err := NewQMCShocks(corr, monthly(7), false)
	require.NoError(t, err)
	dst := make([]float64, q.Dim())
	q.Fill(dst, nil, New(5, 9), make([]float64, q.ScratchLen()))
	r := New(5, 9)
	z := make([]float64, 3)
	for k := range 7 {
		corr.Fill(z, r)
		require.Equal(t, z, dst[3*k:3*k+3], "step %d", k)
	}
}

// TestQMCShocksCoordinateMap checks which shocks each coordinate drives.
// With u = ½ everywhere (all normals 0) but coordinate j = k·F + f set to
// Φ(1): with the bridge, factor f's shocks are the bridge's increments of
// input k (other factors 0, before correlation) and after correlation
// column f of L scales them; without it, only the shock of factor f at step
// k is moved, to L[·][f].
func TestQMCShocksCoordinateMap(t *testing.T) {
	const f, n = 3, 8
	times := monthly(n)
	corr, err := NewCorrelated(testCorr)
	require.NoError(t, err)
	L := corr.Factor()
	b, err := NewBrownianBridge(times)
	require.NoError(t, err)
	for _, bridged := range []bool{true, false} {
		q, err := NewQMCShocks(corr, times, bridged)
		require.NoError(t, err)
		require.Equal(t, bridged, q.Bridged())
		u := make([]float64, q.Dim())
		dst := make([]float64, q.Dim())
		unit := make([]float64, n)
		inc := make([]float64, n)
		one := 0.5 * math.Erfc(-1/math.Sqrt2) // Φ(1)
		for j := range q.Dim() {
			for i := range u {
				u[i] = 0.5
			}
			u[j] = one
			q.Fill(dst, u, nil, make([]float64, q.ScratchLen()))
			k, fac := j/f, j%f
			clear(unit)
			if bridged {
				unit[k] = 1
				b.Increments(inc, unit)
			} else {
				clear(inc)
				inc[k] = 1
			}
			for step := range n {
				for g := range f {
					want := L[g][fac] * inc[step]
					require.InDelta(t, want, dst[step*f+g], 1e-14, "bridged %v, coordinate %d: step %d factor %d", bridged, j, step, g)
				}
			}
		}
	}
}

// TestQMCShocksLaw checks the law of the shocks from 2^14 scrambled Sobol
// points, with the bridge: each shock has mean 0, and the covariance of
// the shocks of factors g, h at steps k, l is C[g][h] if k = l and 0
// otherwise, within 5 standard errors of plain Monte Carlo with as many
// paths (√((1 + ρ²)/n) for a covariance, 1/√n for a mean).
func TestQMCShocksLaw(t *testing.T) {
	const n, steps = 1 << 14, 6
	corr, err := NewCorrelated(testCorr)
	require.NoError(t, err)
	q, err := NewQMCShocks(corr, monthly(steps), true)
	require.NoError(t, err)
	s, err := NewScrambledSobol(q.Dim(), 77)
	require.NoError(t, err)
	d := q.Dim()
	u := make([]float64, d)
	z := make([]float64, d)
	scratch := make([]float64, q.ScratchLen())
	sum := make([]float64, d)
	cross := make([]float64, d*d)
	for range n {
		s.Next(u)
		q.Fill(z, u, nil, scratch)
		for i := range d {
			sum[i] += z[i]
			for j := range d {
				cross[i*d+j] += z[i] * z[j]
			}
		}
	}
	for i := range d {
		mctest.WithinSE(t, "mean", sum[i]/n, 0, 1/math.Sqrt(n), 5)
		for j := range d {
			want := 0.0
			if i/3 == j/3 {
				want = testCorr[i%3][j%3]
			}
			mctest.WithinSE(t, "covariance", cross[i*d+j]/n, want, math.Sqrt((1+want*want)/n), 5)
		}
	}
}

// asianEstimate returns the estimate, over points [0, n) of s, of the mean
// over steps and factors of exp(σ·W_f(t_k) − σ²·t_k/2), W_f the Brownian
// path of factor f that the shocks make; its exact value is 1.
func asianEstimate(q *QMCShocks, s *Sobol, r *Rand, n int, times []float64) float64 {
	const sigma = 0.3
	u := make([]float64, q.Dim())
	z := make([]float64, q.Dim())
	scratch := make([]float64, q.ScratchLen())
	w := make([]float64, q.Factors())
	var total float64
	for range n {
		if s != nil {
			s.Next(u)
			q.Fill(z, u, nil, scratch)
		} else {
			q.Fill(z, nil, r, scratch)
		}
		clear(w)
		prev := 0.0
		var sum float64
		for k, t := range times {
			for f := range w {
				w[f] += math.Sqrt(t-prev) * z[k*len(w)+f]
				sum += math.Exp(sigma*w[f] - sigma*sigma*t/2)
			}
			prev = t
		}
		total += sum / float64(len(times)*len(w))
	}
	return total / float64(n)
}

// TestQMCShocksBridgeReducesError checks that the bridge does its job on a
// path functional with a known mean (the average over 3 correlated factors
// and 64 monthly steps of a lognormal martingale of volatility 0.3, mean
// 1, an Asian-style average): over 16
// scramblings of 2,048 points, the root mean square error with the bridge
// is at least 5 times below Monte Carlo's (estimated from 16 runs of
// 2,048 pseudo-random paths) and below that of the same points without the
// bridge.
func TestQMCShocksBridgeReducesError(t *testing.T) {
	const reps, n, steps = 16, 2048, 64
	times := monthly(steps)
	corr, err := NewCorrelated(testCorr)
	require.NoError(t, err)
	withB, err := NewQMCShocks(corr, times, true)
	require.NoError(t, err)
	noB, err := NewQMCShocks(corr, times, false)
	require.NoError(t, err)
	base, err := NewSobol(withB.Dim())
	require.NoError(t, err)
	var seB, seN, seMC float64
	for r := range uint64(reps) {
		eB := asianEstimate(withB, base.WithScramble(r), nil, n, times) - 1
		eN := asianEstimate(noB, base.WithScramble(r), nil, n, times) - 1
		eMC := asianEstimate(noB, nil, New(r, 0), n, times) - 1
		seB, seN, seMC = seB+eB*eB, seN+eN*eN, seMC+eMC*eMC
	}
	rmseB, rmseN, rmseMC := math.Sqrt(seB/reps), math.Sqrt(seN/reps), math.Sqrt(seMC/reps)
	t.Logf("RMSE over %d replicates of %d paths: bridge %.3g, no bridge %.3g, Monte Carlo %.3g", reps, n, rmseB, rmseN, rmseMC)
	require.Less(t, 5*rmseB, rmseMC)
	require.Less(t, rmseB, rmseN)
}

// TestQMCShocksPadding checks that a point shorter than Dim() is completed
// by normals from the pad stream, in coordinate order, before the bridge.
func TestQMCShocksPadding(t *testing.T) {
	const steps, have = 10, 17
	corr := Identity(3)
	times := monthly(steps)
	q, err := NewQMCShocks(corr, times, true)
	require.NoError(t, err)
	u := make([]float64, have)
	for i := range u {
		u[i] = (float64(i) + 0.5) / have
	}
	dst := make([]float64, q.Dim())
	q.Fill(dst, u, New(11, 2), make([]float64, q.ScratchLen()))
	normals := make([]float64, q.Dim())
	pad := New(11, 2)
	for j := range normals {
		if j < have {
			normals[j] = (Normal{Mu: 0, Sigma: 1}).Quantile(u[j])
		} else {
			normals[j] = pad.Norm()
		}
	}
	b, err := NewBrownianBridge(times)
	require.NoError(t, err)
	in, out := make([]float64, steps), make([]float64, steps)
	for f := range 3 {
		for k := range in {
			in[k] = normals[k*3+f]
		}
		b.Increments(out, in)
		for k := range out {
			require.InDelta(t, out[k], dst[k*3+f], 1e-12, "factor %d step %d", f, k)
		}
	}
}

// TestQMCShocksRejectsMisuse checks construction errors and Fill's panics.
func TestQMCShocksRejectsMisuse(t *testing.T) {
	_, err := NewQMCShocks(nil, monthly(3), true)
	require.ErrorContains(t, err, "corr")
	_, err = NewQMCShocks(Identity(2), []float64{1, 1}, true)
	require.ErrorContains(t, err, "times[1]")
	q, err := NewQMCShocks(Identity(2), monthly(3), true)
	require.NoError(t, err)
	scratch := make([]float64, q.ScratchLen())
	dst := make([]float64, 6)
	require.Panics(t, func() { q.Fill(dst[:5], nil, New(1, 1), scratch) }, "dst length")
	require.Panics(t, func() { q.Fill(dst, make([]float64, 7), nil, scratch) }, "u too long")
	require.Panics(t, func() { q.Fill(dst, []float64{0.5}, nil, scratch) }, "no pad")
	require.Panics(t, func() { q.Fill(dst, nil, New(1, 1), scratch[:5]) }, "scratch")
	for _, bad := range []float64{0, 1, math.NaN(), -0.1} {
		require.Panics(t, func() { q.Fill(dst, []float64{0.5, bad}, New(1, 1), scratch) }, "u = %v", bad)
	}
}

// TestQMCShocksDoesNotAllocate checks Fill, with and without padding.
func TestQMCShocksDoesNotAllocate(t *testing.T) {
	corr, err := NewCorrelated(testCorr)
	require.NoError(t, err)
	q, err := NewQMCShocks(corr, monthly(120), true)
	require.NoError(t, err)
	s, err := NewScrambledSobol(q.Dim(), 1)
	require.NoError(t, err)
	u := make([]float64, q.Dim())
	dst := make([]float64, q.Dim())
	scratch := make([]float64, q.ScratchLen())
	r := New(1, 1)
	require.Zero(t, testing.AllocsPerRun(50, func() {
		s.Next(u)
		q.Fill(dst, u, nil, scratch)
		q.Fill(dst, u[:100], r, scratch)
	}))
}
