// Package report turns a simulation's sim.Result into what a person reads
// and keeps: the risk table of every strategy (RiskTable), the table of
// each strategy's paired difference from pure mining on the same paths
// (DiffTable), the standard set of pictures (ResultPictures, SavePictures),
// and files written whole or not at all (WriteFile, FileSet). It is what
// pivotrisk's example programs print and draw, so that a program of one's
// own needs a run and two calls:
//
//	res, err := sim.Run(ctx, &sc, cfg)
//	...
//	err = report.Print(os.Stdout, res)
//	written, err := report.SavePictures(ctx, "out", res)
//
// Amounts in the tables are in millions of USD (MUSD), shares in percent
// (Pct).
package report
