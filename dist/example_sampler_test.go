package dist_test

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// A PERT distribution for the build time of a data hall: at best 12 months,
// most likely 18, at worst 30. Its mean is (12 + 4·18 + 30)/6 = 19 months and
// its standard deviation √((19−12)(30−19)/7) = √11 ≈ 3.3 months; draws agree.
func ExamplePERT() {
	build, err := dist.NewPERT(12, 18, 30, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean %.1f months, sd %.1f months\n", build.Mean(), math.Sqrt(build.Variance()))

	const n = 100000
	r := dist.New(2026, 0)
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		x := build.Sample(r)
		sum += x
		sum2 += x * x
	}
	mean := sum / n
	fmt.Printf("%d draws: mean %.1f months, sd %.1f months\n", n, mean, math.Sqrt(sum2/n-mean*mean))

	_, err = dist.NewPERT(12, 36, 30, 0)
	fmt.Println(err)
	// Output:
	// mean 19.0 months, sd 3.3 months
	// 100000 draws: mean 19.0 months, sd 3.3 months
	// mode = 36: must be in [12, 30]
}

// A scenario file holds distributions as Specs; validate once when loading,
// then sample through the Sampler.
func ExampleSpec() {
	var overrun dist.Spec
	if err := json.Unmarshal([]byte(`{"kind": "lognormal", "median": 1.1, "dispersion": 0.2}`), &overrun); err != nil {
		fmt.Println(err)
		return
	}
	mean, err := overrun.Mean()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: mean %.4f = 1.1·e^(0.2²/2)\n", overrun, mean)

	var bad dist.Spec
	_ = json.Unmarshal([]byte(`{"kind": "triangular", "min": 0, "mode": 5, "max": 4, "sigma": 1}`), &bad)
	fmt.Println(bad.Validate())
	// Output:
	// lognormal(median=1.1, dispersion=0.2): mean 1.1222 = 1.1·e^(0.2²/2)
	// sigma = 1: must be unset for kind "triangular" (it takes min, mode, max)
	// mode = 5: must be in [0, 4]
}

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
