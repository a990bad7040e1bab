package report

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/pivotrisk/pivotrisk/sim"
)

// Analysis is what a report adds to a run's Result: what drives each
// strategy's NPV (rank correlations of per-path drivers with it, and the
// drivers' means over its worst 5 % of paths), where its NPV comes from
// (the NPV by cash-flow component, on average and over the worst 5 %), and
// how its mean and ES 95 % settled as paths were added. Money is in USD.
type Analysis struct {
	// Strategies names the strategies, in the run's order; every
	// per-strategy list below follows it.
	Strategies []string `json:"strategies"`
	// Paths is the number of paths analysed.
	Paths int `json:"paths"`
	// TailPaths is the number of worst paths of each strategy the tail
	// figures average: ⌈0.05·Paths⌉, those of sim's ES 95 %.
	TailPaths int `json:"tailPaths"`
	// Drivers are the per-path drivers (sim.Drivers), nil without them.
	Drivers []DriverRow `json:"drivers,omitempty"`
	// SkippedDrivers names drivers left out because a path's value is not
	// finite (a capex overrun of a conversion with no nominal capex).
	SkippedDrivers []string `json:"skippedDrivers,omitempty"`
	// Attribution is each strategy's NPV by cash-flow component
	// (sim.Attribution), nil without it.
	Attribution []StrategyAttribution `json:"attribution,omitempty"`
	// Convergence is each strategy's running mean and ES 95 % against
	// the number of paths.
	Convergence []StrategyConvergence `json:"convergence"`
}

// DriverRow is one driver's figures.
type DriverRow struct {
	sim.Driver
	// Mean is the driver's mean over all paths, in its unit.
	Mean float64 `json:"mean"`
	// RankCorrelation is, per strategy, Spearman's rank correlation of
	// the driver with the strategy's NPV over the paths (RankCorrelation),
	// null where undefined (a constant driver or NPV).
	RankCorrelation []*float64 `json:"rankCorrelation"`
	// TailMean is, per strategy, the driver's mean over the strategy's
	// worst 5 % of paths by NPV (Analysis.TailPaths of them).
	TailMean []float64 `json:"tailMean"`
}

// StrategyAttribution is one strategy's NPV by cash-flow component
// (sim.Components): the components' means sum to the mean NPV, and their
// means over the worst 5 % of paths to minus the ES 95 %, up to rounding.
type StrategyAttribution struct {
	Strategy   string         `json:"strategy"`
	Components []ComponentRow `json:"components"`
	// MeanNPVUSD and TailMeanNPVUSD are the mean NPV over all paths and
	// over the worst 5 % (−ES95), from the Result's samples.
	MeanNPVUSD     float64 `json:"meanNPVUSD"`
	TailMeanNPVUSD float64 `json:"tailMeanNPVUSD"`
}

// ComponentRow is one cash-flow component's part of an NPV, USD (costs
// negative).
type ComponentRow struct {
	Component   string  `json:"component"`
	MeanUSD     float64 `json:"meanUSD"`
	TailMeanUSD float64 `json:"tailMeanUSD"`
}

// Analyze derives the Analysis of res, whose samples it needs (as a Result
// of sim.Run holds), from the observers the run had: drivers and attr may
// be nil (their parts are then left out), else they must hold every path
// of res. It checks ctx between strategies.
func Analyze(ctx context.Context, res *sim.Result, drivers *sim.Drivers, attr *sim.Attribution) (*Analysis, error) {
	if err := checkSamples(res); err != nil {
		return nil, err
	}
	n := len(res.NPV[0])
	a := &Analysis{Strategies: res.StrategyNames(), Paths: n, TailPaths: tailCount(n)}
	worst := make([][]int, len(res.NPV))
	for j, npv := range res.NPV {
		worst[j] = worstPaths(npv)
	}
	if drivers != nil {
		if err := a.addDrivers(ctx, res, drivers, worst); err != nil {
			return nil, err
		}
	}
	if attr != nil {
		if err := a.addAttribution(ctx, res, attr, worst); err != nil {
			return nil, err
		}
	}
	for j, npv := range res.NPV {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pts, err := ConvergencePairing(npv, res.Config.Pairing())
		if err != nil {
			return nil, fmt.Errorf("report: convergence of %q: %w", a.Strategies[j], err)
		}
		a.Convergence = append(a.Convergence, StrategyConvergence{Strategy: a.Strategies[j], Points: pts})
	}
	return a, nil
}

// addDrivers adds the drivers' rows.
func (a *Analysis) addDrivers(ctx context.Context, res *sim.Result, d *sim.Drivers, worst [][]int) error {
	if d.Paths() != a.Paths {
		return fmt.Errorf("report: the drivers hold %d paths, the result %d: give Analyze the observer of the same run", d.Paths(), a.Paths)
	}
	for i, dr := range d.List() {
		if err := ctx.Err(); err != nil {
			return err
		}
		xs, err := d.Values(i)
		if err != nil {
			return err
		}
		if !allFinite(xs) {
			a.SkippedDrivers = append(a.SkippedDrivers, dr.Name)
			continue
		}
		row := DriverRow{Driver: dr, Mean: mean(xs)}
		for j, npv := range res.NPV {
			var rho *float64
			if r := RankCorrelation(xs, npv); !math.IsNaN(r) {
				rho = &r
			}
			row.RankCorrelation = append(row.RankCorrelation, rho)
			row.TailMean = append(row.TailMean, meanAt(xs, worst[j]))
		}
		a.Drivers = append(a.Drivers, row)
	}
	return nil
}

// addAttribution adds each strategy's NPV by component.
func (a *Analysis) addAttribution(ctx context.Context, res *sim.Result, attr *sim.Attribution, worst [][]int) error {
	if attr.Paths() != a.Paths {
		return fmt.Errorf("report: the attribution holds %d paths, the result %d: give Analyze the observer of the same run", attr.Paths(), a.Paths)
	}
	for j, npv := range res.NPV {
		if err := ctx.Err(); err != nil {
			return err
		}
		sa := StrategyAttribution{Strategy: a.Strategies[j], MeanNPVUSD: mean(npv), TailMeanNPVUSD: meanAt(npv, worst[j])}
		for c, name := range sim.Components {
			xs, err := attr.Component(j, c)
			if err != nil {
				return err
			}
			sa.Components = append(sa.Components, ComponentRow{Component: name, MeanUSD: mean(xs), TailMeanUSD: meanAt(xs, worst[j])})
		}
		a.Attribution = append(a.Attribution, sa)
	}
	return nil
}

// WriteJSON writes a as indented JSON.
func (a *Analysis) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// mean returns the mean of xs, summed in order.
func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// meanAt returns the mean of xs at the indices idx, summed in path order.
func meanAt(xs []float64, idx []int) float64 {
	var s float64
	for _, i := range sortedInts(idx) {
		s += xs[i]
	}
	return s / float64(len(idx))
}

// allFinite reports whether every value of xs is finite.
func allFinite(xs []float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
