package report

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/sim"
)

// ConvergencePairing is Convergence for a run whose paths depend on one
// another as pairing says (sim.Config.Pairing): Independent and Antithetic
// as Convergence; RQMC replicates (sim.RQMCReplicates(R), len(npv) a
// multiple of R) take the first m paths for m a multiple of R (m/R points
// of every replicate), and each interval is the figure ± t(R−1, 0.975)
// times the standard deviation of the R replicates' own figures (mean, ES
// 95 %) over √R, the estimator of sim.Summary under RQMC.
func ConvergencePairing(npv []float64, pairing sim.Pairing) ([]ConvergencePoint, error) {
	r := pairing.Replicates()
	if r == 0 {
		return Convergence(npv, pairing == sim.Antithetic)
	}
	n := len(npv)
	lo := min(n, max(sim.MinSummaryPaths, n/1000, 2*r))
	var ms []int
	for k := range convergencePoints {
		m := int(math.Round(float64(lo) * math.Pow(float64(n)/float64(lo), float64(k)/(convergencePoints-1))))
		m = min(n, (m+r-1)/r*r)
		if len(ms) == 0 || m > ms[len(ms)-1] {
			ms = append(ms, m)
		}
	}
	if ms[len(ms)-1] != n {
		ms = append(ms, n)
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r - 1)}.Quantile(0.975)
	pts := make([]ConvergencePoint, 0, len(ms))
	rep := make([]float64, 0, n/r)
	means, ess := make([]float64, r), make([]float64, r)
	for _, m := range ms {
		xs := npv[:m]
		pt := ConvergencePoint{Paths: m, MeanUSD: mean(xs)}
		var err error
		if pt.ES95USD, err = sim.ES(xs, 0.95); err != nil {
			return nil, err
		}
		for k := range r {
			rep = rep[:0]
			for i := k; i < m; i += r {
				rep = append(rep, xs[i])
			}
			means[k] = mean(rep)
			if ess[k], err = sim.ES(rep, 0.95); err != nil {
				return nil, err
			}
		}
		h, e := t*spreadSE(means), t*spreadSE(ess)
		pt.MeanCI95USD = [2]float64{pt.MeanUSD - h, pt.MeanUSD + h}
		pt.ES95CI95USD = [2]float64{pt.ES95USD - e, pt.ES95USD + e}
		pts = append(pts, pt)
	}
	return pts, nil
}

// spreadSE returns the sample standard deviation of xs over √len(xs).
func spreadSE(xs []float64) float64 {
	mu := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - mu) * (x - mu)
	}
	return math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}
