package dist

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// maxMertonJumps bounds the expected number of jumps λ(1+k)·T that the
// Merton series accepts; beyond it the series would need millions of terms.
const maxMertonJumps = 1e5

// BlackScholesCall returns the Black–Scholes price of a European call (Black
// and Scholes, "The pricing of options and corporate liabilities", Journal of
// Political Economy 81, 1973; Merton, Bell Journal of Economics 4, 1973):
//
//	C = S·Φ(d₁) − K·e^{−rT}·Φ(d₂),  d₁ = (ln(S/K) + (r + σ²/2)T)/(σ√T),  d₂ = d₁ − σ√T,
//
// for spot S > 0, strike K > 0 (same currency), a continuously compounded
// rate ratePerYear (finite), volatility volPerYear ≥ 0 and years > 0 to
// expiry. With zero volatility it is the discounted intrinsic value
// max(S − K·e^{−rT}, 0). Invalid inputs return an error naming each one.
func BlackScholesCall(spot, strike, ratePerYear, volPerYear, years float64) (float64, error) {
	if err := checkOption(spot, strike, ratePerYear, volPerYear, years); err != nil {
		return 0, err
	}
	return bsCall(spot, strike, ratePerYear, volPerYear, years), nil
}

// BlackScholesPut returns the Black–Scholes price of a European put,
// K·e^{−rT}·Φ(−d₂) − S·Φ(−d₁), with the inputs of BlackScholesCall.
func BlackScholesPut(spot, strike, ratePerYear, volPerYear, years float64) (float64, error) {
	if err := checkOption(spot, strike, ratePerYear, volPerYear, years); err != nil {
		return 0, err
	}
	return bsPut(spot, strike, ratePerYear, volPerYear, years), nil
}

// MertonCall returns the price of a European call under Merton's
// jump-diffusion (Merton, "Option pricing when underlying stock returns are
// discontinuous", Journal of Financial Economics 3, 1976, eq. 16): the
// Poisson-weighted series of Black–Scholes prices
//
//	C = Σₙ e^{−λ'T}(λ'T)ⁿ/n! · BS(S, K, rₙ, σₙ, T),
//	λ' = λ(1+k),  σₙ² = σ² + n·s²/T,  rₙ = r − λk + n·ln(1+k)/T,  k = e^{m+s²/2} − 1,
//
// with jumpsPerYear λ ≥ 0, log jumps N(jumpMeanLog m, jumpSDLog² s²) (m in
// [−50, 50], s in [0, 5]) and the inputs of BlackScholesCall. This is the
// risk-neutral price when the stock follows Merton with DriftPerYear equal to
// the rate. Terms are summed past the Poisson mean until a term's weight
// falls below 1e-17 (each Black–Scholes call is at most S, so the neglected
// tail is below about 1e-14·S), with a cap 50 standard deviations into the
// Poisson tail; λ(1+k)·T must be at most 1e5. With λ = 0 it returns the
// Black–Scholes price exactly.
func MertonCall(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years float64) (float64, error) {
	if err := checkMerton(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years); err != nil {
		return 0, err
	}
	return mertonCall(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years), nil
}

// MertonPut returns the European put price under Merton's jump-diffusion by
// put–call parity, P = C − S + K·e^{−rT} (which holds because the discounted
// stock is a martingale), with the inputs of MertonCall.
func MertonPut(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years float64) (float64, error) {
	if err := checkMerton(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years); err != nil {
		return 0, err
	}
	c := mertonCall(spot, strike, ratePerYear, volPerYear, jumpsPerYear, jumpMeanLog, jumpSDLog, years)
	return math.Max(c-spot+strike*math.Exp(-ratePerYear*years), 0), nil
}

func checkOption(spot, strike, rate, vol, years float64) error {
	var c valid.Checker
	optionFields(&c, spot, strike, rate, vol, years)
	return c.Err()
}

func optionFields(c *valid.Checker, spot, strike, rate, vol, years float64) {
	c.Positive("spot", spot)
	c.Positive("strike", strike)
	c.Finite("ratePerYear", rate)
	c.NonNegative("volPerYear", vol)
	c.Positive("years", years)
}

func checkMerton(spot, strike, rate, vol, lambda, m, s, years float64) error {
	var c valid.Checker
	optionFields(&c, spot, strike, rate, vol, years)
	checkJumps(&c, lambda, m, s)
	if err := c.Err(); err != nil {
		return err
	}
	if n := lambda * math.Exp(m+0.5*s*s) * years; n > maxMertonJumps {
		c.Add("jumpsPerYear·(1+k)·years", n, "≤ 1e+05 expected jumps for the series")
	}
	return c.Err()
}

// bsCall prices a call for validated inputs.
func bsCall(s, k, r, vol, t float64) float64 {
	df := math.Exp(-r * t)
	sd := vol * math.Sqrt(t)
	if sd == 0 {
		return math.Max(s-k*df, 0)
	}
	d1 := (math.Log(s/k)+r*t)/sd + 0.5*sd
	d2 := d1 - sd
	return math.Max(s*distuv.UnitNormal.CDF(d1)-k*df*distuv.UnitNormal.CDF(d2), 0)
}

// bsPut prices a put for validated inputs.
func bsPut(s, k, r, vol, t float64) float64 {
	df := math.Exp(-r * t)
	sd := vol * math.Sqrt(t)
	if sd == 0 {
		return math.Max(k*df-s, 0)
	}
	d1 := (math.Log(s/k)+r*t)/sd + 0.5*sd
	d2 := d1 - sd
	return math.Max(k*df*distuv.UnitNormal.CDF(-d2)-s*distuv.UnitNormal.CDF(-d1), 0)
}

// mertonCall sums Merton's series for validated inputs.
func mertonCall(s, k, r, vol, lambda, m, sj, t float64) float64 {
	if lambda == 0 {
		return bsCall(s, k, r, vol, t)
	}
	logOnePlusK := m + 0.5*sj*sj // ln(1 + k)
	kk := math.Expm1(logOnePlusK)
	mean := lambda * (1 + kk) * t // λ'T
	logMean := math.Log(mean)
	nMax := int(mean + 50*math.Sqrt(mean) + 100)
	var sum float64
	for n := 0; n <= nMax; n++ {
		fn := float64(n)
		lg, _ := math.Lgamma(fn + 1)
		w := math.Exp(-mean + fn*logMean - lg)
		volN := math.Sqrt(vol*vol + fn*sj*sj/t)
		rN := r - lambda*kk + fn*logOnePlusK/t
		if w > 0 { // far below the mode the weight underflows
			sum += w * bsCall(s, k, rN, volN, t)
		}
		if fn > mean && w < 1e-17 {
			break
		}
	}
	return sum
}
