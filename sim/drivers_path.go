package sim

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// driversPath records one path's drivers for a Drivers observer, stepping
// copies of the strategies' runners beside the run's.
type driversPath struct {
	d       *Drivers
	err     error // from making the runners
	runners []site.Runner
	rands   []*dist.Rand
	sub     uint64 // the strategies' substream of the run's seed
	months  float64
	cf      site.CashFlow
	off     int
	row     []float64
	glut    int
	power   float64
	steps   int
	vacant  []float64         // per strategy: months vacant, summed over parcels
	first   []float64         // per strategy: month of the first default, NaN if none
	grid    *model.GridSource // the site coupling's shed calls (nil: off)
}

// newDriversPath returns the PathObserver of one worker.
func newDriversPath(d *Drivers) *driversPath {
	env := d.plan.Env()
	env.Curtail = nil // the miners compute curtailment themselves, with the same result
	grid := d.plan.NewGridSource()
	if grid != nil {
		env.Grid = grid.Calls()
	}
	sc := d.plan.Scenario()
	var strategies []site.Strategy
	for _, sp := range sc.Strategies {
		strategies = append(strategies, sp)
	}
	strategies = append(strategies, sc.Custom...)
	p := &driversPath{d: d, sub: dist.Substream(d.seed, 1), months: 12 * env.DtYears, row: make([]float64, len(d.drivers)),
		vacant: make([]float64, len(strategies)), first: make([]float64, len(strategies)), grid: grid}
	for _, st := range strategies {
		r, err := st.NewRunner(env)
		if err != nil && p.err == nil {
			p.err = fmt.Errorf("sim: drivers: strategy %q: %w", st.Name(), err)
		}
		p.runners = append(p.runners, r)
		p.rands = append(p.rands, dist.New(0, 0))
	}
	return p
}

// Begin implements PathObserver: the runners' copies start the path as
// model.Simulator.Reset starts the run's.
func (p *driversPath) Begin(info PathInfo, s *market.State, _ *PathPricer) error {
	if p.err != nil {
		return p.err
	}
	path := info.Index
	if info.Mirror {
		path--
	}
	if p.grid != nil {
		p.grid.Reset(p.d.seed, path, info.Mirror)
	}
	for j, r := range p.rands {
		r.Reset(p.sub, path)
		r.SetMirror(info.Mirror)
		p.runners[j].Reset(s, r)
	}
	p.off = info.Offset
	p.glut, p.power, p.steps = 0, 0, 0
	clear(p.vacant)
	for j := range p.first {
		p.first[j] = math.NaN()
	}
	return nil
}

// Step implements PathObserver.
func (p *driversPath) Step(k int, s *market.State, flows []site.CashFlow, _ *PathPricer) error {
	if p.grid != nil {
		p.grid.Draw()
	}
	for j, r := range p.runners {
		p.cf = site.CashFlow{}
		r.Step(s, p.rands[j], &p.cf)
		if !sameBooks(&p.cf, &flows[j]) {
			return fmt.Errorf("sim: drivers: strategy %d's books at step %d differ from the run's: the Drivers observer was made with another seed than the run's (NewDrivers), or the strategy is not a function of its stream and the market", j, k)
		}
		if p.d.convert[j].converts {
			p.watch(j, s)
		}
	}
	for i, at := range p.d.atSteps {
		if at == k {
			n := len(p.d.atSteps)
			p.row[i], p.row[n+i] = s.BTCPriceUSD, s.HashpriceUSDPerPHDay
		}
	}
	if s.GPURegime == market.GPUGlut {
		p.glut++
	}
	p.power += s.PowerUSDPerMWh
	p.steps++
	return nil
}

// sameBooks reports whether a, a runner's books before tax, equals b, the
// run's books of the step, apart from the tax.
func sameBooks(a, b *site.CashFlow) bool {
	t := *b
	t.TaxUSD = a.TaxUSD
	return *a == t
}

// watch updates strategy j's first default and months vacant after a step.
func (p *driversPath) watch(j int, s *market.State) {
	pr, ok := p.runners[j].(*site.PivotRunner)
	if !ok {
		return
	}
	parcels := pr.Parcels()
	for i := range parcels {
		pc := &parcels[i]
		if !pc.Converts() {
			continue
		}
		if c, ok := pc.Contract.(interface {
			Defaults() int
			LastDefaultYears() float64
		}); ok && c.Defaults() > 0 && math.IsNaN(p.first[j]) {
			p.first[j] = 12 * c.LastDefaultYears()
		}
		if l, ok := pc.Contract.(*site.LeaseContract); ok && pc.Build.ReadyYears() < s.TimeYears && !l.Leased() {
			p.vacant[j] += p.months
		}
	}
}

// End implements PathObserver: the path's row, at its offset.
func (p *driversPath) End(*PathPricer) error {
	n := len(p.d.atSteps)
	p.row[2*n] = float64(p.glut) / float64(max(p.steps, 1))
	p.row[2*n+1] = p.power / float64(max(p.steps, 1))
	horizon := 12 * p.d.plan.HorizonYears()
	for j, ci := range p.d.convert {
		if !ci.converts {
			continue
		}
		pr, ok := p.runners[j].(*site.PivotRunner)
		if !ok {
			continue
		}
		var parcels, build, overrun float64
		for i := range pr.Parcels() {
			pc := &pr.Parcels()[i]
			if !pc.Converts() {
				continue
			}
			parcels++
			build += 12 * pc.Build.BuildYears()
			overrun += pc.Build.CapexUSD() / (pc.Build.ITMW() * ci.nominalPerMW)
		}
		parcels = max(parcels, 1)
		first := p.first[j]
		if math.IsNaN(first) {
			first = horizon
		}
		row := p.row[ci.first:]
		row[0], row[1], row[2] = build/parcels, overrun/parcels, first
		if ci.lease {
			row[3] = p.vacant[j] / parcels
		}
	}
	p.d.slots.put(p.off, p.row)
	return nil
}
