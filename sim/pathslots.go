package sim

import "sync"

// pathSlots holds a fixed number of float64 values per path, at the path's
// offset in the run, for an Observer: each PathObserver writes its path's
// row once, at End, behind a lock, so the rows do not depend on which
// worker ran which path, and the store grows as a run in
// target-standard-error mode adds paths.
type pathSlots struct {
	mu    sync.Mutex
	width int
	data  []float64 // row i at data[i*width : (i+1)*width]
	rows  int       // 1 + the highest offset written
}

// put writes row (width values) at path offset off.
func (s *pathSlots) put(off int, row []float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	need := (off + 1) * s.width
	if need > len(s.data) {
		grown := make([]float64, max(need, 2*len(s.data)))
		copy(grown, s.data)
		s.data = grown
	}
	copy(s.data[off*s.width:need], row)
	s.rows = max(s.rows, off+1)
}

// column returns value k of every row written so far, in path order
// (a copy).
func (s *pathSlots) column(k int) []float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]float64, s.rows)
	for i := range out {
		out[i] = s.data[i*s.width+k]
	}
	return out
}

// count returns the number of rows: 1 + the highest path offset written.
func (s *pathSlots) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rows
}
