package sim

import (
	"fmt"
	"slices"
)

// FundingSummary is the levered view of one strategy with a capital
// structure (model.Scenario.Funding), over a run's paths: the sponsors'
// equity beside the project, the liquidity the path needed and the
// company's failures. Money is in USD; probabilities are shares of paths
// with their binomial standard errors (on antithetic pair means with
// Config.Antithetic).
type FundingSummary struct {
	// Name is the strategy's name.
	Name string `json:"name"`
	// ProjectMean is the strategy's mean project NPV (its Summary.Mean).
	ProjectMean float64 `json:"projectMeanUSD"`
	// Equity summarizes the equity NPV: the sponsors' flows (reserve at
	// time 0, equity called and raised, distributions) discounted at the
	// scenario's rate, as the project's are. Its IRR and Payback are empty.
	Equity Summary `json:"equity"`
	// LeveredIRR summarizes the IRR of the sponsors' flows, per year.
	LeveredIRR IRRSummary `json:"leveredIRR"`
	// FinancingValue is the mean of equity NPV − project NPV on the same
	// path (the value of the financing at the scenario's rate: debt drawn
	// less its service, less dilution, less what lenders take at default),
	// with its standard error.
	FinancingValue       float64 `json:"financingValueUSD"`
	FinancingValueStderr float64 `json:"financingValueStderrUSD"`
	// ProbFundingGap is the share of paths that needed cash beyond the
	// committed sources (revolver and committed equity): new equity at a
	// discount, or a default.
	ProbFundingGap       float64 `json:"probFundingGap"`
	ProbFundingGapStderr float64 `json:"probFundingGapStderr"`
	// GapMean and GapP95 are the mean and 95 % quantile of the gap over
	// the paths with one (0 without any).
	GapMean float64 `json:"gapMeanUSD"`
	GapP95  float64 `json:"gapP95USD"`
	// MeanDilution is the mean over all paths of what new equity cost the
	// holders beyond its cash (raised·d/(1−d)).
	MeanDilution float64 `json:"meanDilutionUSD"`
	// ProbDefault is the share of paths on which the company defaults.
	ProbDefault       float64 `json:"probDefault"`
	ProbDefaultStderr float64 `json:"probDefaultStderr"`
	// ProbDefaultByYear[y] is the share of paths defaulted by the end of
	// year y+1 (cumulative).
	ProbDefaultByYear []float64 `json:"probDefaultByYear"`
	// MeanLenderLoss is the mean over all paths of the lenders' loss at
	// default (claims less recovery).
	MeanLenderLoss float64 `json:"meanLenderLossUSD"`
	// ProbBreachByYear[y] is the share of paths on which a covenant failed
	// in year y+1 (years past 64 are not recorded).
	ProbBreachByYear []float64 `json:"probCovenantBreachByYear"`
	// MinCash are the quantiles of a path's minimum cash (after a step's
	// flows and debt service, before equity calls, revolver draws and
	// raises: negative where the company needed money from outside), and
	// its mean.
	MinCash     Percentiles `json:"minCashUSD"`
	MinCashMean float64     `json:"minCashMeanUSD"`
	// MinLiquidity are the quantiles of a path's minimum liquidity (cash +
	// undrawn revolver + uncalled commitment, before new equity), and its
	// mean: negative on the paths with a funding gap.
	MinLiquidity     Percentiles `json:"minLiquidityUSD"`
	MinLiquidityMean float64     `json:"minLiquidityMeanUSD"`
	// CFaRByYear[y] is the cash flow at risk of year y+1: the 5 % quantile
	// (type 1) of the project's free cash flow summed over the year.
	CFaRByYear []float64 `json:"cfarByYearUSD"`

	// EquityNPV holds the equity NPV samples by path offset; not written
	// to JSON.
	EquityNPV []float64 `json:"-"`
	// LeveredIRRPerYear holds the levered IRR samples (NaN: undefined);
	// not written to JSON.
	LeveredIRRPerYear []float64 `json:"-"`
}

// summaries returns the FundingSummary of every structure over the first
// n paths, given the projects' NPV samples and Summaries.
func (fs *fundingStore) summaries(n int, npv [][]float64, sums []Summary, pairs bool, scratch []float64, stop stopFunc) ([]FundingSummary, error) {
	out := make([]FundingSummary, len(fs.structs))
	for f := range fs.structs {
		j := fs.strat[f]
		s, err := fs.summary(f, n, npv[j], pairs, scratch, stop)
		if err != nil {
			return nil, fmt.Errorf("sim: funding of %q: %w", sums[j].Name, err)
		}
		s.Name, s.ProjectMean = sums[j].Name, sums[j].Mean
		out[f] = s
	}
	return out, nil
}

// summary returns structure f's FundingSummary over n paths.
func (fs *fundingStore) summary(f, n int, project []float64, pairs bool, scratch []float64, stop stopFunc) (FundingSummary, error) {
	eq := fs.eq[f][:n:n]
	var s FundingSummary
	var err error
	if s.Equity, err = npvSummary("equity", eq, scratch, stop); err != nil {
		return s, err
	}
	if pairs {
		pairSummary(&s.Equity, eq, scratch)
	}
	irr := fs.irr[f][:n:n]
	defined, ok := definedSorted(irr, scratch, stop)
	if !ok {
		return s, errStatsStopped
	}
	s.LeveredIRR = irrSummary(defined, n)
	s.EquityNPV, s.LeveredIRRPerYear = eq, irr
	diff := scratch[:n]
	for i := range diff {
		diff[i] = eq[i] - project[i]
	}
	s.FinancingValue, _ = meanSD(diff)
	s.FinancingValueStderr = meanSE(diff, pairs)
	gap, def := fs.gap[f][:n], fs.defStep[f][:n]
	s.ProbFundingGap, s.ProbFundingGapStderr = share(n, pairs, scratch, func(i int) bool { return gap[i] > 0 })
	s.ProbDefault, s.ProbDefaultStderr = share(n, pairs, scratch, func(i int) bool { return def[i] > 0 })
	s.GapMean, s.GapP95 = positiveMeanP95(gap, scratch)
	s.MeanDilution, _ = meanSD(fs.dilution[f][:n])
	s.MeanLenderLoss, _ = meanSD(fs.loss[f][:n])
	s.ProbDefaultByYear, s.ProbBreachByYear = fs.byYear(f, n)
	cash := append(scratch[:0], fs.minCash[f][:n]...)
	s.MinCashMean, _ = meanSD(cash)
	slices.Sort(cash)
	s.MinCash = SortedPercentiles(cash)
	liq := append(scratch[:0], fs.minLiq[f][:n]...)
	s.MinLiquidityMean, _ = meanSD(liq)
	slices.Sort(liq)
	s.MinLiquidity = SortedPercentiles(liq)
	s.CFaRByYear = fs.cfar(f, n, scratch)
	return s, nil
}

// share returns the share of n paths where is holds and its standard
// error (on pair means when pairs).
func share(n int, pairs bool, scratch []float64, is func(i int) bool) (p, se float64) {
	x := scratch[:n]
	for i := range x {
		x[i] = b2f(is(i))
	}
	p, _ = meanSD(x)
	return p, meanSE(x, pairs)
}

// positiveMeanP95 returns the mean and 95 % quantile of the positive values
// of xs, 0 and 0 without any.
func positiveMeanP95(xs, scratch []float64) (mean, p95 float64) {
	pos := scratch[:0]
	for _, x := range xs {
		if x > 0 {
			pos = append(pos, x)
		}
	}
	if len(pos) == 0 {
		return 0, 0
	}
	mean, _ = meanSD(pos)
	slices.Sort(pos)
	return mean, Quantile(pos, 0.95)
}

// byYear returns, per year, the cumulative share of paths defaulted and the
// share with a covenant breach.
func (fs *fundingStore) byYear(f, n int) (def, breach []float64) {
	def, breach = make([]float64, fs.years), make([]float64, fs.years)
	for i := range n {
		if k := int(fs.defStep[f][i]); k > 0 {
			for y := (k - 1) / fs.perYear; y < fs.years; y++ {
				def[y]++
			}
		}
		b := fs.breach[f][i]
		for y := 0; y < fs.years && y < 64 && b != 0; y++ {
			if b&(1<<uint(y)) != 0 {
				breach[y]++
			}
		}
	}
	for y := range def {
		def[y] /= float64(n)
		breach[y] /= float64(n)
	}
	return def, breach
}

// cfar returns the 5 % quantile of each year's free cash flow over n paths.
func (fs *fundingStore) cfar(f, n int, scratch []float64) []float64 {
	out := make([]float64, fs.years)
	x := scratch[:n]
	for y := range out {
		for i := range x {
			x[i] = fs.yearFCF[f][i*fs.years+y]
		}
		slices.Sort(x)
		out[y] = Quantile(x, 0.05)
	}
	return out
}
