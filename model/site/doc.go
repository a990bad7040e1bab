// Package site is the mining site and what it can become: the Facility and
// its Miner (curtailment, refreshes), the Build that converts part of it to
// AI capacity, the Contracts converted capacity earns under (a colocation
// lease, a GPU cloud, a user's own), the Policies that decide when to
// convert, and the strategies that put them together (Pivot and its
// PivotRunner, or a user's own Strategy). Every piece books its cash flows
// into a CashFlow per step, reading the market.State of the path.
package site
