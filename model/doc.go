// Package model is pivotrisk's scenario layer: a Scenario (the market's
// parameters, the site, the finance terms and the strategies to compare),
// the JSON union of the built-in strategies (StrategySpec, with the contract
// kinds of contracts.go), scenario files read strictly and located to the
// line and column (LoadScenario, SaveScenario), the compiled Plan and the
// per-worker Simulator that steps one market path and books every
// strategy on it, and the inputs of sensitivity studies (TornadoInputs).
// A strategy of kind realOption (RealOption) converts when a rule fitted
// by least-squares Monte Carlo says so; sim.Run fits it before it runs.
//
// The market itself lives in model/market, the site, its contracts and its
// decision policies in model/site; model puts them together. Every
// strategy of a path reads the same market.State and draws from
// identically seeded streams (common random numbers), and every component
// of the market whose draw count varies draws from a sub-stream of its
// own, so changing one component's parameters leaves the others' paths bit
// for bit the same. Parameter structs are validated once, naming every bad
// field with its value and allowed range, and every default cites the row
// of the project's calibration notes (docs/CALIBRATION.md) it comes from.
package model
