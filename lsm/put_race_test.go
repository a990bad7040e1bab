//go:build race

package lsm_test

// table1Rows is how many rows of Table 1 TestAmericanPutTable1 checks under
// the race detector, which slows the simulation about tenfold: two.
const table1Rows = 2
