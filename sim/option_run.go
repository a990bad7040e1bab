package sim

import (
	"context"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// optionRun is the real-option part of a Run: the fits made before it and
// the observers recording when each option's blocks convert.
type optionRun struct {
	fits []*OptionFit
	obs  []*optionObserver
}

// prepareOptions fits the real options of sc that have no rule yet
// (FitOptions) and returns the scenario to run, with the observers that
// record their conversions added to cfg (whose defaults must be
// resolved). A scenario without real options is returned as it is.
func prepareOptions(ctx context.Context, sc *model.Scenario, cfg *Config) (*model.Scenario, *optionRun, error) {
	out, fits, err := FitOptions(ctx, sc, *cfg)
	if err != nil || len(fits) == 0 {
		return out, nil, err
	}
	for _, ob := range cfg.Observers {
		if f, ok := ob.(fittedPlanUser); ok {
			if err := f.useFitted(out); err != nil {
				return nil, nil, err
			}
		}
	}
	o := &optionRun{fits: fits}
	for _, f := range fits {
		ob := &optionObserver{rule: f.Rule, at: make([]int32, cfg.maxPaths()*f.Rule.Blocks())}
		o.obs = append(o.obs, ob)
		cfg.Observers = append(cfg.Observers[:len(cfg.Observers):len(cfg.Observers)], ob)
	}
	return out, o, nil
}

// fittedPlanUser is an Observer that steps copies of the strategies'
// runners (Drivers): made for the scenario before its real options were
// fitted, it is handed the fitted scenario before the run starts.
type fittedPlanUser interface {
	useFitted(sc *model.Scenario) error
}

// finish adds the options' summaries to res, the Result of the run over
// the scenario sc.
func (o *optionRun) finish(res *Result, sc *model.Scenario) {
	if o == nil || res == nil {
		return
	}
	for k, f := range o.fits {
		res.Options = append(res.Options, optionSummary(res, sc, f, o.obs[k]))
	}
}

// optionObserver records, for every path of a run, the decision date at
// which each block of a real option converts: it makes the option's
// decisions from the market states (site.ConversionDecisions), the same
// ones its runner's policy makes, one slot per path.
type optionObserver struct {
	rule *site.ConversionRule
	at   []int32 // [offset·blocks + b]: decision date, −1 never
}

// NewPathObserver implements Observer.
func (o *optionObserver) NewPathObserver() PathObserver {
	return &optionPathObserver{o: o, dec: o.rule.NewDecisions()}
}

// optionPathObserver watches one path at a time for an optionObserver.
type optionPathObserver struct {
	o   *optionObserver
	dec *site.ConversionDecisions
	off int
}

// Begin implements PathObserver.
func (p *optionPathObserver) Begin(info PathInfo, s *market.State, _ *PathPricer) error {
	p.off = info.Offset
	p.dec.Reset(s)
	return nil
}

// Step implements PathObserver.
func (p *optionPathObserver) Step(_ int, s *market.State, _ []site.CashFlow, _ *PathPricer) error {
	p.dec.Observe(s)
	return nil
}

// End implements PathObserver.
func (p *optionPathObserver) End(*PathPricer) error {
	n := p.o.rule.Blocks()
	for b := range n {
		p.o.at[p.off*n+b] = int32(p.dec.ConvertedAt(b))
	}
	return nil
}
