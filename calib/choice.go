package calib

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Criterion selects an information criterion for model choice.
type Criterion int

const (
	// ByAIC ranks fits by Akaike's information criterion.
	ByAIC Criterion = iota
	// ByBIC ranks fits by the Bayesian (Schwarz) information criterion,
	// which charges ln N per parameter instead of 2 and so asks more of
	// jumps and regimes on long series.
	ByBIC
)

// String returns "AIC" or "BIC".
func (c Criterion) String() string {
	switch c {
	case ByAIC:
		return "AIC"
	case ByBIC:
		return "BIC"
	}
	return fmt.Sprintf("Criterion(%d)", int(c))
}

// Choice holds the price models fitted to the same daily log returns, so
// their log-likelihoods, AIC and BIC can be compared: do jumps or regimes
// earn their extra parameters? A model whose fit failed is nil and its error
// is in Errors.
type Choice struct {
	GBM    *GBMFit    `json:"gbm"`
	Merton *MertonFit `json:"merton,omitempty"`
	Regime *RegimeFit `json:"regime,omitempty"`
	// Errors lists, by model name, the fits that failed.
	Errors map[string]string `json:"errors,omitempty"`
}

// ComparePriceModels fits GBM, Merton's jump-diffusion and the two-regime
// GBM to the same daily log returns. It fails only when the returns
// themselves are unusable (fewer than 30, not finite, or all equal); a
// failure of the Merton or regime fit is recorded in Choice.Errors.
func ComparePriceModels(returns []float64) (*Choice, error) {
	if err := checkReturns(returns, max(mertonMinReturns, regimeMinReturn)); err != nil {
		return nil, err
	}
	g, err := FitGBM(returns)
	if err != nil {
		return nil, err
	}
	c := &Choice{GBM: g}
	if m, err := FitMerton(returns); err != nil {
		c.addErr(ModelMerton, err)
	} else {
		c.Merton = m
	}
	if r, err := FitRegimeGBM(returns); err != nil {
		c.addErr(ModelRegimeGBM, err)
	} else {
		c.Regime = r
	}
	return c, nil
}

func (c *Choice) addErr(model string, err error) {
	if c.Errors == nil {
		c.Errors = map[string]string{}
	}
	c.Errors[model] = err.Error()
}

// Fits returns the successful fits, in the order GBM, Merton, regime.
func (c *Choice) Fits() []*Fit {
	var out []*Fit
	if c.GBM != nil {
		out = append(out, &c.GBM.Fit)
	}
	if c.Merton != nil {
		out = append(out, &c.Merton.Fit)
	}
	if c.Regime != nil {
		out = append(out, &c.Regime.Fit)
	}
	return out
}

// Best returns the fit with the lowest value of the criterion (the first
// such in Fits order on a tie), or nil when there is none.
func (c *Choice) Best(by Criterion) *Fit {
	var best *Fit
	for _, f := range c.Fits() {
		if best == nil || score(f, by) < score(best, by) {
			best = f
		}
	}
	return best
}

func score(f *Fit, by Criterion) float64 {
	if by == ByBIC {
		return f.BIC
	}
	return f.AIC
}

// String formats the comparison as a table: one line per model with its
// parameter count, log-likelihood, AIC and BIC and their differences from
// the best, then each fit's parameters with standard errors.
func (c *Choice) String() string {
	var b strings.Builder
	fits := c.Fits()
	if len(fits) == 0 {
		return "no fits"
	}
	bestA, bestB := c.Best(ByAIC), c.Best(ByBIC)
	fmt.Fprintf(&b, "%-10s %2s %14s %14s %9s %14s %9s\n", "model", "k", "logLik", "AIC", "ΔAIC", "BIC", "ΔBIC")
	for _, f := range fits {
		fmt.Fprintf(&b, "%-10s %2d %14.2f %14.2f %9.2f %14.2f %9.2f\n",
			f.Model, f.K(), f.LogLik, f.AIC, f.AIC-bestA.AIC, f.BIC, f.BIC-bestB.BIC)
	}
	for _, f := range fits {
		fmt.Fprintf(&b, "%s (N = %d, standard errors: %s)\n", f.Model, f.N, f.StdErrMethod)
		for _, p := range f.Params {
			fmt.Fprintf(&b, "  %-30s %12.5g ± %.3g\n", p.Name, p.Value, p.StdErr)
		}
		for _, w := range f.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", w)
		}
	}
	for _, model := range slices.Sorted(maps.Keys(c.Errors)) {
		fmt.Fprintf(&b, "%s failed: %s\n", model, c.Errors[model])
	}
	return b.String()
}
