package calib

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// DaysPerYear is the day count of every annualised figure in this package:
// bitcoin trades on every calendar day, so a year is 365 daily returns. A
// daily log return has time step dt = 1/DaysPerYear years.
const DaysPerYear = 365

// dt is one day in years.
const dt = 1.0 / DaysPerYear

// Model names carried in Fit.Model: the scenario's names of the BTC price
// processes (market.PriceModel's "model" field).
const (
	ModelGBM       = "gbm"    // geometric Brownian motion (FitGBM)
	ModelMerton    = "merton" // Merton jump-diffusion (FitMerton)
	ModelRegimeGBM = "regime" // two-regime Markov-switching GBM (FitRegimeGBM)
)

// Standard-error methods carried in Fit.StdErrMethod.
const (
	// StdErrFisher: closed-form inverse Fisher information.
	StdErrFisher = "fisher"
	// StdErrHessian: inverse observed information, the numerical Hessian of
	// the negative log-likelihood at the optimum.
	StdErrHessian = "hessian"
	// StdErrOPG: inverse outer product of the per-observation scores (the
	// BHHH estimate), used when the Hessian is not positive definite.
	StdErrOPG = "opg"
	// StdErrNone: no standard errors (both information estimates were
	// singular); every StdErr is NaN and Warnings says why.
	StdErrNone = "none"
)

// Param is one fitted parameter. Name is the JSON name of the field of the
// scenario's process that the value plugs into (e.g. "volPerYear"); Value is
// the maximum-likelihood estimate in that field's unit and StdErr its
// asymptotic standard error in the same unit. StdErr is NaN only when the fit
// could not estimate it (the Fit's StdErrMethod is then "none", or its
// Warnings say why), for a parameter at a bound of its fit (AtBound), and
// for the inputs a fit holds fixed (Fit.Fixed); in JSON, that StdErr is
// null.
//
// AtBound is true when the estimate sits at a bound the fit imposes to keep
// the model identified (FitMerton's smallest jump size and largest jump
// intensity, FitRegimeGBM's shortest mean regime duration): the bound, not
// the data, sets the value, the model is a poor description of these data,
// and the other parameters' standard errors are conditional on the bound.
// The fit's Warnings say which bound and why.
type Param struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	StdErr  float64 `json:"stdErr"`
	AtBound bool    `json:"atBound,omitempty"`
}

// paramJSON is Param's JSON form: a missing standard error is null.
type paramJSON struct {
	Name    string   `json:"name"`
	Value   float64  `json:"value"`
	StdErr  *float64 `json:"stdErr"`
	AtBound bool     `json:"atBound,omitempty"`
}

// MarshalJSON writes p as {"name", "value", "stdErr"}, with stdErr null
// when it is NaN (JSON has no NaN), and "atBound": true when p is at a
// bound.
func (p Param) MarshalJSON() ([]byte, error) {
	out := paramJSON{Name: p.Name, Value: p.Value, AtBound: p.AtBound}
	if !math.IsNaN(p.StdErr) {
		out.StdErr = &p.StdErr
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes; a null or absent stdErr is
// NaN.
func (p *Param) UnmarshalJSON(data []byte) error {
	var in paramJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*p = Param{Name: in.Name, Value: in.Value, StdErr: math.NaN(), AtBound: in.AtBound}
	if in.StdErr != nil {
		p.StdErr = *in.StdErr
	}
	return nil
}

// Fit is what every maximum-likelihood fit of this package reports: the
// parameters in a fixed order, their covariance, and the information
// criteria that compare models fitted to the same data.
//
// AIC = 2k − 2·LogLik (Akaike 1974) and BIC = k·ln N − 2·LogLik (Schwarz
// 1978), with k = len(Params) free parameters and N observations; lower is
// better, and only fits to the same N observations are comparable.
type Fit struct {
	Model  string  `json:"model"`  // ModelGBM, ModelMerton or ModelRegimeGBM
	Params []Param `json:"params"` // estimates in the model's fixed order
	// Cov is the asymptotic covariance matrix of the estimates, in Params
	// order (Cov[i][i] = StdErr²), conditional on the bounds that
	// parameters sit at: the row and column of a parameter at a bound
	// (whose StdErr is NaN) carry only its dependence on the others, zero
	// when the bound fixes it outright. Nil when StdErrMethod is "none".
	Cov          [][]float64 `json:"cov,omitempty"`
	StdErrMethod string      `json:"stdErrMethod"` // one of the StdErr* constants
	LogLik       float64     `json:"logLik"`       // maximised log-likelihood of the daily log returns
	AIC          float64     `json:"aic"`
	BIC          float64     `json:"bic"`
	N            int         `json:"n"`           // number of daily log returns fitted
	DaysPerYear  float64     `json:"daysPerYear"` // annualisation day count (365)
	// Converged is false when the optimiser stopped before its gradient
	// test passed; Warnings then says how far off it was.
	Converged bool     `json:"converged"`
	Warnings  []string `json:"warnings,omitempty"`
	// Fixed lists the inputs of the model that the fit took as given or
	// profiled over a grid rather than estimated (the network fit's price
	// lag and power price), in the same form as Params with a NaN StdErr.
	// They are not counted in K.
	Fixed []Param `json:"fixed,omitempty"`
}

// K returns the number of free parameters of the fit.
func (f *Fit) K() int { return len(f.Params) }

// Param returns the parameter called name and whether the fit has one.
func (f *Fit) Param(name string) (Param, bool) {
	for _, p := range f.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// setCriteria fills AIC and BIC from LogLik, N and the parameter count.
func (f *Fit) setCriteria() { f.setCriteriaExtra(0) }

// setCriteriaExtra fills AIC and BIC charging extra parameters beyond
// Params (a parameter profiled over a grid).
func (f *Fit) setCriteriaExtra(extra int) {
	k := float64(len(f.Params) + extra)
	f.AIC = 2*k - 2*f.LogLik
	f.BIC = k*math.Log(float64(f.N)) - 2*f.LogLik
}

// setParams stores the estimates and, when cov is non-nil, their covariance
// and standard errors; a nil cov leaves every StdErr NaN.
func (f *Fit) setParams(names []string, values []float64, cov *mat.SymDense) {
	f.Params = make([]Param, len(names))
	for i, name := range names {
		f.Params[i] = Param{Name: name, Value: values[i], StdErr: math.NaN()}
	}
	if cov == nil {
		f.Cov = nil
		return
	}
	f.Cov = make([][]float64, len(names))
	for i := range names {
		f.Cov[i] = make([]float64, len(names))
		for j := range names {
			f.Cov[i][j] = cov.At(i, j)
		}
		f.Params[i].StdErr = math.Sqrt(math.Max(cov.At(i, i), 0))
	}
}

func (f *Fit) warn(format string, args ...any) {
	f.Warnings = append(f.Warnings, fmt.Sprintf(format, args...))
}

// checkReturns validates the daily log returns a fit is given.
func checkReturns(r []float64, minN int) error {
	if len(r) < minN {
		return fmt.Errorf("calib: need at least %d daily log returns, have %d", minN, len(r))
	}
	for i, x := range r {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			var c valid.Checker // one is enough to name the problem
			c.Finite(fmt.Sprintf("returns[%d]", i), x)
			return c.Err()
		}
	}
	if _, sd := meanSD(r); !(sd > 0) {
		return errors.New("calib: the returns have zero variance; no model can be fitted")
	}
	return nil
}

// meanSD returns the mean and the maximum-likelihood (1/n) standard
// deviation of x.
func meanSD(x []float64) (mean, sd float64) {
	n := float64(len(x))
	mean = floats.Sum(x) / n
	var ss float64
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / n)
}
