package lsm

import (
	"fmt"
	"math"
)

// Scaling is how the state is scaled before the basis reads it.
type Scaling int

const (
	// ScaleNone gives the basis the state as it is (the put of Longstaff
	// and Schwartz reads S/K, scaled by the caller).
	ScaleNone Scaling = iota
	// ScaleStandard gives the basis z_c = (x_c − m_c)/s_c, with m_c and s_c
	// the mean and standard deviation of coordinate c over the paths
	// regressed at that date (kept in the Rule, so fresh paths are scaled
	// the same way). A coordinate that does not vary at a date (s_c ≤
	// 10⁻¹²·max(|m_c|, 10⁻³⁰⁰)), such as every coordinate at a start date
	// all paths share, is read as 0 there.
	ScaleStandard
)

// String names the scaling.
func (s Scaling) String() string {
	switch s {
	case ScaleNone:
		return "none"
	case ScaleStandard:
		return "standardized per date"
	}
	return fmt.Sprintf("Scaling(%d)", int(s))
}

// DefaultRCond is the relative cut-off below which a singular value of a
// date's design matrix counts as zero (Config.RCond): columns that are
// linear combinations of others to about ten digits (a 0/1 coordinate's
// square, a coordinate constant at a date) are dropped from the fit.
const DefaultRCond = 1e-10

// MaxUnits is the most exercise rights a Config may hold.
const MaxUnits = 120

// Config is how Fit regresses: the basis, the scaling of the state, the
// number of exercise rights and how many may be used at one date, whether
// the exercise value is known when deciding, and which paths enter the
// regression.
type Config struct {
	// Basis is the family of functions of the (scaled) state; its Dim
	// must equal Samples.Dim.
	Basis Basis
	// Scaling scales the state before the basis reads it.
	Scaling Scaling
	// Units is the number of exercise rights, in [0, MaxUnits]; 0 means 1
	// (an American or Bermudan option). With more, the problem is a
	// multiple-exercise (swing) option: each unit exercised at date d gets
	// Exercise[d], each unit held gets Hold[d].
	Units int
	// MaxPerDate is the most units exercised at one date, in [0, Units];
	// 0 means no limit.
	MaxPerDate int
	// KnownExercise says the exercise value is known at the decision (the
	// payoff of an option): decisions compare it with the fitted
	// continuation value, as Longstaff and Schwartz do. Otherwise (the
	// value of a project started then, which depends on the future) it is
	// regressed on the state too, and decisions compare the fitted values.
	KnownExercise bool
	// InMoneyOnly regresses at each date on the paths whose exercise
	// value is > 0 only, and never exercises elsewhere (Longstaff and
	// Schwartz, §1); it requires KnownExercise.
	InMoneyOnly bool
	// RCond is the relative singular-value cut-off of the least squares,
	// in [0, 0.1]; 0 means DefaultRCond.
	RCond float64
}

// units returns the number of units (Units, 1 for 0).
func (c Config) units() int { return max(c.Units, 1) }

// maxPerDate returns the most units exercised at one date.
func (c Config) maxPerDate() int {
	if c.MaxPerDate == 0 {
		return c.units()
	}
	return c.MaxPerDate
}

// rcond returns the singular-value cut-off.
func (c Config) rcond() float64 {
	if c.RCond == 0 {
		return DefaultRCond
	}
	return c.RCond
}

// Validate reports every invalid field of c for samples of dimension dim.
func (c Config) Validate(dim int) error {
	var errs []error
	if err := validateBasis(c.Basis); err != nil {
		errs = append(errs, err)
	} else if c.Basis.Dim() != dim {
		errs = append(errs, fmt.Errorf("basis %s reads %d coordinates: must be the samples' dim = %d", c.Basis, c.Basis.Dim(), dim))
	}
	if c.Scaling != ScaleNone && c.Scaling != ScaleStandard {
		errs = append(errs, fmt.Errorf("scaling = %d: must be ScaleNone or ScaleStandard", int(c.Scaling)))
	}
	if c.Units < 0 || c.Units > MaxUnits {
		errs = append(errs, fmt.Errorf("units = %d: must be in [0, %d]", c.Units, MaxUnits))
	} else if c.MaxPerDate < 0 || c.MaxPerDate > c.units() {
		errs = append(errs, fmt.Errorf("maxPerDate = %d: must be in [0, units = %d]", c.MaxPerDate, c.units()))
	}
	if c.InMoneyOnly && !c.KnownExercise {
		errs = append(errs, fmt.Errorf("inMoneyOnly = true: requires knownExercise (the money is the known exercise value)"))
	}
	if !(c.RCond >= 0 && c.RCond <= 0.1) || math.IsNaN(c.RCond) {
		errs = append(errs, fmt.Errorf("rcond = %g: must be in [0, 0.1]", c.RCond))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("lsm: config: %w", joinErrs(errs))
}

// joinErrs joins errors with "; ".
func joinErrs(errs []error) error {
	msg := errs[0].Error()
	for _, e := range errs[1:] {
		msg += "; " + e.Error()
	}
	return fmt.Errorf("%s", msg)
}
