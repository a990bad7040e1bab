package calib

import (
	"errors"
	"fmt"
	"strings"
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
