package vmath

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelFingerprints are FNV-64a hashes of the bits each portable kernel
// returns on 100,000 fixed arguments (fingerprintArgs). Every multiply-add
// of the kernels is an explicit math.FMA, so these hold for every build:
// GOAMD64=v1 and v3, arm64, and with or without GOEXPERIMENT=simd. A
// change of the kernels' arithmetic changes them; update them only with
// the accuracy tests passing and a note of why the bits moved.
var kernelFingerprints = map[string]uint64{
	"Exp":     0x99520694dba738cf,
	"Log":     0x59969abab9eae7a7,
	"Expm1":   0xbd8141a66c8d262d,
	"Log1p":   0xb0c8cae3e1d69e85,
	"NormCDF": 0x63bea0e8ac82166c,
}

// fingerprintArgs returns the fixed arguments of the fingerprints.
func fingerprintArgs() []float64 {
	r := rand.New(rand.NewPCG(11, 12))
	x := make([]float64, 100_000)
	for i := range x {
		switch i % 4 {
		case 0:
			x[i] = math.Float64frombits(r.Uint64())
		case 1:
			x[i] = -800 + float64(1600*r.Float64()) // no fusing: the same x at v1 and v3
		case 2:
			x[i] = -40 + float64(50*r.Float64())
		default:
			x[i] = -1 + float64(3*r.Float64())
		}
	}
	return x
}

// TestKernelFingerprints checks the portable kernels' bits against the
// recorded fingerprints, and the slice forms' against the same.
func TestKernelFingerprints(t *testing.T) {
	x := fingerprintArgs()
	dst := make([]float64, len(x))
	hash := func(v []float64) uint64 {
		h := fnv.New64a()
		var b [8]byte
		for _, y := range v {
			u := math.Float64bits(y)
			if y != y {
				u = 0x7ff8000000000001 // every NaN alike
			}
			for i := range b {
				b[i] = byte(u >> (8 * i))
			}
			h.Write(b[:])
		}
		return h.Sum64()
	}
	for _, f := range benchFuncs {
		for i, v := range x {
			dst[i] = f.kernel(v)
		}
		got := hash(dst)
		f.slice(dst, x)
		if s := hash(dst); s != got {
			t.Errorf("%s: the slice form's fingerprint %#x differs from the scalar kernel's %#x", f.name, s, got)
		}
		if want := kernelFingerprints[f.name]; got != want {
			t.Errorf("%s: fingerprint %#x, recorded %#x", f.name, got, want)
		}
	}
}
