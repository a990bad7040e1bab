// Package cputime reads the CPU time the process has used, for the
// benchmarks of the model and the engine.
package cputime
