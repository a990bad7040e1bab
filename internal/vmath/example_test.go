package vmath_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// ExampleNormCDFSlice evaluates Φ over a batch, as the engine does for a
// batch of paths; the scalar form gives the same bits.
func ExampleNormCDFSlice() {
	x := []float64{-38, -5, -1.96, 0, 1.96}
	p := make([]float64, len(x))
	vmath.NormCDFSlice(p, x)
	for i := range x {
		fmt.Printf("Φ(%g) = %.10g (scalar form equal: %v)\n", x[i], p[i], p[i] == vmath.NormCDF(x[i]))
	}
	// Output:
	// Φ(-38) = 2.885428351e-316 (scalar form equal: true)
	// Φ(-5) = 2.866515719e-07 (scalar form equal: true)
	// Φ(-1.96) = 0.02499789515 (scalar form equal: true)
	// Φ(0) = 0.5 (scalar form equal: true)
	// Φ(1.96) = 0.9750021049 (scalar form equal: true)
}

// ExampleExpSlice exponentiates log-returns in place.
func ExampleExpSlice() {
	r := []float64{-0.5, 0, 0.25, 709.78, -745.2}
	vmath.ExpSlice(r, r)
	fmt.Println(r)
	// Output:
	// [0.6065306597126334 1 1.2840254166877414 1.7928227943945155e+308 0]
}
