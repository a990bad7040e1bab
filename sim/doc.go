// Package sim is pivotrisk's Monte Carlo engine and its statistics: it runs
// a model.Scenario over many seeded paths, prices each strategy's cash
// flows on every path (NPV, IRR, payback), and summarizes the NPV
// distributions (value-at-risk, expected shortfall, probability of loss,
// with confidence intervals) and the paired comparisons of strategies. A
// Config gives bit-identical results for any worker count, and a run of
// paths [a, b) reproduces exactly those paths of a larger run.
//
//	res, err := sim.Run(ctx, &sc, sim.Config{Paths: 10_000, Seed: 42})
//
// # Tour
//
// The engine. Config says which paths to run and what to keep. Run
// (run.go) hands chunks of paths to workers (worker.go); each steps a
// model.Simulator and books every step into a PathPricer (discounting,
// NPV, cumulative cash, payback, IRR) and into the run's Observers, which
// watch every path step by step (Config.Observers). The fan-chart Bands
// are one: quantiles over the first paths of named market series and of
// each strategy's cumulative cash (Config.Bands). A value that is not
// finite stops the run with a *PathError, a panic with a *PanicError.
// After the paths, the statistics make the Result (runresult.go), which
// WriteJSON writes and ReadResultJSON reads back and checks (io*.go,
// provenance.go). Tornado and Frontier are sweeps of runs on common random
// numbers.
//
// Real options. A strategy of kind realOption has its conversion rule
// fitted by least-squares Monte Carlo (package lsm) before the run:
// FitOptions (option_fit.go) simulates calibration paths of an independent
// seed, OptionCalibrationSeed(Seed), with a probe that books one block's
// value of converting at each decision date and of mining until the next,
// and fits the rule; Run then prices it on its own paths beside the other
// strategies, and an observer records when its blocks convert
// (option_run.go). Result.Options (OptionSummary, option.go) holds the fit's
// diagnostics, the exercise boundaries (option_boundary.go), the timing
// and the value of flexibility against convert-now and never on the same
// paths (option_summary.go). Least squares fits conditional means: the rule
// maximizes the mean NPV, and its VaR and ES are what that rule gives, not
// what it aims at.
//
// Sampling. Config.Sampling chooses pseudo-random paths (the default) or
// randomized quasi-Monte Carlo (RQMC, sampling.go): the market's diffusion
// shocks of path i are point ⌊i/R⌋ of Sobol replicate i mod R (model.QMC),
// its discrete draws stay on its PCG streams, and every standard error and
// interval comes from the spread of the R replicates (replicates.go;
// Summary.Estimator says which estimator a figure used).
//
// The statistics. stats.go (quantiles, means), risk.go (VaR, ES and their
// intervals, probability of loss), summary.go (Summary), compare.go
// (Compare), measure.go (Measure and paired differences), cashflow.go and
// irr.go (NPV, Payback, IRR), sortstop.go and selectrank.go (sorting and
// selection), replicates.go (standard errors from RQMC replicates) are plain functions over samples that know nothing of the
// engine: they import only the standard library, gonum and internal/valid,
// and work on any sample. Every quantile is type 1, an order statistic
// (Quantile); VaR and ES state losses as positive numbers (VaR, ES).
//
// docs/DESIGN.md maps the packages and how one path flows through them;
// BENCHMARKS.md holds the engine's speed and the cost of its abstractions.
package sim
