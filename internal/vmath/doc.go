// Package vmath evaluates exp, log, expm1, log1p and the standard normal
// distribution function, one value at a time or over slices, for the
// engine's hot loops.
//
// Every function has a scalar form (Exp) and a slice form (ExpSlice) that
// give the same bits for the same argument, so a path stepped alone and the
// same path stepped in a batch agree exactly.
package vmath
