package report

import (
	"math"

	"github.com/pivotrisk/pivotrisk/sim"
)

// StrategyConvergence is one strategy's running figures.
type StrategyConvergence struct {
	Strategy string             `json:"strategy"`
	Points   []ConvergencePoint `json:"points"`
}

// ConvergencePoint is a strategy's mean NPV and ES 95 % over the first
// Paths paths of a run, with their 95 % confidence intervals, USD.
type ConvergencePoint struct {
	Paths       int        `json:"paths"`
	MeanUSD     float64    `json:"meanUSD"`
	MeanCI95USD [2]float64 `json:"meanCI95USD"`
	ES95USD     float64    `json:"es95USD"`
	ES95CI95USD [2]float64 `json:"es95CI95USD"`
}

// convergencePoints is the most points Convergence returns.
const convergencePoints = 40

// Convergence returns the running mean and ES 95 % of npv (a strategy's
// NPV per path, in path order) over its first m paths for about 40 values
// of m, geometrically spaced from max(sim.MinSummaryPaths, n/1000) to n
// (even with antithetic pairs), with their 95 % confidence intervals: the
// mean's normal interval (sim.MeanCI; over pair means with antithetic, so
// that a pair counts as one draw) and the ES's asymptotic one (sim.ESCI).
// A run shorter than sim.MinSummaryPaths gives one point, of all paths.
func Convergence(npv []float64, antithetic bool) ([]ConvergencePoint, error) {
	n := len(npv)
	lo := min(n, max(sim.MinSummaryPaths, n/1000))
	var ms []int
	for k := range convergencePoints {
		m := int(math.Round(float64(lo) * math.Pow(float64(n)/float64(lo), float64(k)/(convergencePoints-1))))
		if antithetic && m%2 == 1 && m < n {
			m++
		}
		if len(ms) == 0 || m > ms[len(ms)-1] {
			ms = append(ms, min(m, n))
		}
	}
	if ms[len(ms)-1] != n {
		ms = append(ms, n)
	}
	pts := make([]ConvergencePoint, 0, len(ms))
	for _, m := range ms {
		pt, err := convergenceAt(npv[:m], antithetic)
		if err != nil {
			return nil, err
		}
		pts = append(pts, pt)
	}
	return pts, nil
}

// convergenceAt returns the figures of the sample xs.
func convergenceAt(xs []float64, antithetic bool) (ConvergencePoint, error) {
	pt := ConvergencePoint{Paths: len(xs)}
	draws := xs
	if antithetic && len(xs) >= 4 && len(xs)%2 == 0 {
		draws = make([]float64, len(xs)/2)
		for i := range draws {
			draws[i] = (xs[2*i] + xs[2*i+1]) / 2
		}
	}
	var err error
	if len(draws) >= 2 {
		if _, pt.MeanCI95USD, err = sim.MeanCI(draws, 0.95); err != nil {
			return pt, err
		}
	}
	pt.MeanUSD = mean(xs)
	if pt.ES95USD, err = sim.ES(xs, 0.95); err != nil {
		return pt, err
	}
	if len(xs) >= sim.MinSummaryPaths {
		if pt.ES95CI95USD, err = sim.ESCI(xs, 0.95, 0.95); err != nil {
			return pt, err
		}
	} else {
		pt.ES95CI95USD = [2]float64{pt.ES95USD, pt.ES95USD}
	}
	return pt, nil
}
