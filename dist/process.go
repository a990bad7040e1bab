package dist

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// PriceProcess is a positive, price-like process with an optional discrete
// regime (always 0 for processes without regimes). GBM, Merton, Kou and
// RegimeGBM implement it.
//
// Conventions shared by every process of this package:
//   - Parameters are per year, and a step dt is in years. Any dt > 0 is
//     allowed: each process uses its exact transition, so one step of a year
//     and twelve steps of a month have the same distribution.
//   - Parameters are validated once, by the constructor (or Validate);
//     stepping never validates and never allocates. A dt that is not
//     positive is a programmer error: Step and Advance then return their
//     input unchanged and draw nothing (check a time grid once with
//     ValidateDt).
//   - The diffusion shock z, a standard normal, comes from the caller, so that
//     it can be correlated with other processes; anything else (jump counts,
//     jump sizes, regime switches) is drawn from the *Rand.
type PriceProcess interface {
	// Validate reports every invalid parameter, naming it with its JSON name,
	// its value and the allowed range.
	Validate() error
	// Advance returns the level and regime dt years after (x, regime), using
	// z as the diffusion shock and r for everything else.
	Advance(x float64, regime int, dt, z float64, r *Rand) (float64, int)
	// Regimes returns the number of regimes (1 for processes without regimes).
	Regimes() int
}

// Compile-time checks that the price processes implement PriceProcess.
var (
	_ PriceProcess = GBM{}
	_ PriceProcess = Merton{}
	_ PriceProcess = Kou{}
	_ PriceProcess = RegimeGBM{}
)

// ValidateDt returns an error unless dt, a time step in years, is positive
// and finite. Step methods do not check their dt (they run per sample); a
// caller validates its time grid once with ValidateDt.
func ValidateDt(dt float64) error {
	var c valid.Checker
	c.Positive("dt", dt)
	return c.Err()
}

// decayIntegral returns ∫₀ᵗ e^{−k·s} ds = (1 − e^{−k·t})/k, and t when k = 0,
// computed with expm1 so that it stays accurate for small k·t.
func decayIntegral(k, t float64) float64 {
	if k == 0 {
		return t
	}
	return -math.Expm1(-k*t) / k
}

// Bounds on log-jump parameters. They keep E[e^{2J}] (needed for the variance
// of a jump process) finite in float64: 2·50 + 2·5² = 150 < 709.
const (
	maxJumpMeanLog = 50
	maxJumpSDLog   = 5
)

// checkJumps validates the common compound-Poisson parameters of Merton and
// ExpOU: a jump intensity per year and normal log-jump sizes.
func checkJumps(c *valid.Checker, jumpsPerYear, jumpMeanLog, jumpSDLog float64) {
	c.NonNegative("jumpsPerYear", jumpsPerYear)
	c.Range("jumpMeanLog", jumpMeanLog, -maxJumpMeanLog, maxJumpMeanLog)
	c.Range("jumpSDLog", jumpSDLog, 0, maxJumpSDLog)
}
