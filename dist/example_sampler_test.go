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
