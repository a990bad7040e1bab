package dist_test

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Correlated shocks for two market inputs with correlation 0.8. The factor L
// has rows (1, 0) and (0.8, √(1−0.8²)) = (0.8, 0.6); the draws show the
// correlation, and the mirrored stream negates every shock.
func ExampleNewCorrelated() {
	c, err := dist.NewCorrelated([][]float64{
		{1, 0.8},
		{0.8, 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range c.Factor() {
		fmt.Printf("L row: %.2f\n", row)
	}

	const n = 100000
	r := dist.New(7, 0)
	z := make([]float64, c.Dim())
	var sxy, sxx, syy float64
	for i := 0; i < n; i++ {
		c.Fill(z, r)
		sxy += z[0] * z[1]
		sxx += z[0] * z[0]
		syy += z[1] * z[1]
	}
	fmt.Printf("sample correlation %.2f\n", sxy/math.Sqrt(sxx*syy))

	plain, mirror := dist.New(7, 1), dist.New(7, 1)
	mirror.SetMirror(true)
	a, b := make([]float64, 2), make([]float64, 2)
	c.Fill(a, plain)
	c.Fill(b, mirror)
	fmt.Println("mirrored shocks are negated:", b[0] == -a[0] && b[1] == -a[1])

	_, err = dist.NewCorrelated([][]float64{{1, 0.9, -0.9}, {0.9, 1, 0.9}, {-0.9, 0.9, 1}})
	fmt.Println(err)
	// Output:
	// L row: [1.00 0.00]
	// L row: [0.80 0.60]
	// sample correlation 0.80
	// mirrored shocks are negated: true
	// corr is not positive semi-definite: smallest eigenvalue -0.8 (must be ≥ -3e-12); no set of random variables has these correlations
}
