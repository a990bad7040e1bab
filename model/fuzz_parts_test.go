package model

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// kouScenario is fullScenario with a Kou price model, whose parameters
// FuzzScenarioValidate leaves alone (its scenario uses Merton's).
func kouScenario() Scenario {
	sc := fullScenario()
	p := &sc.Market.BTCPrice
	p.Model, p.JumpMeanLog, p.JumpSDLog = market.PriceKou, 0, 0
	p.UpProb, p.UpMeanLog, p.DownMeanLog = 0.4, 0.08, 0.1
	return sc
}

// regimeScenario is fullScenario with a three-regime price model.
func regimeScenario() Scenario {
	sc := fullScenario()
	p := &sc.Market.BTCPrice
	p.Model, p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog = market.PriceRegime, 0, 0, 0
	p.RegimeDriftsPerYear = []float64{0.3, 0, -0.5}
	p.RegimeVolsPerYear = []float64{0.4, 0.6, 1.1}
	p.RegimeGeneratorPerYear = [][]float64{{-1, 0.7, 0.3}, {0.5, -1, 0.5}, {1, 1, -2}}
	p.StartRegime = 1
	return sc
}

// matrixScenario is fullScenario with its correlation given as a matrix.
func matrixScenario() Scenario {
	sc := fullScenario()
	m := sc.Market.Correlation.CorrelationMatrix()
	rows := make([][]float64, market.NumShocks)
	for i := range rows {
		rows[i] = slices.Clone(m[i][:])
	}
	sc.Market.Correlation = market.CorrelationParams{Matrix: rows}
	return sc
}

// FuzzModelParts reaches the parts of model that FuzzScenarioValidate does
// not: the Kou and regime price models' parameters (which, 0 and 1: one
// numeric field of market.btcPrice set to v), a correlation given as a
// matrix (2: entry idx set to v, and its mirror to w), the market's own
// step length (3: NewMarket with dtYears v), the size checks of the
// building blocks (4: NewMiner, NewMiningParcel, NewBuild,
// NewLeaseContract, NewGPUCloudContract and NewConvertingParcel with sizes v and
// w) and the tornado's input ranges (5: InputRange idx with low v and high
// w, then Set to each on a copy of the scenario). Nothing may panic;
// everything either names the bad field in its error or gives a scenario,
// market or block that steps to finite numbers.
func FuzzModelParts(f *testing.F) {
	for which := range uint8(6) {
		for idx := range uint16(12) {
			f.Add(which, idx, 0.5, 0.25)
		}
		f.Add(which, uint16(0), math.NaN(), 1.0)
		f.Add(which, uint16(1), math.Inf(1), math.Inf(-1))
		f.Add(which, uint16(2), -1.0, 1e308)
		f.Add(which, uint16(3), 5e-324, 0.0)
	}
	f.Fuzz(func(t *testing.T, which uint8, idx uint16, v, w float64) {
		switch which % 6 {
		case 0, 1:
			sc := kouScenario()
			if which%6 == 1 {
				sc = regimeScenario()
			}
			leaves := numericLeaves(reflect.ValueOf(&sc.Market.BTCPrice), "market.btcPrice")
			leaf := leaves[int(idx)%len(leaves)]
			setLeaf(leaf, v)
			checkScenarioLeaf(t, &sc, leaf.path, v, leaf.v.Kind() == reflect.Float64)
		case 2:
			sc := matrixScenario()
			i, j := int(idx)%market.NumShocks, int(idx/market.NumShocks)%market.NumShocks
			sc.Market.Correlation.Matrix[i][j] = v
			if i != j && w >= 0 {
				sc.Market.Correlation.Matrix[j][i] = v
			}
			checkScenarioLeaf(t, &sc, "market.correlation.matrix", v, true)
		case 3:
			m, err := market.NewMarket(market.DefaultMarketParams(), v)
			if err != nil {
				if !strings.Contains(err.Error(), "dt") {
					t.Fatalf("NewMarket(dt %g): error %q does not name the step", v, err)
				}
				return
			}
			if !(v > 0 && v <= 1) {
				t.Fatalf("NewMarket accepted dt = %g", v)
			}
			steps := min(int(math.Ceil(2/v)), 2000)
			checkMarketSteps(t, m, steps)
		case 4:
			checkBlockSizes(t, int(idx), v, w)
		case 5:
			checkInputRange(t, int(idx), v, w)
		}
	})
}

// setLeaf sets a numeric leaf to v (integers to v truncated, when it fits).
func setLeaf(leaf numericLeaf, v float64) {
	if leaf.v.Kind() == reflect.Float64 {
		leaf.setFloat(v)
		return
	}
	if math.Abs(v) < 1<<62 {
		leaf.setInt(int64(v))
	}
}

// checkScenarioLeaf checks sc after the field at path was set to v: an
// error must name the field, the object holding it or a sibling (the
// parameter it is checked against); an accepted scenario must be accepted
// by NewPlan and book finite cash flows on a path. A NaN or infinite float
// must not be accepted.
func checkScenarioLeaf(t *testing.T, sc *Scenario, path string, v float64, isFloat bool) {
	t.Helper()
	if err := sc.Validate(); err != nil {
		parent := path[:max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['), 0)]
		for _, e := range flattenErrors(err) {
			field, _ := fieldOf(e)
			if strings.HasPrefix(field, path) || strings.HasPrefix(field, parent) || namesLimit(e, path) {
				return
			}
		}
		t.Fatalf("%s = %g: error does not name the field:\n%v", path, v, err)
	}
	if isFloat && (math.IsNaN(v) || math.IsInf(v, 0)) {
		t.Fatalf("%s = %g accepted", path, v)
	}
	p, err := NewPlan(sc)
	if err != nil {
		t.Fatalf("%s = %g: Validate accepted, NewPlan did not: %v", path, v, err)
	}
	checkPathFinite(t, p, path, v)
}

// checkPathFinite runs path 0 of p and fails on a cash flow or market
// figure that is not finite.
func checkPathFinite(t *testing.T, p *Plan, what string, v float64) {
	t.Helper()
	x, err := p.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	x.Reset(1, 0, false)
	for range p.Steps() {
		s, cfs := x.Step()
		for _, q := range []float64{s.BTCPriceUSD, s.HashrateEHs, s.Difficulty, s.PowerUSDPerMWh, s.GPURentUSDPerHour} {
			if math.IsNaN(q) || math.IsInf(q, 0) {
				t.Fatalf("%s = %g: state %+v at step %d", what, v, *s, s.Step)
			}
		}
		for i, cf := range cfs {
			if c := cf.FreeCashUSD(); math.IsNaN(c) || math.IsInf(c, 0) {
				t.Fatalf("%s = %g: strategy %d books %+v at step %d", what, v, i, cf, s.Step)
			}
		}
	}
}

// checkMarketSteps steps m from its start and fails on a state figure
// that is not finite.
func checkMarketSteps(t *testing.T, m *market.Market, steps int) {
	t.Helper()
	r := dist.New(1, 0)
	s := m.Start()
	for range steps {
		m.Step(&s, r)
		for _, q := range []float64{s.BTCPriceUSD, s.HashrateEHs, s.Difficulty, s.PowerUSDPerMWh, s.GPURentUSDPerHour, s.HashpriceUSDPerPHDay} {
			if math.IsNaN(q) || math.IsInf(q, 0) {
				t.Fatalf("dt %g: state %+v at step %d", m.DtYears(), s, s.Step)
			}
		}
	}
}

// checkBlockSizes calls the block constructors with sizes v and w: a size
// that is negative or not finite must be refused with an error; any
// accepted block must hold that size.
func checkBlockSizes(t *testing.T, which int, v, w float64) {
	t.Helper()
	bad := func(x float64) bool { return !(x >= 0) || math.IsInf(x, 1) }
	var err error
	var name string
	sizes := []float64{v}
	switch which % 6 {
	case 0:
		name = "NewMiner"
		_, err = site.NewMiner(site.DefaultFacility(), v)
	case 1:
		name = "NewMiningParcel"
		_, err = site.NewMiningParcel(site.DefaultFacility(), v)
	case 2:
		name = "NewBuild"
		_, err = site.NewBuild(site.DefaultConversion(), v)
	case 3:
		name = "NewLeaseContract"
		_, err = site.NewLeaseContract(site.DefaultLease(), v)
	case 4:
		name, sizes = "NewGPUCloudContract", []float64{v, w}
		_, err = site.NewGPUCloudContract(site.DefaultGPUCloud(), v, w)
	case 5:
		name = "NewConvertingParcel"
		var terms site.ContractTerms = site.DefaultLease()
		if int(math.Abs(w))%2 != 0 {
			terms = site.DefaultGPUCloud()
		}
		_, err = site.NewConvertingParcel(site.DefaultFacility(), v, terms, site.DefaultConversion())
	}
	anyBad := slices.ContainsFunc(sizes, bad)
	switch {
	case err != nil && err.Error() == "":
		t.Fatalf("%s(%v): empty error", name, sizes)
	case err == nil && anyBad:
		t.Fatalf("%s(%v): accepted", name, sizes)
	case err != nil && !anyBad && !strings.Contains(err.Error(), "MW") && !strings.Contains(err.Error(), "mw"):
		t.Fatalf("%s(%v): error %q names no size", name, sizes, err)
	}
}

// checkInputRange sets the bounds of tornado input idx of the default
// scenario to lo and hi. InputRange.Validate must refuse bounds that are
// not finite or out of order, naming the input; valid bounds Set on a copy
// of the scenario leave the original as it was, and the moved scenario
// either validates or Validate names the input's field.
func checkInputRange(t *testing.T, idx int, lo, hi float64) {
	t.Helper()
	sc := DefaultScenario()
	ins := TornadoInputs(sc)
	in := ins[idx%len(ins)]
	in.Low, in.High = lo, hi
	err := in.Validate()
	finite := !math.IsNaN(lo) && !math.IsInf(lo, 0) && !math.IsNaN(hi) && !math.IsInf(hi, 0)
	if err != nil {
		if !strings.Contains(err.Error(), in.Name) {
			t.Fatalf("input %q [%g, %g]: error %q does not name it", in.Name, lo, hi, err)
		}
		if finite && lo <= hi {
			t.Fatalf("input %q [%g, %g]: refused: %v", in.Name, lo, hi, err)
		}
		return
	}
	if !finite || lo > hi {
		t.Fatalf("input %q [%g, %g]: accepted", in.Name, lo, hi)
	}
	field := strings.TrimSuffix(in.Field, ".mean")
	field = strings.ReplaceAll(field, "[*]", "[")
	field, _, _ = strings.Cut(field, "[")
	for _, v := range []float64{lo, hi} {
		moved := sc
		in.Set(&moved, v)
		if !reflect.DeepEqual(sc, DefaultScenario()) {
			t.Fatalf("input %q: Set(%g) on a copy changed the original", in.Name, v)
		}
		err := moved.Validate()
		if err == nil {
			continue
		}
		// The error names the input's field, or another field its Set
		// moved with it (the power price's start with its level).
		changed := []string{field}
		before := numericLeaves(reflect.ValueOf(&sc), "")
		for i, l := range numericLeaves(reflect.ValueOf(&moved), "") {
			if i < len(before) && l.path == before[i].path && !reflect.DeepEqual(l.v.Interface(), before[i].v.Interface()) {
				changed = append(changed, l.path)
			}
		}
		for _, e := range flattenErrors(err) {
			f, _ := fieldOf(e)
			if !slices.ContainsFunc(changed, func(c string) bool { return strings.HasPrefix(f, c) || strings.HasPrefix(c, f) }) {
				t.Fatalf("input %q (%s) = %g: Validate names %q, which Set did not change (%v):\n%v", in.Name, in.Field, v, f, changed, err)
			}
		}
	}
}
