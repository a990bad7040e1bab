package mctest

import "math"

// FloatsAsWritten reports whether this build rounds every float64
// operation as the source writes it. The Go specification lets a compiler
// fuse x*y + z into one fused multiply-add, rounded once, even across
// statements; Go does so on arm64, ppc64le, s390x, riscv64 and loong64, and
// on amd64 when built with GOAMD64=v3 or higher, but not on amd64 at the
// default level, the platform the project's bit-for-bit references were
// recorded on. Where it fuses, two mathematically identical codes (the
// engine and the hand-fused loop, a compiled step and dist's Step) or a
// result recorded on another platform agree only to rounding: a few units
// in the last place per operation.
const FloatsAsWritten = floatsAsWritten

// FusedRel is the relative tolerance SameFloat allows where the compiler
// may fuse: rounding differences of a few ulps per operation over a
// ten-year path move figures by about 1e-14 relative; 1e-9 leaves room for
// long sums while any change to a model or an order of draws moves
// figures by far more.
const FusedRel = 1e-9

// SameFloat reports whether got reproduces want: bit for bit when exact is
// true (NaNs of any payload match each other), and otherwise within
// FusedRel of the larger magnitude (or absolutely within FusedRel of 0 for
// figures near zero; infinities must be equal).
func SameFloat(got, want float64, exact bool) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	if math.Float64bits(got) == math.Float64bits(want) {
		return true
	}
	if exact || math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	return math.Abs(got-want) <= FusedRel*math.Max(1, math.Max(math.Abs(got), math.Abs(want)))
}
