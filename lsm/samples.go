package lsm

import (
	"fmt"
	"math"
)

// Samples is what a simulation of Paths paths shows at Dates decision
// dates t₀ < t₁ < … < t_{Dates−1}, laid out date by date:
//
//   - the state a decision-maker sees at each date (State),
//   - the value of exercising one unit at that date (Exercise),
//   - the value of the cash flows one unit not yet exercised earns until
//     the next date (Hold).
//
// Values are present values at one common time (the start), so values of
// different dates add; a unit exercised at date d gets Exercise[d] and no
// Hold from then on, and a unit never exercised gets the Hold of every
// date (the last one runs to the end of the problem). The American put
// has Exercise = e^(−r·t_d)·max(K − S, 0) and no Hold; a conversion of
// capacity has Exercise = the present value of the converted block's cash
// flows from t_d on and Hold = that of its mining until t_{d+1}.
type Samples struct {
	// Paths is the number of paths, ≥ 1.
	Paths int
	// Dates is the number of decision dates, ≥ 1.
	Dates int
	// Dim is the number of state coordinates, ≥ 0.
	Dim int
	// State holds coordinate c of the state of path i at date d at
	// State[(d·Paths+i)·Dim+c]; length Dates·Paths·Dim, finite.
	State []float64
	// Exercise holds the value of exercising one unit at date d on path i
	// at Exercise[d·Paths+i]; length Dates·Paths, finite.
	Exercise []float64
	// Hold holds the value of the cash flows of one unit held over
	// (t_d, t_{d+1}] on path i at Hold[d·Paths+i] (the last date's runs
	// to the end); length Dates·Paths, finite; nil means none (0).
	Hold []float64
}

// NewSamples returns samples of the given size with zeroed State,
// Exercise and Hold (withHold false leaves Hold nil).
func NewSamples(paths, dates, dim int, withHold bool) *Samples {
	s := &Samples{Paths: paths, Dates: dates, Dim: dim,
		State: make([]float64, paths*dates*dim), Exercise: make([]float64, paths*dates)}
	if withHold {
		s.Hold = make([]float64, paths*dates)
	}
	return s
}

// StateAt returns the state of path i at date d (a slice of State).
func (s *Samples) StateAt(d, i int) []float64 {
	k := (d*s.Paths + i) * s.Dim
	return s.State[k : k+s.Dim : k+s.Dim]
}

// At returns the index of path i at date d in Exercise and Hold.
func (s *Samples) At(d, i int) int { return d*s.Paths + i }

// hold returns the Hold value at index k (0 without Hold).
func (s *Samples) hold(k int) float64 {
	if s.Hold == nil {
		return 0
	}
	return s.Hold[k]
}

// MaxSamples is the most path-dates a Samples may hold (Paths·Dates): 10⁹.
const MaxSamples = 1_000_000_000

// Validate reports the first problem with s: a size out of range, a slice
// of the wrong length, or a value that is not finite (named by its date,
// path and coordinate).
func (s *Samples) Validate() error {
	if s == nil {
		return fmt.Errorf("lsm: samples = nil")
	}
	switch {
	case s.Paths < 1:
		return fmt.Errorf("lsm: samples: paths = %d: must be ≥ 1", s.Paths)
	case s.Dates < 1:
		return fmt.Errorf("lsm: samples: dates = %d: must be ≥ 1", s.Dates)
	case s.Dim < 0 || s.Dim > 20:
		return fmt.Errorf("lsm: samples: dim = %d: must be in [0, 20]", s.Dim)
	case s.Paths > MaxSamples/s.Dates:
		return fmt.Errorf("lsm: samples: paths × dates = %d × %d: must be ≤ %d", s.Paths, s.Dates, MaxSamples)
	}
	n := s.Paths * s.Dates
	switch {
	case len(s.State) != n*s.Dim:
		return fmt.Errorf("lsm: samples: len(state) = %d: must be dates × paths × dim = %d", len(s.State), n*s.Dim)
	case len(s.Exercise) != n:
		return fmt.Errorf("lsm: samples: len(exercise) = %d: must be dates × paths = %d", len(s.Exercise), n)
	case s.Hold != nil && len(s.Hold) != n:
		return fmt.Errorf("lsm: samples: len(hold) = %d: must be dates × paths = %d, or nil", len(s.Hold), n)
	}
	for k, v := range s.State {
		if !finite(v) {
			d, i, c := k/(s.Paths*s.Dim), k/s.Dim%s.Paths, k%s.Dim
			return fmt.Errorf("lsm: samples: state of path %d at date %d, coordinate %d = %g: must be finite", i, d, c, v)
		}
	}
	for k := range n {
		if !finite(s.Exercise[k]) {
			return fmt.Errorf("lsm: samples: exercise value of path %d at date %d = %g: must be finite", k%s.Paths, k/s.Paths, s.Exercise[k])
		}
		if h := s.hold(k); !finite(h) {
			return fmt.Errorf("lsm: samples: hold value of path %d at date %d = %g: must be finite", k%s.Paths, k/s.Paths, h)
		}
	}
	return nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
