//go:build race

package lsm_test

// table1Rows is how many rows of Table 1 TestAmericanPutTable1 checks under
// the race detector, which slows the simulation about tenfold: one; and
// treeStepsPerYear the steps a year of its CRR tree (a Bermudan value good
// to about 10⁻³, against a Monte Carlo tolerance of about 0.02).
const (
	table1Rows       = 1
	treeStepsPerYear = 2_500
)
