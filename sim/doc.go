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
// or no root), and the root closest to 0 when there are several; summaries
// count undefined IRRs apart instead of averaging them. All three allocate
// nothing, for use per path.
//
// # Comparisons
//
// Strategies of one run see the same market paths (common random numbers),
// so their difference is measured path by path: Compare reports the mean
// difference with its paired standard error, the unpaired one for contrast,
// the probability that one beats the other, and the quantiles of the
// difference.
package sim
