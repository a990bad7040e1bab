package report

import (
	"errors"
	"fmt"

	"github.com/pivotrisk/pivotrisk/sim"
)

// checkSamples returns an error unless res has at least one strategy and
// holds the NPV samples of each (res.NPV, one slice per strategy, all of
// the same non-zero length), which the tables compare path by path. A
// Result read back from JSON written by sim.Result.WriteJSON has none:
// WriteJSONWithSamples keeps them.
func checkSamples(res *sim.Result) error {
	switch {
	case res == nil:
		return errors.New("report: nil result")
	case len(res.Strategies) == 0:
		return errors.New("report: the result has no strategy")
	case len(res.NPV) != len(res.Strategies):
		return fmt.Errorf("report: the result holds NPV samples of %d strategies, want one per strategy (%d): "+
			"a result read from JSON has them only if written by WriteJSONWithSamples", len(res.NPV), len(res.Strategies))
	}
	n := len(res.NPV[0])
	for j, s := range res.NPV {
		if len(s) == 0 || len(s) != n {
			return fmt.Errorf("report: strategy %q has %d NPV samples and strategy %q %d: want the same number (one per path), at least one",
				res.Strategies[j].Name, len(s), res.Strategies[0].Name, n)
		}
	}
	return nil
}
