// Package sim is pivotrisk's Monte Carlo engine and its risk statistics:
// quantiles, value-at-risk, expected shortfall and their confidence
// intervals, the probability of loss, cash-flow measures (NPV, IRR, payback),
// paired comparisons of strategies, and the per-strategy Summary.
//
// The statistics are plain functions over samples (a []float64 of per-path
// results, usually NPVs in USD), in the manner of QuantLib's Monte Carlo
// framework: they know nothing of how the paths were made. They depend only
// on the standard library and gonum; sim never imports plots.
//
// # The engine
//
// Run simulates a model.Scenario over many paths on every core and returns a
// Result: each strategy's NPV distribution (the samples and their Summary),
// paired comparisons with the first strategy, fan-chart Bands, and figures
// about the run. Config says how many paths, which ones and how.
//
//	res, err := sim.Run(ctx, &sc, sim.Config{Paths: 10_000, Seed: 42})
//
// Reproducibility. Path i draws only from the random streams of (Seed, i)
// (model.Simulator.Reset), and every statistic is computed after the run from the
// samples in path order, so a Config gives bit-identical results for any
// worker count, and a run of paths [a, b) (Config.FirstPath = a) reproduces
// exactly those paths of a larger run. With Config.Antithetic, paths 2k and
// 2k+1 form a pair: 2k+1 runs the mirror of 2k's streams (uniforms u → 1−u,
// normals z → −z), and standard errors of means come from the pair means.
// Every strategy of a path runs on the same market path (common random
// numbers), which is why Comparison's paired standard error can be far
// smaller than the unpaired one.
//
// Discounting. The free cash flow of step k = 1..Steps is at time k·dt years
// and is discounted by (1+r)^(−k·dt) with r the scenario's
// DiscountRatePerYear; the last step includes the terminal value. IRR is
// taken from the same flows, summed by periods of about a month when steps
// are shorter, and annualized, on the paths where the strategy invests no
// later than it earns (pure mining of a built site has none: see
// Result.IRRPerYear); payback is the first
// step at which the cumulative discounted cash turns non-negative after
// having been negative, in months (see Run).
//
// Target precision. With Config.TargetStdErrUSD the run grows in
// deterministic batches until the standard error of every strategy's mean
// NPV is at or below the target, or Config.MaxPaths is reached; the stopping
// point depends only on the seed (see Config.TargetStdErrUSD).
//
// Errors. Configurations are checked by Config.Validate and scenarios by
// model.NewPlan before anything runs. A cash flow, NPV or band value that is
// not finite stops the run with a *PathError naming the path, seed, strategy
// and step, and how to replay it; a panic in a strategy's Runner is
// recovered into a *PanicError naming the strategy, path, step and seed
// (the program goes on); a cancelled context stops it within a few
// milliseconds and Run returns ctx.Err().
//
// Cost. A path allocates nothing; memory grows with the samples kept (24
// bytes per path per strategy: NPV, IRR, payback) and the bands, never with
// steps × paths. On the default scenario (three strategies, 120 monthly
// steps) a path-step takes 2 to 3 µs on one core of the 2-core development
// machine, 3,000 to 4,000 paths per second per core (BenchmarkRunDefault);
// IRR costs under 2 µs per path and strategy, about 2 % of a path, so it is
// always computed.
//
// Output. Result.WriteJSON writes the summaries, comparisons, bands and run
// figures (WriteJSONWithSamples adds the NPV samples) under a Provenance:
// the format version, the library and Go versions and the architecture
// that produced them, and a checksum of the content. ReadResultJSON reads
// them back and refuses a file it cannot trust (unknown or repeated keys,
// trailing data, a checksum that does not match, counts or figures that
// disagree with the run or the samples), naming the field. WriteSamplesCSV
// writes the NPV samples one path per row.
//
// # Quantiles
//
// Every quantile in this package, including the ones inside VaR, ES,
// Percentiles and Summary, is the inverse of the empirical distribution
// function (Hyndman and Fan, 1996, definition 1): q_p = x_(⌈n·p⌉) on the
// sorted sample x_(1) ≤ … ≤ x_(n), and q_0 = x_(1). A quantile is therefore
// always one of the simulated values, never an interpolation between two, and
// the median of an even-sized sample is the lower middle value.
//
// # How to read VaR and ES
//
// VaR and ES are stated as positive numbers for losses, at a confidence level
// α such as 0.95 or 0.99, over the NPV of a strategy:
//
//	VaR_α = −q_{1−α}                              (the (1−α)-quantile of the NPV, sign flipped)
//	ES_α  = −(x_(1) + … + x_(k))/k,  k = ⌈n·(1−α)⌉  (the mean of the worst k NPVs, sign flipped)
//
// Read VaR95 = 40e6 as: in 5 % of the simulated futures the strategy loses
// at least 40 million dollars of present value; in the other 95 % it does
// better. Read ES95 = 65e6 as: across that worst 5 % of futures, the loss
// averages 65 million dollars. ES looks into the tail that VaR only marks the
// edge of, and ES_α ≥ VaR_α always. A negative VaR (or ES) means that even
// the bad tail makes money: VaR95 = −10e6 says the 5 % quantile of the NPV is
// a gain of 10 million dollars. Both are statements about the simulated
// model, not about the world: their confidence intervals (VaRCI, ESCI) speak
// only of the Monte Carlo error, not of the model's.
//
// VaR and ES leave the caller's slice as it was (they sort a copy);
// SortedVaR and SortedES take a slice that is already sorted and allocate
// nothing.
//
// # Confidence intervals
//
// MeanCI is the normal interval mean ± z·s/√n. VaRCI uses order statistics
// (binomial ranks around ⌈n(1−α)⌉) and needs no density estimate; its
// coverage is at least the nominal one for any continuous distribution. ESCI
// uses the asymptotic normal law of the empirical tail mean (Brazauskas,
// Jones, Puri and Zitikis, 2008) with a Student t multiplier; it reaches its
// nominal coverage once the tail holds about 50 values for light tails, and
// needs a few hundred for heavy ones (Student t with 4 degrees of freedom
// covers about 92 % with 50 tail values and 95 % with 250). Summary reports
// all of them at 95 %.
//
// # Cash flows
//
// NPV, IRR and Payback take per-period flows with flows[0] at time 0,
// undiscounted. IRR returns NaN when the rate is undefined (flows of one sign,
// or no root), and when there are several roots the smallest non-negative
// one, or the negative one closest to 0 if none is non-negative; summaries
// count undefined IRRs apart instead of averaging them. All three allocate
// nothing, for use per path.
//
// # Comparisons
//
// Strategies of one run see the same market paths (common random numbers),
// so their difference is measured path by path: Compare reports the mean
// difference with its paired standard error, the unpaired one for contrast,
// the probability that one beats the other, and the quantiles of the
// difference. Its optional Pairing says how the paths depend on one another:
// with Antithetic (Config.Pairing of an antithetic run) the standard errors
// come from pair means. Result.Compare compares two strategies of a run with
// the run's pairing.
package sim
