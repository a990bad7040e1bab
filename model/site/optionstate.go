package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// OptionState is what a conversion decision reads of the market: the
// logarithms of some market series (hashprice, BTC price, GPU rent, …)
// and, if GPURegime, whether the GPU market is in glut (1) or tight (0).
// The time of the decision and what is already converted are not
// coordinates: a ConversionRule is fitted date by date and count by count.
type OptionState struct {
	// Series are the market series read, each by its logarithm (they are
	// all positive); no series twice, and not the calendar ("months").
	Series []market.Series
	// GPURegime adds the GPU market's regime as a 0/1 coordinate (1: glut).
	GPURegime bool
}

// Dim returns the number of coordinates: one per series, plus one for the
// regime.
func (o OptionState) Dim() int {
	if o.GPURegime {
		return len(o.Series) + 1
	}
	return len(o.Series)
}

// Validate reports a series that is invalid, repeated or the calendar, and
// a state of no coordinate.
func (o OptionState) Validate() error {
	seen := map[market.Series]bool{}
	for i, x := range o.Series {
		switch {
		case !x.Valid():
			return fmt.Errorf("state[%d] = %d: must be one of %s except months", i, int(x), market.SeriesNames())
		case x == market.SeriesMonths:
			return fmt.Errorf("state[%d] = months: must be a market series (the rule is fitted date by date: time is already known)", i)
		case seen[x]:
			return fmt.Errorf("state[%d] = %s: given twice", i, x)
		}
		seen[x] = true
	}
	if o.Dim() == 0 {
		return fmt.Errorf("state = []: must name at least one series, or set gpuRegime")
	}
	return nil
}

// Fill writes the coordinates of s into x (length Dim): log of each
// series, then the regime. It allocates nothing.
func (o OptionState) Fill(s *market.State, x []float64) {
	for i, ser := range o.Series {
		x[i] = math.Log(ser.Value(s))
	}
	if o.GPURegime {
		x[len(o.Series)] = 0
		if s.GPURegime == market.GPUGlut {
			x[len(o.Series)] = 1
		}
	}
}

// Index returns the coordinate of series x, or −1 if the state does not
// read it.
func (o OptionState) Index(x market.Series) int {
	for i, s := range o.Series {
		if s == x {
			return i
		}
	}
	return -1
}

// Names returns the coordinates' names: the series' names, then
// "gpuRegime".
func (o OptionState) Names() []string {
	out := make([]string, 0, o.Dim())
	for _, s := range o.Series {
		out = append(out, s.Name())
	}
	if o.GPURegime {
		out = append(out, "gpuRegime")
	}
	return out
}
