package dist

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRQMCIsWorkerIndependent checks that a path's point depends on the
// path alone: paths taken in order, backwards, in interleaved chunks by two
// clones (two workers) and one by one after jumps all give the same
// points.
func TestRQMCIsWorkerIndependent(t *testing.T) {
	const dim, reps, paths = 9, 4, 600
	q, err := NewRQMC(dim, reps, 31)
	require.NoError(t, err)
	want := make([][]float64, paths)
	inOrder := q.Clone()
	for i := range want {
		want[i] = make([]float64, dim)
		inOrder.Point(uint64(i), want[i])
	}
	x := make([]float64, dim)
	back := q.Clone()
	for i := paths - 1; i >= 0; i-- {
		back.Point(uint64(i), x)
		require.Equal(t, want[i], x, "backwards, path %d", i)
	}
	w1, w2 := q.Clone(), q.Clone()
	for chunk := 0; chunk*50 < paths; chunk++ {
		w := w1
		if chunk%3 == 1 {
			w = w2
		}
		for i := chunk * 50; i < (chunk+1)*50; i++ {
			w.Point(uint64(i), x)
			require.Equal(t, want[i], x, "chunked, path %d", i)
		}
	}
	again, err := NewRQMC(dim, reps, 31)
	require.NoError(t, err)
	again.Point(599, x)
	require.Equal(t, want[599], x, "same seed, same points")
}

// TestRQMCReplicates checks that replicate r's points (paths r, r+R, …)
// form a net in every dimension (each 2^m block one point per interval),
// that replicates are scrambled differently, and that another seed changes
// every replicate.
func TestRQMCReplicates(t *testing.T) {
	const dim, reps, m = 5, 8, 10
	q, err := NewRQMC(dim, reps, 1)
	require.NoError(t, err)
	other, err := NewRQMC(dim, reps, 2)
	require.NoError(t, err)
	require.Equal(t, reps, q.Replicates())
	require.Equal(t, dim, q.Dim())
	first := make([][]float64, reps)
	x, y := make([]float64, dim), make([]float64, dim)
	for r := range reps {
		seen := make([][]bool, dim)
		for d := range seen {
			seen[d] = make([]bool, 1<<m)
		}
		for n := range uint64(1 << m) {
			path := n*reps + uint64(r)
			require.Equal(t, r, q.Replicate(path))
			q.Point(path, x)
			other.Point(path, y)
			for d := range x {
				k := int(math.Floor(x[d] * (1 << m)))
				require.False(t, seen[d][k], "replicate %d, dimension %d: two points in interval %d", r, d+1, k)
				seen[d][k] = true
				require.NotEqual(t, x[d], y[d], "another seed")
			}
			if n == 0 {
				first[r] = append([]float64(nil), x...)
			}
		}
	}
	for r := 1; r < reps; r++ {
		require.NotEqual(t, first[0], first[r], "replicate %d scrambled like replicate 0", r)
	}
}

// TestNewRQMCRejects checks the errors for a bad dimension or number of
// replicates, and the panic past the last path.
func TestNewRQMCRejects(t *testing.T) {
	_, err := NewRQMC(0, 4, 1)
	require.ErrorContains(t, err, "dim")
	_, err = NewRQMC(3, 0, 1)
	require.ErrorContains(t, err, "replicates")
	_, err = NewRQMC(3, MaxReplicates+1, 1)
	require.ErrorContains(t, err, "replicates")
	q, err := NewRQMC(2, 3, 1)
	require.NoError(t, err)
	require.Equal(t, uint64(3)<<32, q.MaxPaths())
	x := make([]float64, 2)
	q.Point(q.MaxPaths()-1, x)
	require.Panics(t, func() { q.Point(q.MaxPaths(), x) })
}

// TestRQMCDoesNotAllocate checks Point, in order and with jumps.
func TestRQMCDoesNotAllocate(t *testing.T) {
	q, err := NewRQMC(600, 16, 1)
	require.NoError(t, err)
	x := make([]float64, 600)
	path := uint64(0)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		q.Point(path, x)
		q.Point(path+1_000_000, x)
		path++
	}))
}
