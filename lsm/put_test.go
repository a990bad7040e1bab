package lsm_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/lsm"
)

// putCase is an American put on a stock following geometric Brownian
// motion (no dividends), exercisable at datesPerYear equally spaced dates
// a year, the first one period after the start.
type putCase struct {
	spot, strike, rate, vol, years float64
	datesPerYear                   int
}

// dates returns the number of exercise dates.
func (c putCase) dates() int { return int(math.Round(c.years * float64(c.datesPerYear))) }

// samples simulates paths of the stock at the exercise dates with the
// streams of (seed, i), in antithetic pairs (path 2k+1 mirrors path 2k),
// with the exact GBM transition. The state is S/K (Longstaff and
// Schwartz's normalization); the exercise value is e^(−r·t)·max(K − S, 0).
func (c putCase) samples(seed uint64, paths int) *lsm.Samples {
	n := c.dates()
	dt := c.years / float64(n)
	drift := (c.rate - c.vol*c.vol/2) * dt
	diff := c.vol * math.Sqrt(dt)
	s := lsm.NewSamples(paths, n, 1, false)
	r := dist.New(0, 0)
	for i := range paths {
		r.Reset(seed, uint64(i&^1))
		r.SetMirror(i&1 == 1)
		x := c.spot
		for d := range n {
			x *= math.Exp(drift + diff*r.Norm())
			s.StateAt(d, i)[0] = x / c.strike
			s.Exercise[s.At(d, i)] = math.Exp(-c.rate*dt*float64(d+1)) * max(c.strike-x, 0)
		}
	}
	return s
}

// lsmConfig is the regression of Longstaff and Schwartz's Table 1: the
// constant and the first three weighted Laguerre polynomials of S/K, on
// the paths in the money.
var lsmConfig = lsm.Config{Basis: lsm.Laguerre{Vars: 1, Degree: 2}, KnownExercise: true, InMoneyOnly: true}

// value fits the rule on paths of seed calib and prices it on as many
// fresh paths of seed fresh: the estimate and its standard error (from
// antithetic pair means).
func (c putCase) value(t *testing.T, calib, fresh uint64, paths int) (mean, se float64) {
	t.Helper()
	ctx := context.Background()
	rule, _, err := lsm.Fit(ctx, c.samples(calib, paths), lsmConfig)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lsm.Price(ctx, c.samples(fresh, paths), rule)
	if err != nil {
		t.Fatal(err)
	}
	return lsm.MeanStdErr(p.Values, true)
}

// table1 is Table 1 of Longstaff and Schwartz (2001): puts with strike
// 40, rate 0.06, 50 exercise dates a year; for each spot, volatility and
// maturity the paper prints the finite-difference American value, the
// closed-form European value, and its simulated (LSM) value with its
// standard error (100,000 paths, half of them antithetic).
var table1 = []struct {
	spot, vol, years        float64
	fd, european, lsm, lsSE float64
}{
	{36, 0.20, 1, 4.478, 3.844, 4.472, 0.010},
	{36, 0.20, 2, 4.840, 3.763, 4.821, 0.012},
	{36, 0.40, 1, 7.101, 6.711, 7.091, 0.020},
	{36, 0.40, 2, 8.508, 7.700, 8.488, 0.024},
	{38, 0.20, 1, 3.250, 2.852, 3.244, 0.009},
	{38, 0.20, 2, 3.745, 2.991, 3.735, 0.011},
	{38, 0.40, 1, 6.148, 5.834, 6.139, 0.019},
	{38, 0.40, 2, 7.670, 6.979, 7.669, 0.022},
	{40, 0.20, 1, 2.314, 2.066, 2.313, 0.009},
	{40, 0.20, 2, 2.885, 2.356, 2.879, 0.010},
	{40, 0.40, 1, 5.312, 5.060, 5.308, 0.018},
	{40, 0.40, 2, 6.920, 6.326, 6.921, 0.022},
	{42, 0.20, 1, 1.617, 1.465, 1.617, 0.007},
	{42, 0.20, 2, 2.212, 1.841, 2.206, 0.010},
	{42, 0.40, 1, 4.582, 4.379, 4.588, 0.017},
	{42, 0.40, 2, 6.248, 5.736, 6.243, 0.021},
	{44, 0.20, 1, 1.110, 1.017, 1.118, 0.007},
	{44, 0.20, 2, 1.690, 1.429, 1.675, 0.009},
	{44, 0.40, 1, 3.948, 3.783, 3.957, 0.017},
	{44, 0.40, 2, 5.647, 5.202, 5.622, 0.021},
}

// crrPut values a put on a Cox–Ross–Rubinstein binomial tree of steps
// steps: exercisable at every step that is a multiple of every (1: an
// American put, steps/dates: a Bermudan put with dates equally spaced
// exercise dates, the last at maturity).
func crrPut(spot, strike, rate, vol, years float64, steps, every int) float64 {
	dt := years / float64(steps)
	u := math.Exp(vol * math.Sqrt(dt))
	d := 1 / u
	p := (math.Exp(rate*dt) - d) / (u - d)
	up, down := math.Exp(-rate*dt)*p, math.Exp(-rate*dt)*(1-p)
	// price[k+steps] is the stock price after k more up moves than down.
	price := make([]float64, 2*steps+1)
	for k := range price {
		price[k] = spot * math.Pow(u, float64(k-steps))
	}
	v := make([]float64, steps+1)
	for j := range v {
		v[j] = max(strike-price[2*j], 0)
	}
	for n := steps - 1; n >= 0; n-- {
		w := v[:n+2]
		for j := range n + 1 {
			x := up*w[j+1] + down*w[j]
			if x < 1e-250 {
				x = 0 // far out of the money: no subnormal numbers, which are slow
			}
			w[j] = x
		}
		if n > 0 && n%every == 0 {
			for j := range n + 1 {
				w[j] = max(w[j], strike-price[2*j-n+steps])
			}
		}
	}
	return v[0]
}

// TestAmericanPutTable1 checks the engine against Table 1 of Longstaff and
// Schwartz (2001): for each of its twenty puts, the rule fitted on 100,000
// paths (50,000 antithetic pairs, as in the paper) and priced on 100,000
// fresh paths of an independent seed must agree with the paper's simulated
// value within three combined standard errors, √(se² + se_paper²), and
// with the Bermudan put (the same 50 dates a year) on a 10,000-steps-a-year
// CRR tree within three of its own standard errors; and it must exceed the
// European value. Two guards check the transcription: the European column
// agrees with Black–Scholes to the paper's 0.001, and the finite-difference
// column with the Bermudan tree to 0.01 (it agrees with the 50-dates
// Bermudan value, not the American one, which is 0.004–0.009 higher).
func TestAmericanPutTable1(t *testing.T) {
	rows := table1[:table1Rows]
	if testing.Short() {
		rows = table1[:min(2, table1Rows)]
	}
	for k, row := range rows {
		name := fmt.Sprintf("S=%g,σ=%g,T=%g", row.spot, row.vol, row.years)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := putCase{spot: row.spot, strike: 40, rate: 0.06, vol: row.vol, years: row.years, datesPerYear: 50}
			steps := int(treeStepsPerYear * row.years)
			bermudan := crrPut(c.spot, c.strike, c.rate, c.vol, c.years, steps, steps/c.dates())
			european, err := dist.BlackScholesPut(c.spot, c.strike, c.rate, c.vol, c.years)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(european-row.european) > 0.0005+1e-12 {
				t.Errorf("Black–Scholes %.4f, the table's European %.3f: transcription?", european, row.european)
			}
			if math.Abs(bermudan-row.fd) > 0.01 {
				t.Errorf("Bermudan CRR %.4f, the table's finite difference %.3f: transcription?", bermudan, row.fd)
			}
			v, se := c.value(t, 1000+uint64(k), 2000+uint64(k), 100_000)
			t.Logf("LSM %.4f ± %.4f (paper %.3f ± %.3f), Bermudan CRR %.4f (paper FD %.3f), European %.4f",
				v, se, row.lsm, row.lsSE, bermudan, row.fd, european)
			if tol := 3 * math.Hypot(se, row.lsSE); math.Abs(v-row.lsm) > tol {
				t.Errorf("LSM %.4f ± %.4f, paper %.3f ± %.3f: differ by more than %.4f", v, se, row.lsm, row.lsSE, tol)
			}
			if math.Abs(v-bermudan) > 3*se {
				t.Errorf("LSM %.4f ± %.4f, Bermudan CRR %.4f: differ by more than three standard errors", v, se, bermudan)
			}
			if !(v > european) {
				t.Errorf("LSM %.4f below the European value %.4f", v, european)
			}
		})
	}
}

// TestEuropeanWhenOnlyAtMaturity: with one exercise date, at maturity,
// the option is European and the fit has nothing to decide: the estimate
// agrees with Black–Scholes within three standard errors.
func TestEuropeanWhenOnlyAtMaturity(t *testing.T) {
	for _, c := range []putCase{
		{spot: 36, strike: 40, rate: 0.06, vol: 0.2, years: 1, datesPerYear: 1},
		{spot: 44, strike: 40, rate: 0.06, vol: 0.4, years: 2, datesPerYear: 0},
	} {
		if c.datesPerYear == 0 {
			c.datesPerYear = 1
			c.years, c.datesPerYear = 2, 1
		}
		s := c.samples(7, 100_000)
		s.Dates, s.State, s.Exercise = 1, s.State[(c.dates()-1)*s.Paths:], s.Exercise[(c.dates()-1)*s.Paths:]
		rule, _, err := lsm.Fit(context.Background(), s, lsmConfig)
		if err != nil {
			t.Fatal(err)
		}
		p, err := lsm.Price(context.Background(), s, rule)
		if err != nil {
			t.Fatal(err)
		}
		v, se := lsm.MeanStdErr(p.Values, true)
		bs, err := dist.BlackScholesPut(c.spot, c.strike, c.rate, c.vol, c.years)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(v-bs) > 3*se {
			t.Errorf("S=%g σ=%g T=%g: exercise at maturity only %.4f ± %.4f, Black–Scholes %.4f", c.spot, c.vol, c.years, v, se, bs)
		}
	}
}
