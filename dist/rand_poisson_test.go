package dist

import "testing"

// TestPoissonMemo checks that the memo of e^(−mean) leaves Poisson's draws
// as they are without it: a stream that forgets the memo before every draw
// and one that keeps it draw the same counts, for a cycle of more means than
// the memo holds (so entries are evicted and refilled) and for repeats.
func TestPoissonMemo(t *testing.T) {
	means := []float64{0.267, 0.125, 0.0833, 0.0417, 3, 11.9, 0.125, 0.125, 5e-9, 7, 0.267}
	a, b := New(5, 9), New(5, 9)
	for i := range 20000 {
		m := means[i%len(means)]
		if i%7 == 3 {
			m = means[(i/7)%4]
		}
		b.pois = poissonMemo{}
		if x, y := a.Poisson(m), b.Poisson(m); x != y {
			t.Fatalf("draw %d, mean %g: %d with the memo, %d without", i, m, x, y)
		}
	}
}
