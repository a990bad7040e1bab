package calib

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
)

// TableParam is one parameter of a fit table entry: its value and standard
// error (NaN, null in JSON, for an input held fixed, a parameter the fit
// could not estimate, or one at a bound), and whether it sits at a bound of
// its fit (Param.AtBound).
type TableParam struct {
	Value   float64
	StdErr  float64
	AtBound bool
}

// tableParamJSON is TableParam's JSON form.
type tableParamJSON struct {
	Value   float64  `json:"value"`
	StdErr  *float64 `json:"stderr"`
	AtBound bool     `json:"atBound,omitempty"`
}

// MarshalJSON writes {"value": v, "stderr": se}, se null when NaN, with
// "atBound": true for a parameter at a bound.
func (p TableParam) MarshalJSON() ([]byte, error) {
	out := tableParamJSON{Value: p.Value, AtBound: p.AtBound}
	if !math.IsNaN(p.StdErr) {
		out.StdErr = &p.StdErr
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes; a null or absent stderr is
// NaN.
func (p *TableParam) UnmarshalJSON(data []byte) error {
	var in tableParamJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*p = TableParam{Value: in.Value, StdErr: math.NaN(), AtBound: in.AtBound}
	if in.StdErr != nil {
		p.StdErr = *in.StdErr
	}
	return nil
}

// TableEntry is one fitted model in the fit table.
type TableEntry struct {
	// Model is "gbm", "merton", "regime", "network" or "fees".
	Model string `json:"model"`
	// ScenarioPath is where the model's parameters go in a scenario's JSON:
	// "market.btcPrice", "market.network" or "market.fees".
	ScenarioPath string `json:"scenarioPath"`
	// InScenario is true for the models Scenario puts into the scenario.
	InScenario bool `json:"inScenario"`
	// Params maps each parameter's JSON name in the scenario (the field at
	// ScenarioPath) to its value and standard error; inputs held fixed
	// have a null standard error.
	Params map[string]TableParam `json:"params"`
	// AtBound names the parameters that sit at a bound of the fit (see
	// Param.AtBound), in the fit's order; empty for a fit in the interior.
	AtBound []string `json:"atBound,omitempty"`
	// LogLik, AIC and BIC are the fit's; only fits to the same data (the
	// price models) are comparable.
	LogLik float64 `json:"logLik"`
	AIC    float64 `json:"aic"`
	BIC    float64 `json:"bic"`
	// N is the number of observations fitted (daily returns, daily fee
	// changes, or network periods).
	N int `json:"n"`
	// StdErrMethod says how the standard errors were computed.
	StdErrMethod string `json:"stdErrMethod"`
	// Warnings are the fit's.
	Warnings []string `json:"warnings,omitempty"`
}

// Table returns the fit table: one entry per fitted model, the price models
// first (GBM, Merton, regime), then the network and the fees. choose marks
// the price model that Scenario would use.
func (c *Calibration) Table(choose PriceModelChoice) ([]TableEntry, error) {
	chosen, err := c.PriceFit(choose)
	if err != nil {
		return nil, err
	}
	var out []TableEntry
	add := func(f *Fit, path string, in bool) {
		e := TableEntry{
			Model: f.Model, ScenarioPath: path, InScenario: in,
			Params: make(map[string]TableParam, len(f.Params)+len(f.Fixed)),
			LogLik: f.LogLik, AIC: f.AIC, BIC: f.BIC, N: f.N,
			StdErrMethod: f.StdErrMethod, Warnings: f.Warnings,
		}
		for _, p := range append(slices.Clone(f.Params), f.Fixed...) {
			e.Params[p.Name] = TableParam{Value: p.Value, StdErr: p.StdErr, AtBound: p.AtBound}
			if p.AtBound {
				e.AtBound = append(e.AtBound, p.Name)
			}
		}
		out = append(out, e)
	}
	if c.Price != nil {
		for _, f := range c.Price.Fits() {
			add(f, "market.btcPrice", f == chosen)
		}
	}
	if c.Network != nil {
		add(&c.Network.Fit, "market.network", true)
	}
	if c.Fees != nil {
		add(&c.Fees.Fit, "market.fees", true)
	}
	return out, nil
}

// WriteTable prints the fit table for people: a summary line per model
// (observations, parameters, log-likelihood, AIC, BIC, the parameters at a
// bound; a * marks the models the scenario uses), the price model's choice
// (PriceNote), then each model's parameters ± standard errors, its inputs
// held fixed and its warnings, then the fits that failed.
func (c *Calibration) WriteTable(w io.Writer, choose PriceModelChoice) error {
	entries, err := c.Table(choose)
	if err != nil {
		return err
	}
	note, err := c.PriceNote(choose)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "window %s..%s (%d days)\n\n", dayString(c.From), dayString(c.To), int(c.To.Sub(c.From).Hours()/24)+1)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tin scenario\tN\tk\tlogLik\tAIC\tBIC\t  at bound")
	fits := c.fits()
	for i, e := range entries {
		mark := ""
		if e.InScenario {
			mark = "*"
		}
		// The names at a bound trail the right-aligned columns.
		trail := ""
		if len(e.AtBound) > 0 {
			trail = "  " + strings.Join(e.AtBound, ", ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%s\n", e.Model, mark, e.N, fits[i].K(), e.LogLik, e.AIC, e.BIC, trail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("(AIC and BIC compare only the price models, which share their data)\n")
	b.WriteString(note + "\n")
	for i, e := range entries {
		f := fits[i]
		fmt.Fprintf(&b, "\n%s → %s (N = %d, standard errors: %s)\n", e.Model, e.ScenarioPath, e.N, e.StdErrMethod)
		for _, p := range f.Params {
			fmt.Fprintf(&b, "  %s\n", paramLine(p))
		}
		for _, p := range f.Fixed {
			fmt.Fprintf(&b, "  %-30s %12.5g   (%s)\n", p.Name, p.Value, c.fixedNote(p.Name))
		}
		for _, wn := range f.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", wn)
		}
	}
	var failed []string
	if c.Price != nil {
		for _, m := range slices.Sorted(maps.Keys(c.Price.Errors)) {
			failed = append(failed, fmt.Sprintf("%s not fitted: %s", m, c.Price.Errors[m]))
		}
	}
	for _, m := range slices.Sorted(maps.Keys(c.Errors)) {
		failed = append(failed, fmt.Sprintf("%s not fitted (the scenario keeps its base parameters): %s", m, c.Errors[m]))
	}
	if len(failed) > 0 {
		b.WriteString("\n" + strings.Join(failed, "\n") + "\n")
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// fits returns the successful fits in Table order.
func (c *Calibration) fits() []*Fit {
	var out []*Fit
	if c.Price != nil {
		out = c.Price.Fits()
	}
	if c.Network != nil {
		out = append(out, &c.Network.Fit)
	}
	if c.Fees != nil {
		out = append(out, &c.Fees.Fit)
	}
	return out
}

// fixedNote says why a fixed input has no standard error.
func (c *Calibration) fixedNote(name string) string {
	if name == ParamPriceLag && c.Network != nil && len(c.Network.Profile) > 1 {
		lo, hi := c.Network.Profile[0].PriceLagYears, c.Network.Profile[len(c.Network.Profile)-1].PriceLagYears
		return fmt.Sprintf("profiled over %d values in [%g, %g]", len(c.Network.Profile), lo, hi)
	}
	return "given"
}
