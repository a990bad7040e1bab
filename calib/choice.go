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

// Best returns, among the fits with no parameter at a bound of its fit
// (Fit.AtBound), the one with the lowest value of the criterion (the first
// such in Fits order on a tie), or nil when there is none. A fit at a bound
// is passed over however low its criterion: its bound, not the data, sets
// a parameter, so the model does not describe these data as its
// parameters say (a Merton fit whose jumps are as narrow as the fit
// allows is a fat-tailed diffusion, not jumps). GBM has no bounds, so
// Best is nil only when GBM failed too. Lowest ranks without passing
// over, and Note says when the two differ.
func (c *Choice) Best(by Criterion) *Fit {
	return c.lowest(by, true)
}

// Lowest returns the fit with the lowest value of the criterion, at a
// bound or not (the first such in Fits order on a tie), or nil when there
// is none.
func (c *Choice) Lowest(by Criterion) *Fit {
	return c.lowest(by, false)
}

func (c *Choice) lowest(by Criterion, interior bool) *Fit {
	var best *Fit
	for _, f := range c.Fits() {
		if interior && len(f.AtBound()) > 0 {
			continue
		}
		if best == nil || score(f, by) < score(best, by) {
			best = f
		}
	}
	return best
}

// Note says in one line which model the criterion chooses and whether it,
// or a model with a lower criterion, sits at a bound of its fit; "" when
// there are no fits.
func (c *Choice) Note(by Criterion) string {
	best, low := c.Best(by), c.Lowest(by)
	switch {
	case low == nil:
		return ""
	case best == low:
		return fmt.Sprintf("%s chooses %s, the lowest %s, with no parameter at a bound", by, best.Model, by)
	case best == nil:
		return fmt.Sprintf("%s has no fit within its bounds: the lowest, %s, has %s at a bound", by, low.Model, boundNames(low))
	}
	return fmt.Sprintf("%s chooses %s: %s has a lower %s (by %.1f) but has %s at a bound of its fit, where the bound, not the data, sets it",
		by, best.Model, low.Model, by, score(best, by)-score(low, by), boundNames(low))
}

// boundNames lists the names of f's parameters at a bound, joined by
// commas.
func boundNames(f *Fit) string {
	var names []string
	for _, p := range f.AtBound() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

func score(f *Fit, by Criterion) float64 {
	if by == ByBIC {
		return f.BIC
	}
	return f.AIC
}

// String formats the comparison as a table: one line per model with its
// parameter count, log-likelihood, AIC and BIC and their differences from
// the lowest, and the parameters it has at a bound; then the choice of
// each criterion (Note); then each fit's parameters with standard errors.
func (c *Choice) String() string {
	var b strings.Builder
	fits := c.Fits()
	if len(fits) == 0 {
		return "no fits"
	}
	lowA, lowB := c.Lowest(ByAIC), c.Lowest(ByBIC)
	fmt.Fprintf(&b, "%-10s %2s %14s %14s %9s %14s %9s  %s\n", "model", "k", "logLik", "AIC", "ΔAIC", "BIC", "ΔBIC", "at bound")
	for _, f := range fits {
		fmt.Fprintf(&b, "%-10s %2d %14.2f %14.2f %9.2f %14.2f %9.2f  %s\n",
			f.Model, f.K(), f.LogLik, f.AIC, f.AIC-lowA.AIC, f.BIC, f.BIC-lowB.BIC, boundNames(f))
	}
	fmt.Fprintf(&b, "%s\n%s\n", c.Note(ByAIC), c.Note(ByBIC))
	for _, f := range fits {
		fmt.Fprintf(&b, "%s (N = %d, standard errors: %s)\n", f.Model, f.N, f.StdErrMethod)
		for _, p := range f.Params {
			fmt.Fprintf(&b, "  %s\n", paramLine(p))
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

// paramLine formats one parameter as "name  value ± stdErr", or, for a
// parameter at a bound, "name  value  (at its bound)".
func paramLine(p Param) string {
	if p.AtBound {
		return fmt.Sprintf("%-30s %12.5g   (at its bound)", p.Name, p.Value)
	}
	return fmt.Sprintf("%-30s %12.5g ± %.3g", p.Name, p.Value, p.StdErr)
}
