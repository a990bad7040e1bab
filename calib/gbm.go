package calib

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/dist"
)

// Parameter names of the GBM fit, the JSON names of dist.GBM's fields.
const (
	ParamDriftPerYear = "driftPerYear" // expected arithmetic return per year: E[X_t] = X_0·e^{μt}
	ParamVolPerYear   = "volPerYear"   // volatility of log returns per √year
)

// GBMFit is the maximum-likelihood fit of geometric Brownian motion to daily
// log returns.
type GBMFit struct {
	Fit
	// DriftPerYear is μ, the expected arithmetic return per year
	// (E[X_t] = X_0·e^{μt}), as in dist.GBM.
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is σ, the annualised volatility of log returns (> 0).
	VolPerYear float64 `json:"volPerYear"`
	// LogDriftPerYear is μ − σ²/2, the mean log return per year (the
	// median growth rate); it is what the sample mean estimates directly.
	LogDriftPerYear float64 `json:"logDriftPerYear"`
}

// FitGBM fits geometric Brownian motion dX = μX dt + σX dW to daily log
// returns (at least 2, finite, not all equal). Daily log returns of GBM are
// independent N((μ − σ²/2)·dt, σ²·dt) with dt = 1/DaysPerYear, so the
// maximum-likelihood estimates are closed-form: the sample mean m̂ and the
// 1/n sample variance ŝ² of the returns, and
//
//	σ̂ = ŝ/√dt,  μ̂ = m̂/dt + σ̂²/2.
//
// Standard errors come from the inverse Fisher information (m̂ and ŝ² are
// independent with variances s²/n and 2s⁴/n) by the delta method:
// Var μ̂ = σ²/(n·dt) + σ⁴/(2n), Var σ̂ = σ²/(2n), Cov(μ̂, σ̂) = σ³/(2n).
func FitGBM(returns []float64) (*GBMFit, error) {
	if err := checkReturns(returns, 2); err != nil {
		return nil, err
	}
	n := float64(len(returns))
	m, s := meanSD(returns)
	vol := s / math.Sqrt(dt)
	drift := m/dt + vol*vol/2

	cov := mat.NewSymDense(2, []float64{
		vol*vol/(n*dt) + math.Pow(vol, 4)/(2*n), math.Pow(vol, 3) / (2 * n),
		math.Pow(vol, 3) / (2 * n), vol * vol / (2 * n),
	})
	f := &GBMFit{
		Fit: Fit{
			Model:        ModelGBM,
			StdErrMethod: StdErrFisher,
			LogLik:       gbmLogLik(m, s, len(returns)),
			N:            len(returns),
			DaysPerYear:  DaysPerYear,
			Converged:    true,
		},
		DriftPerYear:    drift,
		VolPerYear:      vol,
		LogDriftPerYear: m / dt,
	}
	f.setParams([]string{ParamDriftPerYear, ParamVolPerYear}, []float64{drift, vol}, cov)
	f.setCriteria()
	return f, nil
}

// gbmLogLik is the maximised normal log-likelihood of n returns with ML
// standard deviation s: −n/2·(ln(2π s²) + 1).
func gbmLogLik(_ float64, s float64, n int) float64 {
	return -float64(n) / 2 * (math.Log(2*math.Pi*s*s) + 1)
}

// Process returns the fitted process as a dist.GBM, or the error of dist's
// validation.
func (f *GBMFit) Process() (dist.GBM, error) {
	return dist.NewGBM(f.DriftPerYear, f.VolPerYear)
}
