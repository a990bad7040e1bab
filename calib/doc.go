// Package calib fits pivotrisk's stochastic processes to a user's own
// history, so that a scenario can rest on the data its author believes in
// rather than on defaults.
//
// # Reading history
//
// ReadHistory and ReadHistoryFile read daily bitcoin history from CSV in the
// column layout of Coin Metrics' public community data (time, PriceUSD,
// HashRate, DiffMean, BlkCnt, FeeTotNtv, IssTotNtv, in any order, among any
// other columns) or a plain "date,price" file. Empty cells become NaN. A
// malformed file is a *ParseError naming the line and the column. Window
// cuts a History to a date range and LogReturns differences its prices,
// refusing gaps. The project ships no third-party data: bring your own file.
//
// # Fitting price models
//
// FitGBM, FitMerton and FitRegimeGBM fit geometric Brownian motion,
// Merton's jump-diffusion and a two-regime Markov-switching GBM to daily log
// returns by maximum likelihood, with asymptotic standard errors and the
// covariance of the estimates. ComparePriceModels fits all three to the same
// returns and ranks them by AIC or BIC, so a user can see whether jumps or
// regimes earn their extra parameters.
//
// Conventions shared by every fit:
//   - Annualisation uses DaysPerYear = 365 calendar days (bitcoin trades
//     every day): a daily return spans dt = 1/365 year.
//   - Drift is the expected arithmetic return per year, E[X_t] = X_0·e^{μt},
//     as in package dist's processes. The mean daily log return m that the
//     data estimate directly relates to it by μ = m/dt + σ²/2 for GBM and
//     μ = m/dt + σ²/2 + λ·(e^{a+b²/2} − 1) for Merton (the jump compensator).
//   - Fit.Params lists the estimates under the JSON names of the scenario's
//     BTC price model fields (model.PriceModel: "driftPerYear",
//     "volPerYear", "jumpsPerYear", "jumpMeanLog", "jumpSDLog",
//     "regimeDriftsPerYear[0]", "regimeGeneratorPerYear[0][1]", …) so they
//     plug into a scenario by name; the model-specific result types carry
//     the same numbers as typed fields, and their Process methods build the
//     matching dist process.
//   - Standard errors come from the Fisher information (GBM, closed form) or
//     the observed information (numerical Hessian at the optimum); when that
//     is not positive definite, from the outer product of the per-day scores,
//     and Fit.StdErrMethod and Fit.Warnings say so. A parameter the data do
//     not identify (jump sizes in data without jumps) is reported, never a
//     silent NaN.
//
// Fits do not draw random numbers; the same returns always give the same
// fit.
package calib
