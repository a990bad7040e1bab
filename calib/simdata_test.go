package calib

import (
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// The simulators below draw daily log returns of the fitted models directly
// from *dist.Rand primitives, with the exact daily transitions.

// simGBM returns n daily log returns of GBM with arithmetic drift mu and
// volatility sigma per year: N((μ − σ²/2)dt, σ²dt).
func simGBM(rng *dist.Rand, n int, mu, sigma float64) []float64 {
	out := make([]float64, n)
	m := (mu - sigma*sigma/2) * dt
	s := sigma * math.Sqrt(dt)
	for i := range out {
		out[i] = m + s*rng.Norm()
	}
	return out
}

// simMerton returns n daily log returns of Merton's jump-diffusion with
// arithmetic drift mu (compensated: E[X_t] = X_0 e^{μt}), diffusion
// volatility sigma, lambda jumps per year of log size N(a, b²).
func simMerton(rng *dist.Rand, n int, mu, sigma, lambda, a, b float64) []float64 {
	out := make([]float64, n)
	kappa := math.Expm1(a + b*b/2)
	m := (mu - sigma*sigma/2 - lambda*kappa) * dt
	s := sigma * math.Sqrt(dt)
	for i := range out {
		x := m + s*rng.Norm()
		for k := rng.Poisson(lambda * dt); k > 0; k-- {
			x += a + b*rng.Norm()
		}
		out[i] = x
	}
	return out
}

// simRegime returns n daily log returns of the two-regime GBM with the
// given per-regime arithmetic drifts and volatilities and switching rates
// q01, q10 per year, started from the stationary distribution, and the
// regime of each return.
func simRegime(rng *dist.Rand, n int, mu, sigma [2]float64, q01, q10 float64) ([]float64, []int) {
	out := make([]float64, n)
	regimes := make([]int, n)
	p := twoStateTransition(q01, q10, dt)
	s := 0
	if rng.Uniform() < q01/(q01+q10) {
		s = 1
	}
	for i := range out {
		if i > 0 && rng.Uniform() < p[s][1-s] {
			s = 1 - s
		}
		regimes[i] = s
		out[i] = (mu[s]-sigma[s]*sigma[s]/2)*dt + sigma[s]*math.Sqrt(dt)*rng.Norm()
	}
	return out, regimes
}

// newRand returns the test stream for seed.
func newRand(seed uint64) *dist.Rand { return dist.New(seed, 0) }

// simStudentT returns n daily log returns that are independent Student-t
// with nu degrees of freedom, scaled to volatility sigma per year (a
// t variable has variance ν/(ν − 2)) around the GBM mean (μ − σ²/2)dt: fat
// tails, no jumps and no regimes. The t variable is Z/√(G/ν) with G a
// χ²_ν draw, 2·Gamma(ν/2).
func simStudentT(rng *dist.Rand, n int, mu, sigma, nu float64) []float64 {
	out := make([]float64, n)
	m := (mu - sigma*sigma/2) * dt
	s := sigma * math.Sqrt(dt) * math.Sqrt((nu-2)/nu)
	for i := range out {
		g := 2 * rng.Gamma(nu/2)
		out[i] = m + s*rng.Norm()/math.Sqrt(g/nu)
	}
	return out
}

// simMixture returns n daily log returns of the two-regime model whose
// regime is drawn afresh every day (regime 1 with probability p1): a
// day-by-day mixture of two normals, with no persistence at all.
func simMixture(rng *dist.Rand, n int, mu, sigma [2]float64, p1 float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		s := 0
		if rng.Uniform() < p1 {
			s = 1
		}
		out[i] = (mu[s]-sigma[s]*sigma[s]/2)*dt + sigma[s]*math.Sqrt(dt)*rng.Norm()
	}
	return out
}
