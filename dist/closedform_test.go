package dist

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// TestBlackScholesPublished checks textbook values (Hull, "Options, Futures,
// and Other Derivatives"): the worked example S = 42, K = 40, r = 10%,
// σ = 20%, T = 0.5 (call 4.76, put 0.81), and the delta-hedging example
// S = 49, K = 50, r = 5%, σ = 20%, 20 weeks (call 2.40). The published
// values are rounded to cents, hence the half-cent tolerance.
func TestBlackScholesPublished(t *testing.T) {
	call, err := BlackScholesCall(42, 40, 0.1, 0.2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	put, err := BlackScholesPut(42, 40, 0.1, 0.2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	mctest.WithinAbs(t, "Hull call", call, 4.76, 0.005)
	mctest.WithinAbs(t, "Hull put", put, 0.81, 0.005)
	c2, err := BlackScholesCall(49, 50, 0.05, 0.2, 20.0/52)
	if err != nil {
		t.Fatal(err)
	}
	mctest.WithinAbs(t, "Hull delta-hedging call", c2, 2.40, 0.005)
}

// TestBlackScholesProperties checks put–call parity, the no-arbitrage bounds
// and the zero-volatility limit on a grid of inputs.
func TestBlackScholesProperties(t *testing.T) {
	for _, s := range []float64{20, 90, 100, 110, 400} {
		for _, vol := range []float64{0, 0.05, 0.3, 1.5} {
			for _, years := range []float64{1.0 / 365, 0.5, 5} {
				for _, rate := range []float64{-0.01, 0, 0.08} {
					const k = 100
					c, err := BlackScholesCall(s, k, rate, vol, years)
					if err != nil {
						t.Fatal(err)
					}
					p, err := BlackScholesPut(s, k, rate, vol, years)
					if err != nil {
						t.Fatal(err)
					}
					df := math.Exp(-rate * years)
					mctest.WithinAbs(t, "parity", c-p, s-k*df, 1e-10)
					if c < math.Max(s-k*df, 0)-1e-12 || c > s {
						t.Errorf("call %v outside [max(S − K·df, 0), S] for S=%v σ=%v T=%v", c, s, vol, years)
					}
				}
			}
		}
	}
	c, _ := BlackScholesCall(100, 90, 0.05, 0, 2)
	mctest.WithinRel(t, "zero-vol call", c, 100-90*math.Exp(-0.1), 1e-15)
	c, _ = BlackScholesCall(100, 90, 0.05, 1e-9, 2)
	mctest.WithinRel(t, "tiny-vol call", c, 100-90*math.Exp(-0.1), 1e-12)
}

// TestMertonClosedForm checks Merton's series against Black–Scholes in the
// limits where they coincide, put–call parity, and convergence of a
// jump-heavy case by comparing it with a sum taken twice as far.
func TestMertonClosedForm(t *testing.T) {
	for _, c := range []struct{ s, k, r, vol, years float64 }{
		{42, 40, 0.1, 0.2, 0.5}, {100, 100, 0.05, 0.3, 1}, {100, 150, 0.02, 0.6, 3}, {100, 60, 0, 0.1, 0.1},
	} {
		bs, err := BlackScholesCall(c.s, c.k, c.r, c.vol, c.years)
		if err != nil {
			t.Fatal(err)
		}
		noJumps, err := MertonCall(c.s, c.k, c.r, c.vol, 0, -0.1, 0.3, c.years)
		if err != nil {
			t.Fatal(err)
		}
		mctest.WithinRel(t, "Merton with λ = 0", noJumps, bs, 1e-12)
		zeroJumps, err := MertonCall(c.s, c.k, c.r, c.vol, 5, 0, 0, c.years)
		if err != nil {
			t.Fatal(err)
		}
		mctest.WithinRel(t, "Merton with zero-size jumps", zeroJumps, bs, 1e-12)
		for _, j := range []struct{ lambda, m, s float64 }{{1, -0.1, 0.3}, {0.2, 0.2, 0.05}, {30, -0.01, 0.02}} {
			call, err := MertonCall(c.s, c.k, c.r, c.vol, j.lambda, j.m, j.s, c.years)
			if err != nil {
				t.Fatal(err)
			}
			put, err := MertonPut(c.s, c.k, c.r, c.vol, j.lambda, j.m, j.s, c.years)
			if err != nil {
				t.Fatal(err)
			}
			mctest.WithinAbs(t, "Merton parity", call-put, c.s-c.k*math.Exp(-c.r*c.years), 1e-10)
			if call < math.Max(c.s-c.k*math.Exp(-c.r*c.years), 0)-1e-12 || call > c.s {
				t.Errorf("Merton call %v outside the no-arbitrage bounds", call)
			}
		}
	}
	// Jump risk raises the price of an out-of-the-money put above
	// Black–Scholes at the diffusion volatility alone.
	bsPut, _ := BlackScholesPut(100, 80, 0.05, 0.2, 1)
	mPut, _ := MertonPut(100, 80, 0.05, 0.2, 1, -0.1, 0.3, 1)
	if !(mPut > bsPut) {
		t.Errorf("Merton OTM put %v not above Black–Scholes %v", mPut, bsPut)
	}
}

// TestMertonCallByDirectSum compares the call series and the parity put
// with an independent evaluation: the expectation over the jump count N of
// the Black price given N (conditional forward and total variance), with
// Poisson weights of the original intensity computed by recursion.
func TestMertonCallByDirectSum(t *testing.T) {
	const s0, k, r, vol, lambda, m, sj, years = 100.0, 105.0, 0.04, 0.25, 2.0, -0.15, 0.2, 1.5
	kappa := math.Exp(m+0.5*sj*sj) - 1
	var want, wantPut float64
	w := math.Exp(-lambda * years) // P(N = 0) under the original intensity
	for n := 0; n < 200; n++ {
		// Given N = n the log price is normal; its forward is
		// S·exp((r − λκ)T + n·(m + s²/2)) and its total variance σ²T + n·s².
		fwd := s0 * math.Exp((r-lambda*kappa)*years+float64(n)*(m+0.5*sj*sj))
		sd := math.Sqrt(vol*vol*years + float64(n)*sj*sj)
		d1 := (math.Log(fwd/k) + 0.5*sd*sd) / sd
		want += w * math.Exp(-r*years) * (fwd*erfcNormCDF(d1) - k*erfcNormCDF(d1-sd))
		wantPut += w * math.Exp(-r*years) * (k*erfcNormCDF(sd-d1) - fwd*erfcNormCDF(-d1))
		w *= lambda * years / float64(n+1)
	}
	got, err := MertonCall(s0, k, r, vol, lambda, m, sj, years)
	if err != nil {
		t.Fatal(err)
	}
	mctest.WithinRel(t, "MertonCall", got, want, 1e-12)
	put, err := MertonPut(s0, k, r, vol, lambda, m, sj, years)
	if err != nil {
		t.Fatal(err)
	}
	mctest.WithinRel(t, "MertonPut", put, wantPut, 1e-12)
}

// erfcNormCDF is the standard normal distribution function via math.Erfc, an
// evaluation independent of gonum's.
func erfcNormCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
