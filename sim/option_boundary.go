package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/lsm"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// boundaryScan is the number of levels a boundary scan evaluates.
const boundaryScan = 201

// boundaries returns the exercise boundary of fit f along each series its
// rule reads, one point per decision date (months).
func boundaries(f *OptionFit, months []float64) []OptionBoundary {
	state := f.Rule.State()
	ev := f.Rule.Rule().NewEvaluator()
	x := make([]float64, state.Dim())
	g := make([]float64, boundaryScan)
	var out []OptionBoundary
	for c, ser := range state.Series {
		b := OptionBoundary{Series: ser.Name(), Unit: ser.Unit()}
		for d := range f.Steps {
			for i := range x {
				x[i] = f.Range[d][i][1]
			}
			p := scanBoundary(ev, d, c, f.Rule.Blocks(), x, f.Range[d][c], g)
			p.Month = months[d]
			b.Points = append(b.Points, p)
		}
		out = append(out, b)
	}
	return out
}

// scanBoundary scans the fitted gain of converting the first of blocks at
// date d along coordinate c (a logarithm) over rng (1st percentile,
// median, 99th percentile), the others at x, and returns the boundary
// point (levels). g is scratch of boundaryScan values.
func scanBoundary(ev *lsm.Evaluator, d, c, blocks int, x []float64, rng [3]float64, g []float64) BoundaryPoint {
	p := BoundaryPoint{Lo: math.Exp(rng[0]), Median: math.Exp(rng[1]), Hi: math.Exp(rng[2])}
	lo, hi := rng[0], rng[2]
	at := func(i int) float64 { return lo + (hi-lo)*float64(i)/float64(len(g)-1) }
	for i := range g {
		x[c] = at(i)
		g[i] = ev.Gain(d, x, blocks, 0)
	}
	best, crossings := -1, 0
	for i := 0; i+1 < len(g); i++ {
		if (g[i] > 0) != (g[i+1] > 0) {
			crossings++
			if best < 0 || math.Abs(at(i)-rng[1]) < math.Abs(at(best)-rng[1]) {
				best = i
			}
		}
	}
	switch {
	case crossings == 0 && g[0] > 0:
		p.Region = "always"
		return p
	case crossings == 0:
		p.Region = "never"
		return p
	}
	v := at(best) + (at(best+1)-at(best))*g[best]/(g[best]-g[best+1])
	p.Critical = math.Exp(v)
	p.Region = "above"
	if g[best] > 0 {
		p.Region = "below"
	}
	if crossings > 1 {
		p.Region = "mixed"
	}
	return p
}

// ExerciseRegion is the fitted gain of converting the first block over a
// grid of two series at one decision date, the other coordinates at their
// calibration medians: where Gain > 0 the rule converts.
type ExerciseRegion struct {
	// Month is the decision date.
	Month float64
	// X and Y are the series on the axes, XLevels and YLevels the levels
	// of the grid (log-spaced over the 1st–99th percentile of the series
	// at that date on the calibration paths).
	X, Y             market.Series
	XLevels, YLevels []float64
	// Gain holds the fitted gain at each point, USD: Gain[iy][ix].
	Gain [][]float64
}

// ExerciseRegion evaluates the rule's fitted gain of converting the first
// block at decision date (an index of DecisionMonths) on an n × n grid of
// the series x and y (two different series the rule reads), the other
// coordinates held at their medians at that date. It needs the fitted
// rule, which a Result read from JSON does not hold.
func (o *OptionSummary) ExerciseRegion(date int, x, y market.Series, n int) (*ExerciseRegion, error) {
	if o.Rule == nil {
		return nil, errors.New("sim: ExerciseRegion: the summary holds no fitted rule (a result read from JSON does not: run it again)")
	}
	state := o.Rule.State()
	ix, iy := state.Index(x), state.Index(y)
	switch {
	case date < 0 || date >= len(o.DecisionMonths):
		return nil, fmt.Errorf("sim: ExerciseRegion: date = %d: must be in [0, %d)", date, len(o.DecisionMonths))
	case ix < 0 || iy < 0 || ix == iy:
		return nil, fmt.Errorf("sim: ExerciseRegion: series %s and %s: must be two different series of %v", x, y, o.State)
	case n < 2 || n > 1000:
		return nil, fmt.Errorf("sim: ExerciseRegion: n = %d: must be in [2, 1000]", n)
	}
	rng := o.StateRange[date]
	coords := make([]float64, state.Dim())
	for c := range coords {
		coords[c] = rng[c][1]
		if c < len(state.Series) {
			coords[c] = math.Log(coords[c])
		}
	}
	grid := func(c int) []float64 {
		lo, hi := math.Log(rng[c][0]), math.Log(rng[c][2])
		out := make([]float64, n)
		for i := range out {
			out[i] = math.Exp(lo + (hi-lo)*float64(i)/float64(n-1))
		}
		return out
	}
	r := &ExerciseRegion{Month: o.DecisionMonths[date], X: x, Y: y, XLevels: grid(ix), YLevels: grid(iy), Gain: make([][]float64, n)}
	ev := o.Rule.Rule().NewEvaluator()
	for j, yv := range r.YLevels {
		r.Gain[j] = make([]float64, n)
		for i, xv := range r.XLevels {
			coords[ix], coords[iy] = math.Log(xv), math.Log(yv)
			r.Gain[j][i] = ev.Gain(date, coords, o.Blocks, 0)
		}
	}
	return r, nil
}
