package dist_test

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
)

// A Merton jump-diffusion stepped monthly: the caller draws the diffusion
// shock (so it could correlate it with other processes), the process draws
// its jumps from the same stream, and the path is reproducible from
// (seed, path).
func ExampleMerton() {
	btc, err := dist.NewMerton(0.10, 0.55, 3, -0.08, 0.12) // per year
	if err != nil {
		fmt.Println(err)
		return
	}
	r := dist.New(2026, 0)
	x := 100.0
	for month := 1; month <= 4; month++ {
		x = btc.Step(x, 1.0/12, r.Norm(), r)
		fmt.Printf("month %d: %.2f\n", month, x)
	}
	fmt.Printf("E[X after 1 year] = %.2f\n", btc.Mean(100, 1))

	_, err = dist.NewMerton(0.10, -0.55, 3, -0.08, 0.12)
	fmt.Println(err)
	// Output:
	// month 1: 92.65
	// month 2: 86.06
	// month 3: 98.09
	// month 4: 128.23
	// E[X after 1 year] = 110.52
	// volPerYear = -0.55: must be ≥ 0 and finite
}

// A default clock under a hazard that changes every month: default happens
// when the cumulative hazard crosses an Exp(1) threshold drawn by Reset, and
// frac locates it inside the month.
func ExampleDefaultClock() {
	r := dist.New(7, 0)
	var tenant dist.DefaultClock
	tenant.Reset(r)
	const dt = 1.0 / 12
	for month := 0; month < 120; month++ {
		hazard := 0.10 + 0.05*float64(month/12) // defaults per year, rising every year
		if d, frac := tenant.Step(hazard, dt); d {
			fmt.Printf("default after %.3f years (month %d)\n", (float64(month)+frac)*dt, month+1)
			break
		}
	}
	fmt.Printf("defaulted: %v, cumulative hazard %.3f\n", tenant.Defaulted(), tenant.CumulativeHazard())
	fmt.Printf("one-year survival at 10%%/yr: %.4f\n", dist.SurvivalProb(0.10, 1))
	// Output:
	// default after 5.260 years (month 64)
	// defaulted: true, cumulative hazard 1.091
	// one-year survival at 10%/yr: 0.9048
}

// Black–Scholes prices of Hull's textbook example.
func ExampleBlackScholesCall() {
	call, _ := dist.BlackScholesCall(42, 40, 0.10, 0.20, 0.5)
	put, _ := dist.BlackScholesPut(42, 40, 0.10, 0.20, 0.5)
	fmt.Printf("call %.2f, put %.2f\n", call, put)
	// Output:
	// call 4.76, put 0.81
}
