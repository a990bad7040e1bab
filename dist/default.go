package dist

import "math"

// DefaultClock times a jump to default under a hazard rate that may change
// every step (the canonical construction of reduced-form credit models:
// Lando, "On Cox processes and credit risky securities", Review of
// Derivatives Research 2, 1998). Reset draws a threshold E ~ Exp(1); default
// happens when the cumulative hazard ∫λ(s)ds first reaches E. With the hazard
// held constant within each step this is exact for any step size, so
// P(no default by T) = exp(−∫₀ᵀλ(s)ds), and the default time is exact too.
//
// The zero value has not drawn a threshold: call Reset at the start of each
// path. A DefaultClock holds per-path state; use one per path (or Reset it
// between paths), and pass it by pointer.
type DefaultClock struct {
	threshold  float64 // E ~ Exp(1)
	cumulative float64 // ∫λ so far, capped at threshold on default
	defaulted  bool
}

// Reset starts a new path: it draws the Exp(1) threshold from r (one
// uniform) and clears the cumulative hazard and the default flag.
func (c *DefaultClock) Reset(r *Rand) {
	c.threshold = r.Exp()
	c.cumulative = 0
	c.defaulted = false
}

// Step advances the clock by dt years under a hazard of hazardPerYear
// (defaults per year, constant within the step). It reports whether default
// happens within this step and, if so, frac in (0, 1], the fraction of the
// step elapsed at default (the default time is the step start plus frac·dt).
// After default it keeps returning (false, 0). It draws nothing.
//
// A negative or NaN hazard, or a dt that is not positive, is a programmer
// error; it is treated as 0 (no hazard accrues) rather than panicking. An
// infinite hazard defaults at the start of the step (frac is then the
// smallest positive float64).
func (c *DefaultClock) Step(hazardPerYear, dt float64) (defaulted bool, frac float64) {
	if c.defaulted || !(hazardPerYear > 0) || !(dt > 0) {
		return false, 0
	}
	inc := hazardPerYear * dt
	if c.cumulative+inc < c.threshold {
		c.cumulative += inc
		return false, 0
	}
	frac = (c.threshold - c.cumulative) / inc
	switch {
	case !(frac > 0):
		frac = math.SmallestNonzeroFloat64
	case frac > 1: // rounding when cumulative + inc lands on the threshold
		frac = 1
	}
	c.cumulative = c.threshold
	c.defaulted = true
	return true, frac
}

// Defaulted reports whether default has happened on this path.
func (c *DefaultClock) Defaulted() bool { return c.defaulted }

// CumulativeHazard returns ∫λ(s)ds accrued so far on this path; it stops
// growing at default (it then equals the threshold E).
func (c *DefaultClock) CumulativeHazard() float64 { return c.cumulative }

// SurvivalProb returns exp(−λ·dt), the probability of no default within dt
// years under a constant hazard of hazardPerYear defaults per year. A
// negative or NaN hazard or a dt that is not positive counts as 0 (the
// result is then 1), as in DefaultClock.Step.
func SurvivalProb(hazardPerYear, dt float64) float64 {
	if !(hazardPerYear > 0) || !(dt > 0) {
		return 1
	}
	return math.Exp(-hazardPerYear * dt)
}
