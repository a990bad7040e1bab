// Package market is the market a bitcoin miner lives in: the BTC price,
// network hashrate and difficulty, halvings, fees, power, GPU and
// colocation rents and tenant credit. A Market, compiled from MarketParams
// and a step length, moves a plain State value one step at a time, drawing
// from a path's random stream; every contract and strategy reads that
// State, and Series names the quantities in it that decisions (a trigger's
// condition) and reports watch.
package market
