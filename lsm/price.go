package lsm

import (
	"context"
	"fmt"
	"math"
)

// Pricing is a rule applied to paths: the value each path realizes and
// when each unit was exercised.
type Pricing struct {
	// Units is the number of exercise rights.
	Units int
	// Values holds each path's realized value: the sum over dates of
	// j·Exercise + (units held after the date)·Hold, j the units exercised.
	Values []float64
	// Exercised holds, for path i and unit u (in the order units are
	// exercised), the date at which it was exercised at Exercised[i·Units+u],
	// or −1 if it never was.
	Exercised []int32
}

// Price applies r to the paths of s, which should be fresh paths, drawn
// independently of the ones r was fitted on (another seed): the mean of
// Values is then an estimate without foresight, whose expectation is at
// most the true value (the rule is one admissible policy). s must have the
// rule's dates and dimension. Price checks ctx every 4096 paths.
func Price(ctx context.Context, s *Samples, r *Rule) (*Pricing, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Dates != r.dates || s.Dim != r.dim {
		return nil, fmt.Errorf("lsm: Price: samples of %d dates and dim %d: must be the rule's %d dates and dim %d", s.Dates, s.Dim, r.dates, r.dim)
	}
	p := &Pricing{Units: r.units, Values: make([]float64, s.Paths), Exercised: make([]int32, s.Paths*r.units)}
	ev := r.NewEvaluator()
	for i := range s.Paths {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p.Values[i] = pricePath(s, ev, i, p.Exercised[i*r.units:][:r.units])
	}
	return p, nil
}

// pricePath applies the rule on path i of s, writing each unit's exercise
// date into ex, and returns the value realized.
func pricePath(s *Samples, ev *Evaluator, i int, ex []int32) float64 {
	left, v := len(ex), 0.0
	for u := range ex {
		ex[u] = -1
	}
	for d := range s.Dates {
		k := s.At(d, i)
		e := s.Exercise[k]
		j := ev.Decide(d, s.StateAt(d, i), left, e)
		for u := len(ex) - left; u < len(ex)-left+j; u++ {
			ex[u] = int32(d)
		}
		left -= j
		v += float64(j)*e + float64(left)*s.hold(k)
	}
	return v
}

// Mean returns the mean of the values and its standard error over
// independent paths.
func (p *Pricing) Mean() (mean, stderr float64) { return MeanStdErr(p.Values, false) }

// MeanStdErr returns the mean of v and its standard error: the sample
// standard deviation over √n, or with pairs (antithetic pairs: v[2k] and
// v[2k+1] mirror each other; len(v) even) that of the n/2 pair means over
// √(n/2). With fewer than two (pairs of) values the error is NaN.
func MeanStdErr(v []float64, pairs bool) (mean, stderr float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	n := len(v)
	at := func(k int) float64 { return v[k] }
	if pairs {
		n = len(v) / 2
		at = func(k int) float64 { return (v[2*k] + v[2*k+1]) / 2 }
	}
	if n < 2 {
		return mean, math.NaN()
	}
	m := 0.0
	for k := range n {
		m += at(k)
	}
	m /= float64(n)
	ss := 0.0
	for k := range n {
		x := at(k) - m
		ss += x * x
	}
	return mean, math.Sqrt(ss / float64(n-1) / float64(n))
}
