//go:build !race

package lsm_test

// table1Rows is how many rows of Table 1 TestAmericanPutTable1 checks (all
// twenty; two with -short), and treeStepsPerYear the steps a year of its
// CRR trees.
const (
	table1Rows       = 20
	treeStepsPerYear = 10_000
)
