package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// DriverSpec says which market dates a Drivers observer records.
type DriverSpec struct {
	// AtMonths are the months since the start at which the BTC price and
	// the hashprice are recorded, each in (0, horizon]; each is taken at
	// the end of the step holding it. Empty means 12, 36 and 60, those
	// within the horizon (and the horizon if none is).
	AtMonths []float64
}

// Driver describes one per-path driver a Drivers observer records.
type Driver struct {
	// Name names the driver ("BTC price at month 12", "full AI colocation:
	// build months").
	Name string `json:"name"`
	// Unit is its unit ("USD", "months", "× nominal", "share of months").
	Unit string `json:"unit"`
	// Strategy is the index of the strategy the driver belongs to, −1 for
	// a market driver.
	Strategy int `json:"strategy"`
}

// Drivers is an Observer that records, on every path, a few quantities
// that drive the strategies' NPVs, for rank correlations with the NPV and
// for tail analyses:
//
//   - the market: the BTC price and the hashprice at the months of
//     DriverSpec.AtMonths, the share of months the GPU market spends in
//     glut (market.GPUGlut) and the mean power price;
//   - each built-in strategy that converts (a site.PivotRunner with
//     converting parcels): the build months and the capex overrun drawn
//     for its conversion (the mean over its converting parcels, whether
//     or not a conversion starts: the path's draws), the month of its
//     first tenant default (the horizon if none), and for colocation the
//     months its converted space stands vacant after a default (the mean
//     over parcels).
//
// The strategy drivers are read from copies of the strategies' runners
// that the observer steps alongside the run's, on the same market states
// and with streams seeded as model.Simulator seeds them from the run's
// seed (which NewDrivers takes); after every step the copy's books are
// checked against the run's, and a mismatch (another seed, a strategy
// that is not a function of its stream and the market) stops the run with
// an error. Stepping the copies costs about the strategies' share of a
// run's time again. Drivers keeps 8 bytes per driver per path, at the
// path's offset, so what it returns does not depend on the worker count.
type Drivers struct {
	plan    *model.Plan
	seed    uint64
	drivers []Driver
	atSteps []int // the steps at which the market dates are read
	slots   pathSlots
	convert []convertInfo // per strategy
}

// convertInfo is what Drivers needs of strategy j: whether it converts
// (and so has drivers), its nominal capex per MW of IT and whether its
// contract is a lease (for months vacant), and the index of its first
// driver.
type convertInfo struct {
	converts     bool
	nominalPerMW float64
	lease        bool
	first        int
}

// NewDrivers returns a Drivers observer for runs of plan with the given
// seed (Config.Seed). It returns an error naming the field if a month of
// spec is not in (0, horizon].
func NewDrivers(plan *model.Plan, seed uint64, spec DriverSpec) (*Drivers, error) {
	d := &Drivers{plan: plan, seed: seed}
	horizon := 12 * plan.HorizonYears()
	months := spec.AtMonths
	if len(months) == 0 {
		for _, m := range []float64{12, 36, 60} {
			if m <= horizon {
				months = append(months, m)
			}
		}
		if len(months) == 0 {
			months = []float64{horizon}
		}
	}
	for i, m := range months {
		if !(m > 0 && m <= horizon) {
			return nil, fmt.Errorf("sim: DriverSpec: atMonths[%d] = %v: must be in (0, %v] (the horizon, months)", i, m, horizon)
		}
		step := int(math.Ceil(m/(12*plan.DtYears()) - 1e-9))
		d.atSteps = append(d.atSteps, min(max(step, 1), plan.Steps()))
	}
	for _, m := range months {
		d.drivers = append(d.drivers, Driver{Name: fmt.Sprintf("BTC price at month %s", fmtMonth(m)), Unit: "USD", Strategy: -1})
	}
	for _, m := range months {
		d.drivers = append(d.drivers, Driver{Name: fmt.Sprintf("hashprice at month %s", fmtMonth(m)), Unit: "USD/PH/s/day", Strategy: -1})
	}
	d.drivers = append(d.drivers,
		Driver{Name: "GPU glut share", Unit: "share of months", Strategy: -1},
		Driver{Name: "mean power price", Unit: "USD/MWh", Strategy: -1})
	d.strategyDrivers()
	d.slots.width = len(d.drivers)
	return d, nil
}

// strategyDrivers adds the drivers of every built-in strategy that
// converts.
func (d *Drivers) strategyDrivers() {
	sc := d.plan.Scenario()
	names := d.plan.StrategyNames()
	d.convert = make([]convertInfo, len(names))
	for j, sp := range sc.Strategies {
		pv := sp.Pivot()
		if !(pv.Share > 0) || pv.NewPolicy == nil {
			continue
		}
		_, lease := pv.Terms.(site.Lease)
		d.convert[j] = convertInfo{converts: true, nominalPerMW: pv.Conversion.CapexUSDPerMWIT, lease: lease, first: len(d.drivers)}
		add := func(what, unit string) {
			d.drivers = append(d.drivers, Driver{Name: names[j] + ": " + what, Unit: unit, Strategy: j})
		}
		add("build months", "months")
		add("capex overrun", "× nominal")
		add("first tenant default", "month (horizon if none)")
		if lease {
			add("months vacant", "months")
		}
	}
}

// useFitted implements fittedPlanUser: the runners' copies of a run whose
// real options Run fits are made from the fitted scenario sc, which has
// the same strategies as the plan d was made for.
func (d *Drivers) useFitted(sc *model.Scenario) error {
	plan, err := model.NewPlan(sc)
	if err != nil {
		return fmt.Errorf("sim: drivers: %w", err)
	}
	if !slices.Equal(plan.StrategyNames(), d.plan.StrategyNames()) {
		return fmt.Errorf("sim: drivers: made for strategies %q, run of %q", d.plan.StrategyNames(), plan.StrategyNames())
	}
	d.plan = plan
	return nil
}

// fmtMonth writes a month count without a needless decimal.
func fmtMonth(m float64) string {
	if m == math.Trunc(m) {
		return fmt.Sprintf("%d", int(m))
	}
	return fmt.Sprintf("%g", m)
}

// List returns the drivers recorded, in order.
func (d *Drivers) List() []Driver { return append([]Driver(nil), d.drivers...) }

// Paths returns the number of paths recorded: 1 + the highest path offset.
func (d *Drivers) Paths() int { return d.slots.count() }

// Values returns driver i (an index of List) on every path recorded, in
// path order.
func (d *Drivers) Values(i int) ([]float64, error) {
	if i < 0 || i >= len(d.drivers) {
		return nil, fmt.Errorf("sim: Drivers.Values(%d): want an index in [0, %d)", i, len(d.drivers))
	}
	return d.slots.column(i), nil
}

// NewPathObserver implements Observer.
func (d *Drivers) NewPathObserver() PathObserver { return newDriversPath(d) }
