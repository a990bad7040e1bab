// Package plots draws the results of a simulation (package sim) as
// gonum/plot pictures a risk committee can read: the NPV distribution and
// its cumulative distribution per strategy with VaR and ES marked, fan
// charts of the market series and of each strategy's cumulative cash, a
// risk–return frontier and a tornado chart of sensitivities.
//
// Every function checks its data first and returns an error naming what is
// wrong (an empty result, a NaN or infinite value and where it is) rather
// than a blank or misleading picture; the errors wrap gonum/plot's
// plotter.ErrNoData, plotter.ErrNaN and plotter.ErrInfinity, so callers can
// test them with errors.Is. The pictures come back as *plot.Plot values that
// the caller may restyle (titles, labels, ranges) before saving them with
// Save.
//
// Conventions shared by all pictures:
//   - Money is drawn in millions of USD ("M USD"): the data are divided by
//     10⁶ before plotting, so axis ranges set by a caller are in M USD too.
//   - NPV is positive for a gain, negative for a loss. VaR95 and ES95 follow
//     package sim: they are losses, positive when the 5 % tail loses money,
//     and are marked on NPV axes at NPV = −VaR95 and NPV = −ES95.
//   - Strategy j of a run is drawn in StrategyColor(j) in every picture, so a
//     strategy keeps its colour across the NPV density, the CDF and the
//     cash fan charts.
//   - Time axes are calendar years: time 0 of a run is January 1 of
//     FanSpec.StartYear (DefaultStartYear for the ready-made fan charts,
//     since a Result records no calendar date), written in the X axis
//     label.
//   - The NPV pictures span a robust window of the samples, from about
//     the 0.1 % to the 99.9 % quantile (holding 0 and every VaR95 and
//     ES95 marker), and say under the X axis how many values lie beyond a
//     cut side and how far they reach; the densities and probabilities
//     drawn are those of all the samples.
//   - DefaultWidth × DefaultHeight is 1200 × 800 pixels in PNG; the fonts are
//     sized to be read at that size.
package plots
