// Package vmath evaluates exp, log, expm1, log1p and the standard normal
// distribution function, one value at a time or over slices, for the
// engine's hot loops.
//
// Every function has a scalar form (Exp) and a slice form (ExpSlice) that
// give the same bits for the same argument, so a path stepped alone and the
// same path stepped in a batch agree exactly.
//
// # Kernels
//
// The portable kernels are pure Go: exp and expm1 reduce x = n·ln 2 + r,
// |r| ≤ ln 2/2, and evaluate Taylor polynomials of degree 13 in r; log and
// log1p reduce x = 2^k·(1+f), √½ ≤ 1+f < √2, and evaluate
// ln(1+f) = 2·atanh(f/(2+f)) by its Taylor series (the decomposition of
// Sun's fdlibm, the polynomial our own); Φ uses W. J. Cody's rational
// Chebyshev approximations of erf and erfc (Math. Comp. 23, 1969) with
// e^(−x²/2) computed from an exactly split x². Every multiply-add is an
// explicit math.FMA, so the bits are the same at GOAMD64=v1 and v3, on
// arm64 and in the vector kernels (TestKernelFingerprints).
//
// What each build runs:
//
//	go build (amd64)                  CPUs with AVX2 and FMA: 4-lane AVX2
//	                                  assembly in the slice forms, 1-lane
//	                                  (scalar FMA instructions) in the
//	                                  scalar forms; other CPUs: portable
//	go build -tags purego             portable kernels, element by element
//	go build (other GOARCHes)         portable kernels, element by element
//	GOEXPERIMENT=simd go build        amd64 with AVX-512: 8-lane kernels;
//	                                  amd64 with AVX2 and FMA: 4-lane kernels
//	                                  (simd/archsimd) in the slice forms, the
//	                                  1-lane assembly in the scalar forms;
//	                                  other CPUs: portable
//
// The vector kernels perform the portable kernels' operations in the same
// order lane by lane. The assembly (avx2_amd64.s, with its declarations and
// constant table) is generated with avo (github.com/mmcloughlin/avo) by
// asmgen, a module of its own so that avo never enters this module's
// graph; go generate rewrites it, and TestAVX2FilesAreGenerated checks that
// the committed files are the generator's output. An assembly kernel takes
// blocks of 4 arguments that all lie in the portable kernel's fast range;
// the block it stops at and the last len(x) mod 4 elements take the portable
// kernel. The simd/archsimd kernels (Go 1.26, experimental) run every
// block and give the lanes holding special values (NaN, ±Inf, subnormals,
// arguments near overflow or underflow) and the tail to the portable
// kernel. All builds therefore give identical results
// (TestKernelsMatchPortable and TestScalarMatchesSlice compare every level
// the CPU runs bit for bit). To build or test with the experiment, or
// without the assembly:
//
//	GOEXPERIMENT=simd go build ./...
//	GOEXPERIMENT=simd go test ./internal/vmath
//	go test -tags purego ./internal/vmath
//
// # Accuracy
//
// Measured by the package's tests against correctly rounded values
// (math/big) and against package math:
//
//	function  domain                         vs correctly rounded  vs package math
//	Exp       all float64                    ≤ 1 ulp               ≤ 2 ulp
//	Log       all float64 (subnormals too)   ≤ 1 ulp               ≤ 1 ulp
//	Expm1     all float64                    ≤ 1 ulp               ≤ 2 ulp
//	Log1p     all float64                    ≤ 1 ulp               ≤ 1 ulp
//	NormCDF   −37.5 ≤ x (Φ normal)           ≤ 6e-16 relative      —
//	NormCDF   −38.5 < x < −37.5 (subnormal)  ≤ 2 subnormal ulps    —
//
// Φ computed with package math as erfc(−x/√2)/2 (SetReference) is less
// accurate in the lower tail: rounding −x/√2 costs up to 2x² ulps, measured
// 2.9e-15 relative for x ≥ −5, 1.2e-14 down to −10 and 1.8e-13 near −37.
//
// Special values are package math's: Exp(±Inf) = +Inf/0, Exp overflows to
// +Inf above 709.78 and underflows gradually to 0 below −745.13;
// Log(0) = −Inf, Log(x < 0) = NaN; Expm1(−Inf) = −1; Log1p(−1) = −Inf;
// NaN gives NaN; Φ(x) = 0 below about −38.5 and 1 above about 8.3.
// Package math differs in two places on amd64, where its assembly is wrong
// and these kernels are not: math.Exp returns +Inf for 709.44 < x ≤ 709.78,
// and math.Log of a subnormal is off by up to 35 (math.Log(5e-324) =
// −709.09 instead of −744.44); SetReference(true) reproduces both.
package vmath
