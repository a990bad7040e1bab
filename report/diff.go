package report

import (
	"io"

	"github.com/pivotrisk/pivotrisk/sim"
)

// DiffTable writes, for every strategy of res but the baseline
// (Baseline), its difference from the baseline path by path: the mean NPV
// difference and the ES 95 % difference, each ± its paired standard error
// (sim.Measure.DiffPairing with the run's pairing: antithetic pairs count
// as one draw, RQMC replicates give the spread), in M USD.
// Because both strategies see the same market, these errors are far
// smaller than the strategies' own. res must hold its NPV samples, as a
// Result of sim.Run does.
func DiffTable(w io.Writer, res *sim.Result) error {
	rows, err := diffRows(res)
	if err != nil {
		return err
	}
	var t Table
	for _, r := range rows {
		t.Row(r...)
	}
	return t.Write(w)
}

// diffRows returns the cells of DiffTable, its header first.
func diffRows(res *sim.Result) ([][]string, error) {
	if err := checkSamples(res); err != nil {
		return nil, err
	}
	b, bname := Baseline(res)
	rows := [][]string{{"vs " + bname + " (same paths)", "Δ mean ± s.e." + seSuffix(res), "Δ ES 95% ± s.e." + seSuffix(res)}}
	for j, s := range res.Strategies {
		if j == b {
			continue
		}
		dm, sm, err := sim.MeasureMean.DiffPairing(res.NPV[j], res.NPV[b], res.Config.Pairing())
		if err != nil {
			return nil, err
		}
		de, se, err := sim.MeasureES95.DiffPairing(res.NPV[j], res.NPV[b], res.Config.Pairing())
		if err != nil {
			return nil, err
		}
		rows = append(rows, []string{s.Name, signedMUSD(dm) + " ± " + MUSD(sm, 2), signedMUSD(de) + " ± " + MUSD(se, 2)})
	}
	return rows, nil
}
