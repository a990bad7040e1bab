package sim

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/xsum"
)

// QuantilesSketch is RunInfo.Quantiles of a Result merged from compact
// partials: the quantiles beyond the kept tails come from sketches.
const QuantilesSketch = "sketch"

// quantile returns the type-1 p-quantile of the NPVs: exact from the tail
// when its rank lies there, else from the sketch (with the share of the
// sample in the sketch's bucket, its rank error; 0 when exact).
func (s *StrategyStats) quantile(n int, p float64) (float64, float64) {
	if k := rank(n, p); k <= len(s.Tail) {
		return s.Tail[k-1], 0
	}
	return s.Sketch.Quantile(p), s.Sketch.RankError(p)
}

// summary returns the Summary of the strategy over its n paths, as
// summarize computes it from the samples (the quantiles beyond the tail
// from the sketch), and the largest rank error of a sketched quantile.
func (s *StrategyStats) summary(name string, n int, monthsPerStep float64, anti bool) (Summary, float64, error) {
	mean, sd := s.NPV.Mean(), s.NPV.SD()
	se := sd / math.Sqrt(float64(n))
	h := zTwoSided(0.95) * se
	var rankErr float64
	q := func(p float64) float64 {
		v, re := s.quantile(n, p)
		rankErr = math.Max(rankErr, re)
		return v
	}
	out := Summary{
		Name: name, Paths: n, Estimator: pairingOf(anti).Estimator(), Mean: mean, Stderr: se, SD: sd,
		Min: s.Sketch.Min, Max: s.Sketch.Max,
		Quantiles: Percentiles{P1: q(0.01), P5: q(0.05), P10: q(0.10), P25: q(0.25), P50: q(0.50),
			P75: q(0.75), P90: q(0.90), P95: q(0.95), P99: q(0.99)},
		VaR95:    0 - s.Tail[tailCount(n, 0.95)-1],
		ES95:     esOfTail(s.Tail[:tailCount(n, 0.95)]),
		VaR99:    0 - s.Tail[tailCount(n, 0.99)-1],
		ES99:     esOfTail(s.Tail[:tailCount(n, 0.99)]),
		MeanCI95: [2]float64{mean - h, mean + h},
	}
	var err error
	if out.VaR95CI95, err = tailVaRCI(s.Tail, n, 0.95, 0.95); err != nil {
		return Summary{}, 0, err
	}
	if out.VaR99CI95, err = tailVaRCI(s.Tail, n, 0.99, 0.95); err != nil {
		return Summary{}, 0, err
	}
	if out.ES95CI95, err = tailESCI(s.Tail, n, 0.95, 0.95); err != nil {
		return Summary{}, 0, err
	}
	if out.ES99CI95, err = tailESCI(s.Tail, n, 0.99, 0.95); err != nil {
		return Summary{}, 0, err
	}
	out.ProbLoss = float64(s.Losses) / float64(n)
	out.ProbLossStderr = math.Sqrt(out.ProbLoss * (1 - out.ProbLoss) / float64(n))
	irr := IRRSummary{Defined: int(s.IRRSketch.N)}
	if irr.Defined > 0 {
		m := xsum.Moments{N: s.IRRSketch.N, Sum: s.IRR}
		irr.MeanPerYear = m.Mean()
		irr.MedianPerYear, irr.P5PerYear, irr.P95PerYear = s.IRRSketch.Quantile(0.5), s.IRRSketch.Quantile(0.05), s.IRRSketch.Quantile(0.95)
		for _, p := range []float64{0.5, 0.05, 0.95} {
			rankErr = math.Max(rankErr, s.IRRSketch.RankError(p))
		}
	}
	irr.UndefinedShare = float64(n-irr.Defined) / float64(n)
	out.IRR = irr
	out.Payback = paybackFromCounts(s.Payback, monthsPerStep, n)
	if anti {
		out.Stderr = s.stderr(true)
		h := zTwoSided(0.95) * out.Stderr
		out.MeanCI95 = [2]float64{out.Mean - h, out.Mean + h}
		out.ProbLossStderr = s.LossPairs.SD() / math.Sqrt(float64(s.LossPairs.N))
	}
	if err := out.checkFinite(); err != nil {
		return Summary{}, 0, err
	}
	return out, rankErr, nil
}

// comparison returns the Comparison of a − b over n paths as compare
// computes it from the samples (the quantiles of the differences from the
// sketch), a and b the strategies' statistics and seA, seB their
// standard errors, with the largest rank error of a sketched quantile.
func (d *DiffStats) comparison(n int, anti bool, a, b *StrategyStats, seA, seB float64) (Comparison, float64) {
	nf := float64(n)
	score := float64(d.Greater) + 0.5*float64(d.Ties)
	scoreSq := float64(d.Greater) + 0.25*float64(d.Ties)
	p := score / nf
	pVar := math.Max(scoreSq-nf*p*p, 0) / (nf - 1)
	mean, sd := d.Diff.Mean(), d.Diff.SD()
	cmp := Comparison{
		Paths:              n,
		Estimator:          pairingOf(anti).Estimator(),
		MeanDiff:           mean,
		PairedStderr:       sd / math.Sqrt(nf),
		ProbAGreater:       p,
		ProbAGreaterStderr: math.Sqrt(pVar / nf),
	}
	var rankErr float64
	q := func(p float64) float64 {
		rankErr = math.Max(rankErr, d.Sketch.RankError(p))
		return d.Sketch.Quantile(p)
	}
	cmp.DiffQuantiles = Percentiles{P1: q(0.01), P5: q(0.05), P10: q(0.10), P25: q(0.25), P50: q(0.50),
		P75: q(0.75), P90: q(0.90), P95: q(0.95), P99: q(0.99)}
	if anti {
		half := math.Sqrt(float64(n / 2))
		cmp.PairedStderr = d.Pairs.SD() / half
		cmp.ProbAGreaterStderr = d.ScorePairs.SD() / half
		cmp.UnpairedStderr = math.Sqrt(seA*seA + seB*seB)
	} else {
		big := max(-a.Sketch.Min, a.Sketch.Max, -b.Sketch.Min, b.Sketch.Max)
		if big < scaleAbove {
			va, vb := a.NPV.Variance(), b.NPV.Variance()
			cmp.UnpairedStderr = math.Sqrt(math.Max(va, 0)/nf + math.Max(vb, 0)/nf)
		} else {
			cmp.UnpairedStderr = math.Hypot(a.NPV.SD(), b.NPV.SD()) / math.Sqrt(nf)
		}
	}
	h := zTwoSided(0.95) * cmp.PairedStderr
	cmp.MeanDiffCI95 = [2]float64{mean - h, mean + h}
	return cmp, rankErr
}

// pairingOf returns the pairing of a compact partial's run: antithetic
// pairs or independent paths (RunPartial refuses RQMC replicates).
func pairingOf(anti bool) Pairing {
	if anti {
		return Antithetic
	}
	return Independent
}
