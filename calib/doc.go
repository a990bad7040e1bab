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
// refusing gaps. Input beyond MaxHistoryBytes (64 MiB) or a line beyond
// MaxHistoryLineBytes is an error. The project ships no third-party data:
// bring your own file.
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
// Jumps and regimes are kept identifiable by bounds: a Merton jump's log
// size has a standard deviation of at least MertonMinJumpSDRatio = 3 daily
// diffusion standard deviations (narrower jumps are a fat-tailed
// diffusion, not jumps), and a regime lasts at least RegimeMinMeanDays =
// 20 days on average (faster switching is a day-by-day mixture, not
// regimes). An estimate at a bound is flagged (Param.AtBound, Fit.AtBound,
// a warning, "atBound" in JSON, a column of the printed tables), and
// Choice.Best passes such a fit over, saying so (Choice.Note). Fits that
// have no finite maximum (a flat price with one jump, a component whose
// variance collapses onto repeated prices, a Merton fit that finds no
// jumps) are errors that say why, never +Inf or NaN estimates.
//
// Conventions shared by every fit:
//   - Annualisation uses DaysPerYear = 365 calendar days (bitcoin trades
//     every day): a daily return spans dt = 1/365 year.
//   - Drift is the expected arithmetic return per year, E[X_t] = X_0·e^{μt},
//     as in package dist's processes. The mean daily log return m that the
//     data estimate directly relates to it by μ = m/dt + σ²/2 for GBM and
//     μ = m/dt + σ²/2 + λ·(e^{a+b²/2} − 1) for Merton (the jump compensator).
//   - Fit.Params lists the estimates under the JSON names of the scenario's
//     BTC price model fields (market.PriceModel: "driftPerYear",
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
// # Fitting the network and the fees
//
// FitNetwork fits the hashrate's error-correction model (market.NetworkParams:
// trend growth g, error-correction speed κ, noise σ, and the marginal
// efficiency e that goes with a given marginal power price p; the price lag
// τ given or profiled over a grid) to the daily hashrate, price, subsidy
// and fees, with the break-even hashrate built exactly as the market builds
// it. It regresses the change of four-week means of log hashrate on the gap
// to the break-even hashrate by instrumental variables (the previous
// period's gap), which is consistent under both the averaging and the
// Poisson noise of a daily hashrate measured from block counts, with
// Newey–West standard errors; the data pin only the product e·p, and κ
// carries a small-sample bias the fit bounds.
//
// FitFees fits the fee process (market.FeeParams: level L, speed κ,
// volatility σ and spikes) to daily log fees per block by maximum
// likelihood: the exact AR(1) of the Ornstein–Uhlenbeck part with
// innovations that are Merton's Poisson mixture of normals.
//
// Both report their parameters under the JSON names of the scenario's
// fields, as the price fits do; the network fit lists its given or
// profiled inputs (price lag, power price) in Fit.Fixed.
//
// # Into a scenario
//
// Calibrate runs every fit on one window of history. Calibration.Scenario
// puts the chosen price model (the lowest BIC of the fits within their
// bounds unless told otherwise), the network and the fees into a base
// model.Scenario and validates the result. It keeps the base's price drift,
// a view, unless ScenarioOptions.FitDrift asks for the fitted one (history's
// average, not a forecast), and writes a description that says what was
// fitted and which drift the scenario holds. Calibration.Table and
// WriteTable give the fit table (every parameter ± standard error or its
// bound, log-likelihood, AIC, BIC) for programs and for people.
// The program examples/calibrate does all of this from the command line.
//
// A network step's and a fee step's rates are per year of DaysPerYear = 365
// days, like the price fits'; the market's clock (market.DaysPerYear =
// 365.25) differs by 0.07 %, far inside every standard error.
//
// Fits do not draw random numbers; the same data always give the same fit.
package calib
