package report

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pivotrisk/pivotrisk/sim"
)

// NewSweepSamples returns the per-path table of a sweep's runs (what
// sim.WithSamples keeps), one row per path, every run on the same paths:
// path and pair as in Samples, then for each run R, in the sweep's order,
// "npv_usd.R" (USD) and, if the runs kept them, "irr_per_year.R" and
// "payback_months.R"; R is the run's sim.SweepRun.Name ("hybrid 30%" in
// a frontier; "base", "BTC volatility=low", "BTC volatility=high" in a
// tornado). The columns share the samples' slices.
//
// It returns an error for nil or no runs, runs of unequal or no length,
// IRR or payback samples of another length, and two runs of one name.
func NewSweepSamples(ss *sim.SweepSamples) (*Samples, error) {
	if ss == nil || len(ss.Runs) == 0 {
		return nil, errors.New("report: the sweep kept no samples (no runs)")
	}
	n := len(ss.Runs[0].NPV)
	s := &Samples{Columns: indexColumns(ss.FirstPath, n, ss.Antithetic)}
	for k, r := range ss.Runs {
		if len(r.NPV) == 0 || len(r.NPV) != n {
			return nil, fmt.Errorf("report: sweep run %q has %d NPV samples and run %q %d: want the same number (one per path), at least one",
				r.Name, len(r.NPV), ss.Runs[0].Name, n)
		}
		if i := slices.IndexFunc(ss.Runs[:k], func(q sim.SweepRun) bool { return q.Name == r.Name }); i >= 0 {
			return nil, fmt.Errorf("report: sweep runs %d and %d are both named %q: want unique names (they name the columns)", i, k, r.Name)
		}
		s.Columns = append(s.Columns, SampleColumn{Name: "npv_usd." + r.Name, Unit: "USD", Values: r.NPV})
		if r.IRRPerYear == nil && r.PaybackMonths == nil {
			continue
		}
		if len(r.IRRPerYear) != n || len(r.PaybackMonths) != n {
			return nil, fmt.Errorf("report: sweep run %q has %d IRR and %d payback samples for %d paths: want one of each per path",
				r.Name, len(r.IRRPerYear), len(r.PaybackMonths), n)
		}
		s.Columns = append(s.Columns,
			SampleColumn{Name: "irr_per_year." + r.Name, Unit: "per year", Values: r.IRRPerYear},
			SampleColumn{Name: "payback_months." + r.Name, Unit: "months", Values: r.PaybackMonths})
	}
	return s, nil
}
