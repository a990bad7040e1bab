package report

import (
	"io"

	"github.com/pivotrisk/pivotrisk/sim"
)

// DiffTable writes, for every strategy of res but the baseline
// (Baseline), its difference from the baseline path by path: the mean NPV
// difference and the ES 95 % difference, each ± its paired standard error
// (sim.Measure.Diff, counting antithetic pairs as one draw), in M USD.
// Because both strategies see the same market, these errors are far
// smaller than the strategies' own. res must hold its NPV samples, as a
// Result of sim.Run does.
func DiffTable(w io.Writer, res *sim.Result) error {
	if err := checkSamples(res); err != nil {
		return err
	}
	b, bname := Baseline(res)
	var t Table
	t.Row("vs "+bname+" (same paths)", "Δ mean ± s.e.", "Δ ES 95% ± s.e.")
	for j, s := range res.Strategies {
		if j == b {
			continue
		}
		dm, sm, err := sim.MeasureMean.Diff(res.NPV[j], res.NPV[b], res.Config.Antithetic)
		if err != nil {
			return err
		}
		de, se, err := sim.MeasureES95.Diff(res.NPV[j], res.NPV[b], res.Config.Antithetic)
		if err != nil {
			return err
		}
		t.Row(s.Name, signedMUSD(dm)+" ± "+MUSD(sm, 2), signedMUSD(de)+" ± "+MUSD(se, 2))
	}
	return t.Write(w)
}
