package sim

import (
	"math"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/funding"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// fundingStore is the built-in observer of a run whose scenario gives
// strategies a capital structure (model.Scenario.Funding): on every path
// it runs each structure's funding.Ledger over its strategy's project
// flows and stores, at the path's offset, the equity NPV (the sponsors'
// flows discounted at the scenario's rate, as the pricer discounts the
// project's), the levered IRR, the minimum cash and liquidity, the funding gap,
// the dilution, the default step and lenders' loss, the covenant breaches
// by year and the free cash flow of each year. Slots per offset keep the
// statistics independent of the worker count.
type fundingStore struct {
	plan     *model.Plan
	structs  []funding.Structure
	strat    []int // strategy index of each structure
	steps    int
	dt       float64
	perYear  int // steps in a year
	years    int // years of the horizon, ⌈steps/perYear⌉
	irrSteps int

	eq, irr, minCash, minLiq, gap, dilution, loss [][]float64 // [structure][offset]
	defStep                                       [][]int32   // [structure][offset]
	breach                                        [][]uint64  // [structure][offset], bit y: year y+1
	yearFCF                                       [][]float64 // [structure][offset·years+y]
}

// newFundingStore returns the store of plan's capital structures, nil when
// it has none.
func newFundingStore(plan *model.Plan) *fundingStore {
	sc := plan.Scenario()
	if len(sc.Funding) == 0 {
		return nil
	}
	fs := &fundingStore{plan: plan, steps: plan.Steps(), dt: plan.DtYears()}
	fs.perYear = max(1, int(math.Round(1/fs.dt)))
	fs.years = (fs.steps + fs.perYear - 1) / fs.perYear
	fs.irrSteps = irrPeriodSteps(fs.dt)
	for j, name := range plan.StrategyNames() {
		if s, ok := sc.FundingOf(name); ok {
			fs.structs = append(fs.structs, s)
			fs.strat = append(fs.strat, j)
		}
	}
	n := len(fs.structs)
	fs.eq, fs.irr, fs.minCash, fs.minLiq = make([][]float64, n), make([][]float64, n), make([][]float64, n), make([][]float64, n)
	fs.gap, fs.dilution, fs.loss = make([][]float64, n), make([][]float64, n), make([][]float64, n)
	fs.defStep, fs.breach, fs.yearFCF = make([][]int32, n), make([][]uint64, n), make([][]float64, n)
	return fs
}

// grow makes room for n paths.
func (fs *fundingStore) grow(n int) {
	for f := range fs.structs {
		fs.eq[f], fs.irr[f], fs.minCash[f], fs.minLiq[f] = growTo(fs.eq[f], n), growTo(fs.irr[f], n), growTo(fs.minCash[f], n), growTo(fs.minLiq[f], n)
		fs.gap[f], fs.dilution[f], fs.loss[f] = growTo(fs.gap[f], n), growTo(fs.dilution[f], n), growTo(fs.loss[f], n)
		fs.defStep[f], fs.breach[f] = growTo(fs.defStep[f], n), growTo(fs.breach[f], n)
		fs.yearFCF[f] = growTo(fs.yearFCF[f], n*fs.years)
	}
}

// NewPathObserver implements Observer.
func (fs *fundingStore) NewPathObserver() PathObserver {
	n := len(fs.structs)
	po := &fundingPath{fs: fs, ledgers: make([]*funding.Ledger, n), acc: make([]float64, n), irr: make([]irrFlows, n)}
	for f, s := range fs.structs {
		po.ledgers[f] = funding.NewLedger(s, fs.steps, fs.dt)
		po.irr[f] = newIRRFlows(fs.steps)
	}
	return po
}

// fundingPath is a worker's view of the fundingStore: one ledger per
// structure, the equity NPV and IRR flows under way.
type fundingPath struct {
	fs      *fundingStore
	ledgers []*funding.Ledger
	acc     []float64 // equity NPV so far, per structure
	irr     []irrFlows
	off     int
}

// Begin implements PathObserver: every ledger starts the path.
func (po *fundingPath) Begin(p PathInfo, _ *market.State, _ *PathPricer) error {
	po.off = p.Offset
	fs := po.fs
	for f, l := range po.ledgers {
		l.Reset()
		e0 := l.Trace().EquityFlow0USD
		po.acc[f] = e0
		po.irr[f].reset()
		po.irr[f].flows[0] = e0
		if e0 < 0 {
			po.irr[f].inv = 1
		}
		y := fs.yearFCF[f][po.off*fs.years : (po.off+1)*fs.years]
		clear(y)
	}
	return nil
}

// Step implements PathObserver: each ledger books its strategy's flows.
func (po *fundingPath) Step(k int, _ *market.State, flows []site.CashFlow, _ *PathPricer) error {
	fs := po.fs
	y := (k - 1) / fs.perYear
	for f, l := range po.ledgers {
		cf := &flows[fs.strat[f]]
		fcf := cf.FreeCashUSD()
		fl := l.Step(k, fcf, cf.CapexUSD)
		po.acc[f] += fl.EquityUSD * fs.plan.DiscountFactor(k) // as the pricer's
		po.irr[f].add(k, fs.irrSteps, fs.steps, fl.EquityInUSD, fl.EquityUSD)
		fs.yearFCF[f][po.off*fs.years+y] += fcf
	}
	return nil
}

// End implements PathObserver: the path's figures go to their slots.
func (po *fundingPath) End(_ *PathPricer) error {
	fs, off := po.fs, po.off
	periods := (fs.steps + fs.irrSteps - 1) / fs.irrSteps
	for f, l := range po.ledgers {
		tr := l.Trace()
		fs.eq[f][off] = po.acc[f]
		fs.irr[f][off] = po.irr[f].irr(periods, 1/(fs.dt*float64(fs.irrSteps)))
		fs.minCash[f][off] = tr.MinCashUSD
		fs.minLiq[f][off] = tr.MinLiquidityUSD
		fs.gap[f][off] = tr.GapUSD
		fs.dilution[f][off] = tr.DilutionUSD
		fs.loss[f][off] = tr.LenderLossUSD
		fs.defStep[f][off] = int32(tr.DefaultStep)
		fs.breach[f][off] = tr.BreachYears
	}
	return nil
}

// FundingMemory returns the heap, in bytes, that the capital structures of
// plan's scenario add to a Run with cfg (beyond RunMemory): per path and
// structure, seven float64 figures, the default step (4 bytes), the
// breaches (8) and one float64 of free cash flow per year of the horizon;
// in target mode 3.5 times that, as RunMemory counts growing slices. 0
// without a capital structure.
func FundingMemory(plan *model.Plan, cfg Config) int64 {
	funded := int64(len(plan.Scenario().Funding))
	if funded == 0 {
		return 0
	}
	cfg = cfg.resolved()
	n := int64(max(cfg.maxPaths(), 0))
	perYear := max(1, int64(math.Round(1/plan.DtYears())))
	years := (int64(plan.Steps()) + perYear - 1) / perYear
	b := funded * n * (7*8 + 4 + 8 + 8*years)
	if cfg.TargetStdErrUSD > 0 {
		b = b * 7 / 2
	}
	return b
}
