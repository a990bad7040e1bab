// Package model is pivotrisk's domain: the market a bitcoin miner lives in
// (BTC price, network hashrate and difficulty, halvings, fees, power, GPU
// rents, colocation rents and tenant credit), the facility, the AI
// conversions and contracts it can sign, and the strategies a quant compares.
//
// One simulated step of the Market produces a plain State value; every
// strategy reads the same State and books its CashFlow for the step, so all
// strategies of a path share one market path (common random numbers). Across
// scenarios too: every component of the market whose number of draws can
// vary draws from a sub-stream of its own (see Market), so changing one
// component's parameters leaves the others' paths bit for bit the same, and
// each converting block and each tenant draws from its own stream.
//
// Parameter structs carry JSON tags and units in their field names, are
// validated once (Validate, which names every bad field with its value and
// allowed range), and every default cites the row of the project's
// calibration notes (CALIBRATION.md, kept beside the design notes) it comes
// from.
package model
