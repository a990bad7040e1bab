// Package lsm values options to act at one of many dates (American and
// Bermudan options, multiple-exercise "swing" rights, real options such as
// converting capacity) by least-squares Monte Carlo: Longstaff and
// Schwartz, "Valuing American options by simulation: a simple
// least-squares approach", Review of Financial Studies 14(1), 113–147,
// 2001. It knows nothing of bitcoin; it imports only gonum.
//
// The caller simulates paths and hands over, per path and decision date,
// what the problem needs (Samples): the state a decision-maker sees then,
// the value of exercising one unit at that date, and the value of the
// cash flows a unit not yet exercised earns until the next date; all as
// present values at one time. Fit goes back from the last date: at each
// date it regresses the value of waiting, realized on each path by the
// rule already found for the later dates, on functions of the state
// (Polynomial, Laguerre or the caller's Basis) by least squares (gonum's
// singular value decomposition), on the paths in the money or on all of
// them, and keeps the realized values of the choice the fit makes. Its
// Diagnostics give, per date, the paths regressed on, the rank of the
// design and the R² of the fitted gain of exercising.
//
// The rule found is then applied to fresh paths (Price), simulated with an
// independent seed: on the paths it was fitted to, the rule knows their
// future (foresight bias), on fresh ones it is one admissible policy among
// others, so the mean value there is a lower bound of the true value up to
// Monte Carlo error, with an ordinary standard error.
//
// Two kinds of exercise value are handled. When it is known at the
// decision (an option's payoff, Config.KnownExercise), decisions compare
// it with the fitted continuation value, as in the paper. When it is not
// (the value of a project started now depends on the future: a
// conversion's rents, its build time), it is regressed on the state as
// well, and the rule compares the fitted values: exercise where the
// fitted exercise value exceeds the fitted value of waiting. Least squares
// fits conditional means, so the rule maximizes the expected value; it
// ignores the spread of outcomes (a value-at-risk or expected shortfall of
// the result is a consequence of the rule, not its aim).
//
// With Config.Units > 1 the holder has several units to exercise, at most
// Config.MaxPerDate at a date, each getting the same per-unit values: the
// backward induction then runs for every count of units held, and the rule
// at a date chooses how many units to exercise given how many are left.
package lsm
