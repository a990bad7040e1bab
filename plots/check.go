package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"

	"github.com/pivotrisk/pivotrisk/sim"
)

// finiteErr returns nil if v is finite, else an error "<what> is NaN" or
// "<what> is +Inf" wrapping plotter.ErrNaN or plotter.ErrInfinity.
func finiteErr(what string, v float64) error {
	switch {
	case math.IsNaN(v):
		return fmt.Errorf("plots: %s is NaN: %w", what, plotter.ErrNaN)
	case math.IsInf(v, 0):
		return fmt.Errorf("plots: %s is %v: %w", what, v, plotter.ErrInfinity)
	}
	return nil
}

// checkFinite returns the error of the first value of xs that is not
// finite, naming it "<what> <i>", or nil.
func checkFinite(what string, xs []float64) error {
	for i, v := range xs {
		if err := finiteErr(fmt.Sprintf("%s %d", what, i), v); err != nil {
			return err
		}
	}
	return nil
}

// noData returns an error "plots: <msg>" wrapping plotter.ErrNoData.
func noData(format string, args ...any) error {
	return fmt.Errorf("plots: "+format+": %w", append(args, plotter.ErrNoData)...)
}

// strategySamples returns the strategies' names and NPV samples of res,
// after checking that res has strategies, one non-empty sample per
// strategy, and only finite values.
func strategySamples(res *sim.Result) (names []string, npv [][]float64, err error) {
	if res == nil {
		return nil, nil, noData("nil result")
	}
	if len(res.Strategies) == 0 {
		return nil, nil, noData("result has no strategies")
	}
	if len(res.NPV) == 0 {
		return nil, nil, noData("result holds no NPV samples (a result read from JSON has them only if written by sim's WriteJSONWithSamples)")
	}
	if len(res.NPV) != len(res.Strategies) {
		return nil, nil, fmt.Errorf("plots: result has %d strategies but NPV samples of %d", len(res.Strategies), len(res.NPV))
	}
	names = res.StrategyNames()
	for j, xs := range res.NPV {
		if len(xs) == 0 {
			return nil, nil, noData("strategy %q: no NPV samples", names[j])
		}
		if err := checkFinite(fmt.Sprintf("strategy %q: NPV sample", names[j]), xs); err != nil {
			return nil, nil, err
		}
	}
	return names, res.NPV, nil
}
