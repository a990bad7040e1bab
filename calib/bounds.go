package calib

import (
	"fmt"
	"math"
	"slices"
)

// This file holds what keeps the mixture fits (Merton, regimes) identified
// and finite: the bounds they impose, the flags of an estimate at a bound,
// and the errors for fits that have no finite maximum.

// AtBound returns the parameters of f that sit at a bound of the fit (see
// Param.AtBound), in Params order; none for a fit in the interior.
func (f *Fit) AtBound() []Param {
	var out []Param
	for _, p := range f.Params {
		if p.AtBound {
			out = append(out, p)
		}
	}
	return out
}

// markAtBound flags the named parameters as at a bound of the fit and
// clears their standard errors.
func (f *Fit) markAtBound(names ...string) {
	for i := range f.Params {
		for _, name := range names {
			if f.Params[i].Name == name {
				f.Params[i].AtBound = true
				f.Params[i].StdErr = math.NaN()
			}
		}
	}
}

// checkFinite returns an error naming the first of the fit's parameters,
// log-likelihood or information criteria that is not a finite number (JSON
// cannot carry it, and a scenario cannot use it).
func (f *Fit) checkFinite() error {
	for _, p := range f.Params {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			return fmt.Errorf("calib: %s fit: %s = %g is not a finite number: the likelihood has no finite maximum in these returns", f.Model, p.Name, p.Value)
		}
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"logLik", f.LogLik}, {"AIC", f.AIC}, {"BIC", f.BIC}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) {
			return fmt.Errorf("calib: %s fit: %s = %g is not a finite number: the likelihood has no finite maximum in these returns", f.Model, v.name, v.x)
		}
	}
	return nil
}

// MertonMinJumpSDRatio is R, the smallest standard deviation of a Merton
// log jump that FitMerton accepts, in daily diffusion standard deviations:
// jumpSDLog ≥ R·volPerYear·√dt, so that a day with a jump has at least
// √(1 + R²) ≈ 3.2 times the standard deviation of a day without. Narrower
// jumps are not identified by daily data: a jump nearly every day of a few
// diffusion standard deviations fits fat-tailed returns, or returns whose
// volatility varies, as well as a fat-tailed diffusion does. Threshold
// estimators draw the same kind of line (Mancini, Scand. J. Statistics 36,
// 2009; Lee and Mykland, Rev. Financial Studies 21, 2008), and bounding the
// ratio of a normal mixture's component variances is the usual way to make
// its likelihood well posed (Hathaway, Annals of Statistics 13, 1985, bounds
// it away from 0; this bounds it away from 1). R = 3, the three-sigma line,
// is this package's choice: below the scenario's default jumps
// (market.DefaultPriceModel: b = 0.10 at σ = 0.49, 3.9 daily standard
// deviations) and the jump sizes of docs/CALIBRATION.md §C ("Jump sizes,
// 2015+ window": sd 14 %; "Suggested price defaults": sd 10–15 %).
const MertonMinJumpSDRatio = 3.0

// atBoundRel is how close, relative to the bound, an estimate must come to
// a bound of its fit to count as at it (Param.AtBound). At a binding bound
// the optimiser settles far closer than that (the working parameter sits
// at a stationary point there); an interior optimum this close is, for
// every purpose, at the bound too.
const atBoundRel = 1e-4

// minSDRatio is the smallest daily standard deviation of a fitted
// component (Merton's diffusion, a regime), relative to the sample's,
// below which the fit is an error: the component has collapsed onto
// returns that are (nearly) all equal, where a normal mixture's likelihood
// grows without bound.
const minSDRatio = 1e-6

// flagBounds marks the parameters whose working parameter held flags as at
// their bounds, with a warning for each.
func (f *MertonFit) flagBounds(held []bool) {
	if held == nil {
		return
	}
	if held[2] {
		f.markAtBound(ParamJumpsPerYear)
		f.warn("%s at its bound of %g a year (one jump a day): the jumps are not distinguishable from diffusion in these data; "+
			"its standard error is not estimated, and the others' hold it at the bound", ParamJumpsPerYear, mertonMaxJumpsPerDay*DaysPerYear)
	}
	if held[4] {
		f.markAtBound(ParamJumpSDLog)
		f.warn("%s at its bound of %g daily diffusion standard deviations (%.3g): the data want jumps no wider than a day of diffusion, "+
			"a fatter-tailed diffusion rather than jumps (consider gbm); its standard error is not estimated, and the others' hold it at the bound",
			ParamJumpSDLog, MertonMinJumpSDRatio, f.JumpSDLog)
	}
}

// atBound reports which working parameters sit at a bound of the fit: the
// jump intensity at L (θ2) and the jump standard deviation at R daily
// diffusion standard deviations (θ4). Nil when none does.
func (q *mertonLik) atBound(theta []float64) []bool {
	_, _, l, _, _ := q.daily(theta)
	held := make([]bool, len(theta))
	held[2] = l >= (1-atBoundRel)*mertonMaxJumpsPerDay
	held[4] = theta[4]*theta[4] <= atBoundRel // ln(b/(R·σ√dt)) = θ4²
	if !held[2] && !held[4] {
		return nil
	}
	return held
}

// degenerate returns an error when the fit at θ is not a jump-diffusion:
// the diffusion collapsed (its daily standard deviation below minSDRatio
// of the sample's), or fewer than one jump is expected in the whole sample
// (λ·N·dt < 1), the boundary λ = 0 where the jump sizes are not identified
// and drift to any value.
func (q *mertonLik) degenerate(theta []float64) error {
	_, v, l, _, _ := q.daily(theta)
	if !(math.Sqrt(v) >= minSDRatio*q.scale) {
		return fmt.Errorf("calib: merton fit: %s = %.3g collapsed to zero: the returns outside the jumps have (almost) no variance, "+
			"where the likelihood grows without bound (a price that repeats on many days gives many returns of exactly 0)",
			ParamVolPerYear, math.Sqrt(v/dt))
	}
	if n := l * float64(len(q.r)); !(n >= 1) {
		return fmt.Errorf("calib: merton fit: no jumps in these returns: the likelihood is highest as %s → 0 "+
			"(%.2g jumps expected in all %d days), where the jump sizes are not identified; the model reduces to gbm",
			ParamJumpsPerYear, n, len(q.r))
	}
	return nil
}

// RegimeMinMeanDays is the shortest mean stay in a regime, in days, that
// FitRegimeGBM accepts: each switching rate is at most
// DaysPerYear/RegimeMinMeanDays = 18.25 a year (the mean stay in regime i
// is 1/q_i years). A chain that switches every day or two is a day-by-day
// mixture of two normals, fat-tailed independent returns rather than
// regimes, which a scale mixture fits as well. Twenty days, about a month,
// so that a regime outlasts the scenario's default monthly step, is this
// package's assumption, not a published value.
const RegimeMinMeanDays = 20.0

// regimeAtBound reports which working parameters sit at a bound of the
// fit: a switching rate at 1/RegimeMinMeanDays a day (θ4, θ5). Nil when
// none does.
func regimeAtBound(theta []float64) []bool {
	held := make([]bool, len(theta))
	held[4] = theta[4]*theta[4] <= atBoundRel // ln(A/(q·dt)) = θ²
	held[5] = theta[5]*theta[5] <= atBoundRel
	if !held[4] && !held[5] {
		return nil
	}
	return held
}

// flagBounds marks the switching rates that held flags as at their bound,
// with a warning.
func (f *RegimeFit) flagBounds(held []bool) {
	if held == nil {
		return
	}
	for i, name := range []string{ParamSwitch01, ParamSwitch10} {
		if !held[4+i] {
			continue
		}
		f.markAtBound(name)
		f.warn("%s at its bound of %g a year (a mean stay of %g days in regime %d): the data want faster switching than regimes allow, "+
			"a day-by-day mixture (fat tails or a varying volatility) rather than regimes; its standard error is not estimated, and the others' hold it at the bound",
			name, DaysPerYear/RegimeMinMeanDays, RegimeMinMeanDays, i)
	}
}

// degenerate returns an error when a regime collapsed at θ: its daily
// standard deviation below minSDRatio of the sample's.
func (q *regimeLik) degenerate(theta []float64) error {
	_, v, _, _ := q.unpack(theta)
	for j, name := range []string{ParamVol0, ParamVol1} {
		if !(math.Sqrt(v[j]) >= minSDRatio*q.scale) {
			return fmt.Errorf("calib: regime fit: %s = %.3g collapsed to zero: the returns of that regime have (almost) no variance, "+
				"where the likelihood grows without bound (a price that repeats on many days gives many returns of exactly 0)", name, math.Sqrt(v[j]/dt))
		}
	}
	return nil
}

// checkSpread returns an error when at least half of the returns are
// equal, so that their median absolute deviation, the robust spread the
// mixture fits start from, is zero: the price did not move on most days,
// a normal component (the parameter param of model's fit) can sit on those
// days with a variance that goes to zero, and the likelihood grows without
// bound.
func checkSpread(model, param string, r []float64) error {
	sorted := slices.Clone(r)
	slices.Sort(sorted)
	med := quantileSorted(sorted, 0.5)
	dev := make([]float64, len(r))
	for i, x := range r {
		dev[i] = math.Abs(x - med)
	}
	slices.Sort(dev)
	if quantileSorted(dev, 0.5) > 0 {
		return nil
	}
	equal := 0
	for _, x := range r {
		if x == med {
			equal++
		}
	}
	return fmt.Errorf("calib: %s fit: %s has no variance to fit: %d of the %d returns equal %g (the price did not move on most days), "+
		"so their robust spread (median absolute deviation) is zero, and the likelihood grows without bound as %s → 0",
		model, param, equal, len(r), med, param)
}
