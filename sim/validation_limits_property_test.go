package sim

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// limitsScenario is the default scenario with every part a limit can
// reach: a scheduled price shock, a phased hybrid whose conversion and
// lease are spelt out, and a full GPU cloud whose terms are. It steps
// quarterly, for time: every market process steps exactly for any step
// length, so the limits act over the horizon as they do monthly
// (coupledLimits and the random combinations step monthly too).
func limitsScenario() model.Scenario {
	sc := model.DefaultScenario()
	sc.Finance.StepMonths = 3
	sc.Market.BTCPrice.Shocks = []market.PriceShock{{TimeYears: 0.5, LogSize: math.Log(0.5)}}
	conv := site.DefaultConversion()
	h := model.Hybrid(0.5, 6, site.DefaultLease())
	h.Conversion = &conv
	g := model.FullAI(0, site.DefaultGPUCloud())
	sc.Strategies = []model.StrategySpec{model.PureMining(), h, g}
	return sc
}

// priceVariants give the BTC price's Kou and regime parameters a model
// that reads them.
var priceVariants = map[string]func(p *market.PriceModel){
	"kou": func(p *market.PriceModel) {
		p.Model, p.UpProb, p.UpMeanLog, p.DownMeanLog = market.PriceKou, 0.4, 0.08, 0.1
	},
	"regime": func(p *market.PriceModel) {
		p.Model, p.StartRegime = market.PriceRegime, 1
		p.RegimeDriftsPerYear, p.RegimeVolsPerYear = []float64{0.3, 0, -0.5}, []float64{0.4, 0.6, 1.1}
		p.RegimeGeneratorPerYear = [][]float64{{-1, 0.7, 0.3}, {0.5, -1, 0.5}, {1, 1, -2}}
	},
}

// leaf is a settable number in a scenario, with its JSON path. A number
// of a strategy's contract terms (a value held in an interface) is set in
// a copy of the terms, which commit stores back.
type leaf struct {
	path   string
	v      reflect.Value
	commit func()
}

// leaves lists the numeric fields of v (floats and integers, inside
// slices and the strategies' pointers too) by JSON path.
func leaves(v reflect.Value, path string) []leaf {
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return leaves(v.Elem(), path)
	case reflect.Struct:
		var out []leaf
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if sf.Type == reflect.TypeFor[site.ContractTerms]() {
				out = append(out, termsLeaves(v.Field(i), path)...)
				continue
			}
			if name == "-" || !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			out = append(out, leaves(v.Field(i), join(name))...)
		}
		return out
	case reflect.Slice, reflect.Array:
		var out []leaf
		for i := range v.Len() {
			out = append(out, leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Float64, reflect.Int, reflect.Int64:
		return []leaf{{path: path, v: v}}
	}
	return nil
}

// termsLeaves lists the numbers of the contract terms held in the
// interface value iface, under the terms' JSON key ("lease" or
// "gpuCloud"), each committing a copy of the terms back into iface.
func termsLeaves(iface reflect.Value, path string) []leaf {
	if iface.IsNil() {
		return nil
	}
	key := "lease"
	if iface.Interface().(site.ContractTerms).Business() == "gpuCloud" {
		key = "gpuCloud"
	}
	cp := reflect.New(iface.Elem().Type()).Elem()
	cp.Set(iface.Elem())
	out := leaves(cp, path+"."+key)
	for i := range out {
		out[i].commit = func() { iface.Set(cp) }
	}
	return out
}

func (l leaf) get() float64 {
	if l.v.Kind() == reflect.Float64 {
		return l.v.Float()
	}
	return float64(l.v.Int())
}

func (l leaf) set(x float64) {
	if l.v.Kind() == reflect.Float64 {
		l.v.SetFloat(x)
	} else {
		l.v.SetInt(int64(x))
	}
	if l.commit != nil {
		l.commit()
	}
}

// leafAt returns the leaf of sc at path.
func leafAt(sc *model.Scenario, path string) leaf {
	for _, l := range leaves(reflect.ValueOf(sc), "") {
		if l.path == path {
			return l
		}
	}
	panic("no leaf " + path)
}

// isLimitError reports whether e is one of the market combination errors
// of model.Scenario.Validate (not a field outside its own range).
func isLimitError(e error) bool {
	var fe *valid.FieldError
	return errors.As(e, &fe) && strings.HasPrefix(fe.Want, "a combination under which")
}

// flatten expands errors.Join trees into their leaves.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// inRange reports whether every field of sc is inside its own documented
// range (Validate finds nothing, or only combination errors).
func inRange(sc *model.Scenario) bool {
	err := sc.Validate()
	if err == nil {
		return true
	}
	for _, e := range flatten(err) {
		if !isLimitError(e) {
			return false
		}
	}
	return true
}

// fieldLimit returns the documented limit of the field at path in the
// direction dir (+1: the upper limit, −1: the lower), found from its
// value in sc by Validate alone: doubling steps until the field leaves its
// range, then 64 bisections back to the last value inside it (an open end
// at 0 gives a value within 1e-19 of it). A field without a limit that way
// gives the last value tried (1e30 away). The horizon and the step are
// bound to each other (a whole number of steps) and do not move this way;
// coupledLimits sets them. sc is restored.
func fieldLimit(sc *model.Scenario, path string, dir float64) float64 {
	l := leafAt(sc, path)
	v0 := l.get()
	defer l.set(v0)
	isInt := l.v.Kind() != reflect.Float64
	in := func(x float64) bool { l.set(x); return inRange(sc) }
	step := 1e-3 * math.Max(1, math.Abs(v0))
	if isInt {
		step = 1
	}
	good, bad := v0, math.NaN()
	for range 120 {
		x := v0 + dir*step
		if math.Abs(x-v0) > 1e30 || isInt && math.Abs(x) > 1<<53 {
			return good
		}
		if !in(x) {
			bad = x
			break
		}
		good, step = x, 2*step
	}
	for range 64 {
		mid := good + (bad-good)/2
		if isInt {
			mid = math.Trunc(mid)
		}
		if mid == good || mid == bad {
			break
		}
		if in(mid) {
			good = mid
		} else {
			bad = mid
		}
	}
	return good
}

// variantScenario returns limitsScenario with the named price variant
// ("" for none).
func variantScenario(variant string) model.Scenario {
	sc := limitsScenario()
	if set := priceVariants[variant]; set != nil {
		set(&sc.Market.BTCPrice)
	}
	return sc
}

// limitCase is one scenario of the property test: a variant with fields
// set to values inside their own ranges.
type limitCase struct {
	variant string
	set     map[string]float64
}

func (c limitCase) String() string {
	var b strings.Builder
	b.WriteString(c.variant)
	for _, p := range slices.Sorted(maps.Keys(c.set)) {
		fmt.Fprintf(&b, " %s=%g", p, c.set[p])
	}
	return b.String()
}

// fieldLimits returns, for each numeric field of the variant's scenario
// (only market.btcPrice's for the price variants), its lower and upper
// documented limits reached from its value.
func fieldLimits(variant string) map[string][2]float64 {
	sc := variantScenario(variant)
	out := map[string][2]float64{}
	for _, l := range leaves(reflect.ValueOf(&sc), "") {
		if variant != "" && !strings.HasPrefix(l.path, "market.btcPrice.") {
			continue
		}
		out[l.path] = [2]float64{fieldLimit(&sc, l.path, -1), fieldLimit(&sc, l.path, 1)}
	}
	return out
}

// NPVPerMWYearBound bounds a plausible NPV per MW of grid connection and
// year of horizon, in USD: what the validated bounds allow the most
// productive site (1 J/TH, so 1,000 PH/s per MW) when the network sits at
// its lowest hashrate (1e-6 EH/s) and a block pays market.MaxBlockRewardUSD,
// at five times the target block rate: 720 blocks a day × 1e19 USD ÷ 1e-3
// PH/s × 1,000 PH/s × 365.25 days ≈ 2.6e30 USD, rounded up. Every other
// business is bounded far below it (GPU rent at e^40 times 1,000 USD with
// 10,000 GPUs per MW: 2e28).
const NPVPerMWYearBound = 1e31

// checkLimitCase validates the case's scenario and, when Validate accepts
// it, runs it: the run must succeed with every figure finite and every
// NPV within NPVPerMWYearBound. It returns "rejected", "skipped" (more
// than maxSteps steps, for time) or "ran".
func checkLimitCase(t *testing.T, c limitCase) string {
	t.Helper()
	sc := variantScenario(c.variant)
	for p, v := range c.set {
		leafAt(&sc, p).set(v)
	}
	if err := sc.Validate(); err != nil {
		for _, e := range flatten(err) {
			if !isLimitError(e) {
				t.Fatalf("%v: a field outside its range: %v", c, err)
			}
		}
		return "rejected"
	}
	const maxSteps = 1300
	if sc.Finance.Steps() > maxSteps {
		return "skipped"
	}
	res, err := Run(context.Background(), &sc, Config{Paths: MinSummaryPaths, Seed: 7, Workers: 2, BandPaths: 64})
	if err != nil {
		t.Errorf("%v: Validate accepted it, Run failed: %v", c, err)
		return "ran"
	}
	bad := func(path string, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%v: %s = %g", c, path, v)
		}
	}
	floats(reflect.ValueOf(res.Strategies), "strategies", bad)
	floats(reflect.ValueOf(res.Comparisons), "comparisons", bad)
	floats(reflect.ValueOf(res.Bands), "bands", bad)
	bound := NPVPerMWYearBound * sc.Facility.GridMW * sc.Finance.HorizonYears
	for j, npv := range res.NPV {
		for i, v := range npv {
			if !(math.Abs(v) <= bound) {
				t.Errorf("%v: NPV[%d][%d] = %g beyond %g", c, j, i, v, bound)
				return "ran"
			}
		}
	}
	return "ran"
}

// floats calls f on every float64 reachable from v (except IRR samples,
// which may be NaN by definition), with its path.
func floats(v reflect.Value, path string, f func(string, float64)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			floats(v.Elem(), path, f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				floats(v.Field(i), path+"."+v.Type().Field(i).Name, f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			floats(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.Float64:
		f(path, v.Float())
	}
}

// Every scenario Validate accepts runs to finite, plausible figures. The
// scenarios: every numeric field of limitsScenario (and the BTC price's
// fields under a Kou and a regime model) at each of its documented limits
// in turn, the limits found from Validate itself; the horizon and step
// limits (coupledLimits); and random combinations (seeded) of a tenth of
// the fields at a limit or between, half of them over a horizon of up to
// a century. Each either fails Validate with combination errors only
// (model.Scenario.Validate's market limits) or runs 368 paths with bands
// to finite figures whose NPVs stay within NPVPerMWYearBound per MW and
// year. Scenarios of more than 1,300 steps are validated but not run, for
// time (TestExtremeInputs runs daily steps over years); -short runs a third
// of the single limits and fewer combinations.
func TestValidatedLimitsRunFinite(t *testing.T) {
	counts := map[string]int{}
	base := fieldLimits("")
	for _, variant := range []string{"", "kou", "regime"} {
		lims := base
		if variant != "" {
			lims = fieldLimits(variant)
		}
		sc := variantScenario(variant)
		k := 0
		for _, l := range leaves(reflect.ValueOf(&sc), "") {
			lim, ok := lims[l.path]
			if !ok {
				continue
			}
			for _, x := range lim {
				if x == l.get() {
					continue
				}
				if k++; testing.Short() && k%3 != 0 {
					continue
				}
				counts[checkLimitCase(t, limitCase{variant, map[string]float64{l.path: x}})]++
			}
		}
	}
	for _, set := range coupledLimits {
		counts[checkLimitCase(t, limitCase{"", set})]++
	}
	t.Logf("single limits: %v", counts)

	n := 40
	if testing.Short() {
		n = 12
	}
	r := rand.New(rand.NewPCG(2026, 6))
	var paths []string
	sc := limitsScenario()
	for _, l := range leaves(reflect.ValueOf(&sc), "") {
		paths = append(paths, l.path)
	}
	combos := map[string]int{}
	for range n {
		c := randomLimitCase(r, paths, base)
		combos[checkLimitCase(t, c)]++
	}
	t.Logf("random combinations: %v", combos)
	if combos["ran"] < n/4 || combos["rejected"] == 0 {
		t.Errorf("random combinations %v: too few ran or none was rejected, the test proves little", combos)
	}
}

// coupledLimits are the limits of the horizon and the step, which must
// move together: a century in months and in years, ten years in months,
// one month, and daily steps over a year; and a GPU rent floor of 0 (two
// fields at their lower limits) under the fastest decay for a century.
var coupledLimits = []map[string]float64{
	{"market.gpu.floor.powerUSDPerMWh": 0, "market.gpu.floor.cashOpexUSDPerGPUHour": 0, "market.gpu.generationDecayPerYear": 5,
		"finance.horizonYears": 100, "finance.stepMonths": 1},
	{"finance.horizonYears": 100, "finance.stepMonths": 1},
	{"finance.horizonYears": 100, "finance.stepMonths": 12},
	{"finance.stepMonths": 1},
	{"finance.horizonYears": 1.0 / 12, "finance.stepMonths": 1},
	{"finance.horizonYears": 1, "finance.stepMonths": 12.0 / 365},
}

// randomLimitCase draws a combination whose every field is in its range:
// each field, with probability 0.1, at its lower or upper limit or
// uniformly between (log-uniformly when the limits span more than a factor
// of 100 on one side of 0), and, with probability 1/2, a horizon of 1, 5,
// 30, 60 or 100 years in steps of 1, 3 or 12 months.
func randomLimitCase(r *rand.Rand, paths []string, lims map[string][2]float64) limitCase {
	for {
		c := limitCase{set: map[string]float64{}}
		if r.IntN(2) == 0 {
			c.set["finance.horizonYears"] = []float64{1, 5, 30, 60, 100}[r.IntN(5)]
			c.set["finance.stepMonths"] = []float64{1, 3, 12}[r.IntN(3)]
		}
		for _, p := range paths {
			if r.Float64() >= 0.1 || strings.HasPrefix(p, "finance.horizonYears") || strings.HasPrefix(p, "finance.stepMonths") {
				continue
			}
			lo, hi := lims[p][0], lims[p][1]
			if lo == hi {
				continue
			}
			switch r.IntN(3) {
			case 0:
				c.set[p] = lo
			case 1:
				c.set[p] = hi
			default:
				if lo > 0 && hi > 100*lo {
					c.set[p] = math.Exp(math.Log(lo) + r.Float64()*(math.Log(hi)-math.Log(lo)))
				} else {
					c.set[p] = lo + r.Float64()*(hi-lo)
				}
			}
		}
		sc := limitsScenario()
		for p, v := range c.set {
			leafAt(&sc, p).set(v)
		}
		if inRange(&sc) {
			return c
		}
	}
}
