// Package site is the mining site and what it can become: the Facility and
// its Miner (curtailment, refreshes), the Build that converts part of it to
// AI capacity, the Contracts converted capacity earns under (a colocation
// lease, a GPU cloud, a user's own), the Policies that decide when to
// convert, and the strategies that put them together (Pivot and its
// PivotRunner, or a user's own Strategy). Every piece books its cash flows
// into a CashFlow per step, reading the market.State of the path.
//
// A fitted conversion rule (ConversionRule, from a least-squares Monte
// Carlo fit of package lsm) is one more Policy; ConversionProbe is the
// runner that books, on calibration paths, what fitting it needs: one
// block's value of converting at each decision date and of mining until
// the next, both branches on the same path. Blocks are taken to be
// independent given the market (each draws its build and tenants from
// its own stream), so one block's values, scaled, stand for every block,
// and before income tax, which nets a strategy's blocks together.
package site
