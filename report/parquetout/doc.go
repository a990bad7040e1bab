// Package parquetout writes a run's per-path table (report.Samples) as an
// Apache Parquet file, for pandas, polars, DuckDB or Spark. It is the only
// package of pivotrisk that imports a Parquet library
// (github.com/parquet-go/parquet-go), kept apart so that users of dist,
// model, sim, plots and report do not compile it.
package parquetout
