package calib

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// PriceModelChoice selects the BTC price model that Calibration.Scenario
// puts into the scenario.
type PriceModelChoice string

// The price model choices.
const (
	// ChooseBest takes the fit with the lowest BIC among those with no
	// parameter at a bound of its fit (Choice.Best; the empty choice means
	// the same).
	ChooseBest PriceModelChoice = "best"
	// ChooseGBM takes the GBM fit.
	ChooseGBM PriceModelChoice = ModelGBM
	// ChooseMerton takes the Merton jump-diffusion fit.
	ChooseMerton PriceModelChoice = ModelMerton
	// ChooseRegime takes the two-regime GBM fit.
	ChooseRegime PriceModelChoice = ModelRegimeGBM
)

// ParsePriceModelChoice reads "best", "gbm", "merton" or "regime" (case
// does not matter; the empty string is "best").
func ParsePriceModelChoice(s string) (PriceModelChoice, error) {
	switch c := PriceModelChoice(strings.ToLower(strings.TrimSpace(s))); c {
	case "", ChooseBest:
		return ChooseBest, nil
	case ChooseGBM, ChooseMerton, ChooseRegime:
		return c, nil
	}
	return "", fmt.Errorf("calib: price model %q: want best, gbm, merton or regime", s)
}

// Options are the choices Calibrate leaves to the user; the zero value
// selects the defaults.
type Options struct {
	// Network configures FitNetwork.
	Network NetworkOptions `json:"network"`
}

// Calibration holds every fit of one window of history: the BTC price
// models (compared by AIC and BIC), the network hashrate and the fees per
// block. A fit that failed is nil and its error is in Errors (the price
// models' own failures are in Price.Errors).
type Calibration struct {
	// From and To are the first and last day of the window.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Price compares GBM, Merton and the regime model on the window's daily
	// log returns.
	Price *Choice `json:"price"`
	// Network is the hashrate error-correction fit (FitNetwork).
	Network *NetworkFit `json:"network,omitempty"`
	// Fees is the fee process fit (FitFees).
	Fees *FeeFit `json:"fees,omitempty"`
	// Errors lists, under "network" and "fees", the fits that failed.
	Errors map[string]string `json:"errors,omitempty"`
}

// Calibrate fits every process of the scenario's market that history can
// inform to the days of h from from to to (both included; a zero time means
// h's first or last day): the three price models (ComparePriceModels), the
// network (FitNetwork, which also reads h's prices before from to warm up
// the price smoothing) and the fees (FitFees). It fails when the window
// has no usable prices (fewer than 30 consecutive priced days, or a gap)
// or opts is invalid; a network or fee fit that fails (a plain date,price
// file has no hashrate or fees) is recorded in Errors and left nil.
func Calibrate(h *History, from, to time.Time, opts *Options) (*Calibration, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	check := o.Network
	if err := check.normalise(); err != nil {
		return nil, err
	}
	if h == nil || h.Len() == 0 {
		return nil, errors.New("calib: empty history")
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	i0, i1, err := h.windowIndex(from, to)
	if err != nil {
		return nil, fmt.Errorf("calib: %w", err)
	}
	w, err := h.Window(h.Dates[i0], h.Dates[i1])
	if err != nil {
		return nil, err
	}
	r, err := w.LogReturns()
	if err != nil {
		return nil, err
	}
	price, err := ComparePriceModels(r)
	if err != nil {
		return nil, err
	}
	c := &Calibration{From: h.Dates[i0], To: h.Dates[i1], Price: price}
	if c.Network, err = FitNetwork(h, c.From, c.To, &o.Network); err != nil {
		c.Network = nil
		c.addErr(ModelNetwork, err)
	}
	if c.Fees, err = FitFees(h, c.From, c.To); err != nil {
		c.Fees = nil
		c.addErr(ModelFees, err)
	}
	return c, nil
}

func (c *Calibration) addErr(model string, err error) {
	if c.Errors == nil {
		c.Errors = map[string]string{}
	}
	c.Errors[model] = err.Error()
}

// PriceFit returns the price fit that choose selects, or an error when that
// fit failed or the choice is unknown.
func (c *Calibration) PriceFit(choose PriceModelChoice) (*Fit, error) {
	if c.Price == nil {
		return nil, errors.New("calib: no price fits")
	}
	var f *Fit
	switch choose {
	case "", ChooseBest:
		f = c.Price.Best(ByBIC)
	case ChooseGBM:
		if c.Price.GBM != nil {
			f = &c.Price.GBM.Fit
		}
	case ChooseMerton:
		if c.Price.Merton != nil {
			f = &c.Price.Merton.Fit
		}
	case ChooseRegime:
		if c.Price.Regime != nil {
			f = &c.Price.Regime.Fit
		}
	default:
		return nil, fmt.Errorf("calib: price model %q: want best, gbm, merton or regime", string(choose))
	}
	if f == nil {
		msg := "no fit"
		if e, ok := c.Price.Errors[string(choose)]; ok {
			msg = e
		}
		return nil, fmt.Errorf("calib: price model %s is not available: %s", choose, msg)
	}
	return f, nil
}

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

// PriceNote says in one line which price model choose selects and, when
// it or a model with a lower BIC sits at a bound of its fit, which
// parameters and what that means; see Choice.Note.
func (c *Calibration) PriceNote(choose PriceModelChoice) (string, error) {
	f, err := c.PriceFit(choose)
	if err != nil {
		return "", err
	}
	if choose == "" || choose == ChooseBest {
		return "price model: " + c.Price.Note(ByBIC), nil
	}
	if len(f.AtBound()) == 0 {
		return fmt.Sprintf("price model: %s, as chosen, with no parameter at a bound", f.Model), nil
	}
	return fmt.Sprintf("price model: %s, as chosen, has %s at a bound of its fit: the bound, not the data, sets it (see its warnings)",
		f.Model, boundNames(f)), nil
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
